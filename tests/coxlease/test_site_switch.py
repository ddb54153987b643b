import pytest
from django.urls import reverse

from ..factories import ChildFactory, MembershipFactory


def test_switching_site_changes_the_children_listed(client, people, child, other_site):
    MembershipFactory(user=people.staff, site=other_site)
    ChildFactory(site=other_site, legal_first_name="Tyler", legal_last_name="Jones")
    client.force_login(people.staff)
    response = client.post(reverse("site-switch", args=[other_site.pk]), {"next": "/children/"})
    assert response.url == "/children/"
    page = client.get(reverse("contacts:child-list")).content.decode()
    assert "Tyler Jones" in page and "Daniel Hughes" not in page


def test_cannot_switch_to_a_site_you_do_not_belong_to(client, people, other_site):
    client.force_login(people.staff)
    assert client.post(reverse("site-switch", args=[other_site.pk])).status_code == 404


def test_next_must_stay_on_this_site(client, people, site):
    client.force_login(people.staff)
    response = client.post(
        reverse("site-switch", args=[site.pk]), {"next": "https://evil.example.com/"}
    )
    assert response.url == reverse("monitoring:home")


@pytest.mark.parametrize("next_url", ["45", "children", "home"])
def test_a_next_that_is_not_a_path_goes_home(client, people, site, next_url):
    client.force_login(people.staff)
    response = client.post(reverse("site-switch", args=[site.pk]), {"next": next_url})
    assert response.url == reverse("monitoring:home")


def test_someone_with_no_site_is_told_so(client, db):
    from ..factories import UserFactory

    client.force_login(UserFactory())
    assert (
        "You do not belong to any site yet"
        in client.get(reverse("monitoring:home")).content.decode()
    )
    assert client.get(reverse("contacts:child-list")).status_code == 404
