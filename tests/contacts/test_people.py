from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from contacts.models import Person, Relationship

from ..conftest import a_photo
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


class TestPhotos:
    """A photo to recognise someone at the door: kept outside the web root, served only to
    colleagues of the site, shown at the door and on the child's page."""

    def add_with_photo(self, client, child, photo, name="Mark Hughes"):
        return client.post(
            reverse("contacts:person-add", args=[child.pk]),
            {"full_name": name, "relationship": "father", "photo": photo},
        )

    def test_a_photo_is_stored_as_a_plain_jpeg_and_shown_on_the_childs_page(
        self, client, people, child, settings
    ):
        client.force_login(people.manager)
        self.add_with_photo(client, child, a_photo("dad.png", size=(1600, 1200), format="PNG"))

        person = Person.objects.get()
        assert str(settings.MEDIA_ROOT) in person.photo.path
        assert "dad" not in person.photo.name
        with Image.open(person.photo.path) as stored:
            assert (stored.format, max(stored.size)) == ("JPEG", 800)
        page = client.get(child.get_absolute_url()).content.decode()
        photo_url = reverse("contacts:person-photo", args=[person.pk])
        assert f'src="{photo_url}" alt="Photo of Mark Hughes"' in page
        response = client.get(photo_url)
        assert response["Content-Type"] == "image/jpeg"
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
        assert photo_url not in client.get(person.get_absolute_url()).content.decode()

    def test_only_colleagues_of_the_site_see_it(self, client, people, child):
        person = RelationshipFactory(child=child, person__photo=a_photo()).person
        url = reverse("contacts:person-photo", args=[person.pk])
        client.force_login(people.staff)
        assert client.get(url).status_code == 200
        client.force_login(people.outsider)
        assert client.get(url).status_code == 404

    def test_a_file_that_is_not_a_photo_or_too_large_is_refused(self, client, people, child):
        client.force_login(people.manager)
        not_an_image = SimpleUploadedFile("dad.jpg", b"%PDF-1.4 not a photo", "image/jpeg")
        page = self.add_with_photo(client, child, not_an_image).content.decode()
        assert "Upload a valid image" in page
        photo = a_photo()
        huge = SimpleUploadedFile("big.jpg", photo.read() + bytes(6 * 1024 * 1024), "image/jpeg")
        page = self.add_with_photo(client, child, huge).content.decode()
        assert "The photo is too large: choose one under 5 MB." in page
        assert not Person.objects.exists()


def test_a_name_too_long_is_refused_not_cut(client, people, child):
    client.force_login(people.manager)
    long_name = "Bartholomew-Maximilian " * 8
    response = client.post(
        reverse("contacts:person-add", args=[child.pk]),
        {"full_name": long_name, "relationship": "uncle"},
    )
    page = response.content.decode()
    assert "Ensure this value has at most 150 characters" in page
    assert 'maxlength="150"' not in page  # the browser would cut it silently mid-word
    assert not Person.objects.exists()


def test_adding_someone_already_known_by_name_asks_first(client, people, child):
    mark = RelationshipFactory(child=child, person__full_name="Mark Hughes").person
    client.force_login(people.manager)
    url = reverse("contacts:person-add", args=[child.pk])
    page = client.post(url, {"full_name": "  mark   HUGHES ", "relationship": "father"})
    page = page.content.decode()
    assert "Someone with this name is already recorded at this site: Mark Hughes (father of" in page
    assert "Link someone already known" in page and "This is a different person" in page
    assert Person.objects.count() == 1
    client.post(
        url,
        {"full_name": "Mark Hughes", "relationship": "uncle", "is_a_different_person": "on"},
    )
    assert Person.objects.exclude(pk=mark.pk).get().full_name == "Mark Hughes"
