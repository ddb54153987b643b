from django.urls import reverse

from contacts.models import AuthorisedCollector

from ..factories import RelationshipFactory


def _collector_form(person, **overrides):
    data = {
        "person": person.pk,
        "may_collect": "on",
        "may_drop_off": "on",
        "valid_from": "2026-09-01",
        "password_word": "bluebird",
    }
    data.update(overrides)
    return data


def test_manager_authorises_a_collector(client, people, child):
    grandma = RelationshipFactory(child=child, person__full_name="Joan Hughes").person
    client.force_login(people.manager)
    client.post(reverse("contacts:collector-add", args=[child.pk]), _collector_form(grandma))
    collector = AuthorisedCollector.objects.get()
    assert collector.password_word == "bluebird"
    page = client.get(child.get_absolute_url()).content.decode()
    assert "Joan Hughes" in page and "collect and drop off" in page


def test_valid_dates_in_the_wrong_order_are_refused(client, people, child):
    grandma = RelationshipFactory(child=child).person
    client.force_login(people.manager)
    response = client.post(
        reverse("contacts:collector-add", args=[child.pk]),
        _collector_form(grandma, valid_to="2026-08-01"),
    )
    assert "&#x27;Valid to&#x27; cannot be before &#x27;valid from&#x27;." in (
        response.content.decode()
    )
    assert not AuthorisedCollector.objects.exists()


def test_a_collector_must_be_allowed_to_do_something(client, people, child):
    grandma = RelationshipFactory(child=child).person
    client.force_login(people.manager)
    data = _collector_form(grandma)
    del data["may_collect"], data["may_drop_off"]
    response = client.post(reverse("contacts:collector-add", args=[child.pk]), data)
    assert "Tick &#x27;may collect&#x27;, &#x27;may drop off&#x27;, or both." in (
        response.content.decode()
    )
    assert not AuthorisedCollector.objects.exists()


def test_staff_cannot_authorise(client, people, child):
    grandma = RelationshipFactory(child=child).person
    client.force_login(people.staff)
    response = client.post(
        reverse("contacts:collector-add", args=[child.pk]), _collector_form(grandma)
    )
    assert response.status_code == 403
    assert not AuthorisedCollector.objects.exists()


def test_a_second_record_for_the_same_collector_is_refused(client, people, child):
    grandma = RelationshipFactory(child=child).person
    client.force_login(people.manager)
    url = reverse("contacts:collector-add", args=[child.pk])
    client.post(url, _collector_form(grandma))
    response = client.post(url, _collector_form(grandma, password_word=""))
    assert "This person is already an authorised collector" in response.content.decode()
    assert AuthorisedCollector.objects.get().password_word == "bluebird"
