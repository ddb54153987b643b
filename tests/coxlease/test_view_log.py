"""Sensitive reads are logged (who, when, what), shown to those who oversee the site, and the
log cannot be edited: not from any page, not from the admin, not (on PostgreSQL) by any code."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from coxlease.models import RecordView

from ..factories import RestrictionFactory, UserFactory

HEADING = "Who opened this child's record"


def _views_of(record):
    return RecordView.objects.filter(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk
    )


def test_opening_a_childs_page_is_logged_with_who_and_what(client, people, child):
    client.force_login(people.staff)
    client.get(child.get_absolute_url())
    (view,) = _views_of(child)
    assert (view.user, view.record) == (people.staff, child)
    assert view.viewed_at is not None


def test_a_child_of_another_site_is_neither_shown_nor_logged(client, people, child):
    client.force_login(people.outsider)
    assert client.get(child.get_absolute_url()).status_code == 404
    assert not _views_of(child).exists()


@pytest.mark.parametrize("role", ["dsl", "manager", "slt"])
def test_those_who_oversee_the_site_see_who_opened_the_childs_record(client, people, child, role):
    client.force_login(people.staff)
    client.get(child.get_absolute_url())
    client.force_login(getattr(people, role))
    page = client.get(child.get_absolute_url()).content.decode()
    section = page[page.index(HEADING) :]
    assert "Sam Tester" in section


def test_staff_do_not_see_who_opened_the_childs_record(client, people, child):
    client.force_login(people.staff)
    assert HEADING not in client.get(child.get_absolute_url()).content.decode()


def test_the_admin_offers_no_way_to_edit_the_log(client, people, child):
    client.force_login(people.staff)
    client.get(child.get_absolute_url())
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(root)
    assert "Record view" not in client.get(reverse("admin:index")).content.decode()
    assert client.get("/admin/coxlease/recordview/").status_code == 404
    view = _views_of(child).get()
    assert client.get(f"/admin/coxlease/recordview/{view.pk}/change/").status_code == 404


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_postgresql_refuses_to_change_or_delete_the_log(client, people, child):
    client.force_login(people.staff)
    client.get(child.get_absolute_url())
    views = _views_of(child)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        views.update(user=people.manager)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        views.delete()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM coxlease_recordview")
    assert views.get().user == people.staff


@pytest.mark.parametrize(
    ("page", "what", "shown"),
    [
        ("monitoring:child-chronology", RecordView.What.CHRONOLOGY, "read the chronology"),
        ("monitoring:child-chronology-print", RecordView.What.PRINTED, "to print"),
    ],
)
def test_reading_a_childs_chronology_is_logged_and_shown_to_the_dsl(
    client, people, child, page, what, shown
):
    client.force_login(people.staff)
    assert client.get(reverse(page, args=[child.pk])).status_code == 200
    assert _views_of(child).get().what == what

    client.force_login(people.dsl)
    listed = client.get(child.get_absolute_url()).content.decode()
    line = next(li for li in listed[listed.index(HEADING) :].split("<li>") if "Sam Tester" in li)
    assert shown in line


def test_the_chronology_of_another_sites_child_is_neither_shown_nor_logged(client, people, child):
    client.force_login(people.outsider)
    assert client.get(reverse("monitoring:child-chronology", args=[child.pk])).status_code == 404
    assert not _views_of(child).exists()


def test_downloading_who_opened_a_restriction_is_itself_logged(client, people, child):
    restriction = RestrictionFactory(child=child)
    client.force_login(people.dsl)
    client.get(restriction.get_absolute_url())
    rows = client.get(reverse("contacts:restriction-openings", args=[restriction.pk]))
    assert [v.what for v in _views_of(restriction).order_by("viewed_at")] == [
        RecordView.What.OPENED,
        RecordView.What.EXPORTED,
    ]
    lines = rows.content.decode().splitlines()
    assert lines[0].endswith(",What") and lines[1].endswith(",Opened the record")
