from django.urls import reverse

from contacts.models import Person, Relationship

from ..factories import ChildFactory, PersonFactory, RelationshipFactory


def test_manager_adds_a_significant_person(client, people, child):
    client.force_login(people.manager)
    response = client.post(
        reverse("contacts:person-add", args=[child.pk]),
        {
            "full_name": "Mark Hughes",
            "relationship": "father",
            "parental_responsibility": "on",
            "phone": "07700 900123",
            "literacy_needs": "on",
        },
    )
    assert response.url == child.get_absolute_url() + "#people"
    relationship = Relationship.objects.get(child=child)
    assert relationship.person.full_name == "Mark Hughes"
    assert relationship.person.site == child.site
    assert relationship.parental_responsibility
    page = client.get(child.get_absolute_url()).content.decode()
    assert "Mark Hughes" in page and "follow letters with a call" in page


def test_missing_name_is_refused_and_nothing_saved(client, people, child):
    client.force_login(people.manager)
    response = client.post(
        reverse("contacts:person-add", args=[child.pk]), {"relationship": "aunt", "phone": "0123"}
    )
    assert "This field is required." in response.content.decode()
    assert 'value="aunt"' in response.content.decode()
    assert not Person.objects.exists()


def test_a_sibling_shares_the_same_person(client, people, site, child):
    mother = RelationshipFactory(child=child, relationship="mother").person
    sister = ChildFactory(site=site, legal_first_name="Lily", legal_last_name="Hughes")
    client.force_login(people.manager)
    client.post(
        reverse("contacts:person-link", args=[sister.pk]),
        {"person": mother.pk, "relationship": "mother", "parental_responsibility": "on"},
    )
    assert set(mother.relationships.values_list("child", flat=True)) == {child.pk, sister.pk}
    assert Person.objects.count() == 1


def test_cannot_link_someone_from_another_site(client, people, child, other_site):
    stranger = PersonFactory(site=other_site)
    client.force_login(people.manager)
    response = client.post(
        reverse("contacts:person-link", args=[child.pk]),
        {"person": stranger.pk, "relationship": "uncle"},
    )
    assert "Choose someone known at this site." in response.content.decode()
    assert not Relationship.objects.exists()


def test_editing_a_person_is_in_the_history_with_the_reason(client, people, child):
    relationship = RelationshipFactory(child=child, person__full_name="Mark Hughes")
    client.force_login(people.manager)
    client.post(
        reverse("contacts:relationship-edit", args=[relationship.pk]),
        {
            "full_name": "Mark Hughes",
            "relationship": "father",
            "phone": "07700 900999",
            "reason": "New phone number",
        },
    )
    relationship.person.refresh_from_db()
    assert relationship.person.phone == "07700 900999"
    assert relationship.person.history.first().history_change_reason == "New phone number"


def test_staff_cannot_add_people(client, people, child):
    client.force_login(people.staff)
    response = client.post(
        reverse("contacts:person-add", args=[child.pk]),
        {"full_name": "X", "relationship": "friend"},
    )
    assert response.status_code == 403
    assert not Person.objects.exists()


def test_a_persons_page_lists_the_children_they_matter_to(client, people, site, child):
    mother = RelationshipFactory(child=child, relationship="mother").person
    sister = ChildFactory(site=site, legal_first_name="Lily", legal_last_name="Hughes")
    RelationshipFactory(child=sister, person=mother, relationship="mother")
    client.force_login(people.staff)
    page = client.get(mother.get_absolute_url()).content.decode()
    assert "Daniel Hughes" in page and "Lily Hughes" in page
    client.force_login(people.outsider)
    assert client.get(mother.get_absolute_url()).status_code == 404
