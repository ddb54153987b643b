from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import Acknowledgement, ChildInformed, LegalBasis, Restriction

from ..factories import ChildFactory, RelationshipFactory, RestrictionFactory


def _restriction_form(person=None, **overrides):
    data = {
        "legal_basis": "non_molestation_order",
        "effect": "no_contact",
        "person": person.pk if person else "",
        "contact_type": "",
        "details": "Father must not contact or approach Daniel.",
        "starts_on": "2026-11-01",
        "order_reference": "NM26/0142",
        "court": "Southampton Family Court",
        "imposed_at": "2026-11-01T09:00",
    }
    data.update(overrides)
    return data


class TestRecording:
    def test_manager_records_a_non_molestation_order(self, client, people, child):
        father = RelationshipFactory(child=child, person__full_name="Mark Hughes").person
        client.force_login(people.manager)
        response = client.post(
            reverse("contacts:restriction-add", args=[child.pk]), _restriction_form(father)
        )
        restriction = Restriction.objects.get()
        assert response.url == child.get_absolute_url() + "#restrictions"
        assert restriction.recorded_by == people.manager
        assert restriction.version == 1
        page = client.get(child.get_absolute_url()).content.decode()
        assert "No contact: Mark Hughes, any contact" in page

    def test_a_restriction_needs_a_scope(self, client, people, child):
        client.force_login(people.manager)
        response = client.post(
            reverse("contacts:restriction-add", args=[child.pk]), _restriction_form()
        )
        assert "Say who it restricts, which kind of contact, or both." in (
            response.content.decode()
        )
        assert not Restriction.objects.exists()

    def test_a_kind_of_contact_alone_is_a_scope(self, client, people, child):
        client.force_login(people.manager)
        client.post(
            reverse("contacts:restriction-add", args=[child.pk]),
            _restriction_form(contact_type="social_media", effect="no_contact"),
        )
        assert Restriction.objects.get().scope_description == "anyone, social media"

    def test_end_before_start_is_refused_and_typed_values_kept(self, client, people, child):
        father = RelationshipFactory(child=child).person
        client.force_login(people.manager)
        response = client.post(
            reverse("contacts:restriction-add", args=[child.pk]),
            _restriction_form(father, ends_on="2026-10-01"),
        )
        page = response.content.decode()
        assert "The end date cannot be before the start date." in page
        assert 'value="NM26/0142"' in page
        assert not Restriction.objects.exists()

    def test_person_of_another_child_is_refused(self, client, people, site, child):
        stranger = RelationshipFactory(child=ChildFactory(site=site)).person
        client.force_login(people.manager)
        response = client.post(
            reverse("contacts:restriction-add", args=[child.pk]), _restriction_form(stranger)
        )
        assert "Choose one of this child&#x27;s people." in response.content.decode()
        assert not Restriction.objects.exists()

    def test_staff_cannot_record_restrictions(self, client, people, child):
        father = RelationshipFactory(child=child).person
        client.force_login(people.staff)
        response = client.post(
            reverse("contacts:restriction-add", args=[child.pk]), _restriction_form(father)
        )
        assert response.status_code == 403
        assert not Restriction.objects.exists()


class TestConfirmation:
    def test_staff_see_it_to_read_and_confirm_it(self, client, people, child):
        restriction = RestrictionFactory(child=child, starts_on=timezone.localdate())
        client.force_login(people.staff)
        home = client.get(reverse("home")).content.decode()
        assert "Restrictions to read (1)" in home
        client.post(reverse("contacts:restriction-confirm", args=[restriction.pk]), {"version": 1})
        assert "Restrictions to read" not in client.get(reverse("home")).content.decode()
        assert Acknowledgement.objects.get().user == people.staff

    def test_manager_sees_who_has_not_confirmed(self, client, people, child):
        restriction = RestrictionFactory(child=child)
        client.force_login(people.manager)
        url = restriction.get_absolute_url()
        assert "3 of 3 colleagues have not confirmed" in client.get(url).content.decode()
        client.force_login(people.staff)
        client.post(reverse("contacts:restriction-confirm", args=[restriction.pk]), {"version": 1})
        client.force_login(people.manager)
        page = client.get(url).content.decode()
        assert "2 of 3 colleagues have not confirmed" in page

    def test_editing_makes_earlier_confirmations_stale(self, client, people, child):
        father = RelationshipFactory(child=child).person
        restriction = RestrictionFactory(child=child, person=father)
        client.force_login(people.staff)
        client.post(reverse("contacts:restriction-confirm", args=[restriction.pk]), {"version": 1})
        client.force_login(people.manager)
        client.post(
            reverse("contacts:restriction-edit", args=[restriction.pk]),
            _restriction_form(father, effect="supervised_only", reason="Varied at hearing"),
        )
        restriction.refresh_from_db()
        assert restriction.version == 2
        client.force_login(people.staff)
        assert "Restrictions to read (1)" in client.get(reverse("home")).content.decode()
        page = client.get(restriction.get_absolute_url()).content.decode()
        assert "You have not yet confirmed this restriction since it changed" in page

    def test_slt_does_not_confirm(self, client, people, child):
        restriction = RestrictionFactory(child=child)
        client.force_login(people.slt)
        response = client.post(
            reverse("contacts:restriction-confirm", args=[restriction.pk]), {"version": 1}
        )
        assert response.status_code == 403
        assert not Acknowledgement.objects.exists()

    def test_ended_restrictions_are_not_asked_for(self, client, people, child):
        RestrictionFactory(child=child, ends_on=timezone.localdate() - timedelta(days=1))
        client.force_login(people.staff)
        assert "Restrictions to read" not in client.get(reverse("home")).content.decode()


class TestEmergencyReporting:
    def test_countdown_until_reported(self, client, people, child):
        restriction = RestrictionFactory(
            child=child,
            legal_basis=LegalBasis.EMERGENCY_ON_SITE,
            imposed_at=timezone.now() - timedelta(hours=20),
        )
        client.force_login(people.manager)
        page = client.get(restriction.get_absolute_url()).content.decode()
        assert "Report to the placing authority due by" in page
        assert "3\xa0hours" in page

    def test_late_report_is_flagged(self, client, people, child):
        restriction = RestrictionFactory(
            child=child,
            legal_basis=LegalBasis.EMERGENCY_ON_SITE,
            imposed_at=timezone.now() - timedelta(hours=30),
        )
        client.force_login(people.manager)
        page = client.get(restriction.get_absolute_url()).content.decode()
        assert "alert-danger" in page and "Late:" in page
        assert "report to the placing authority is late" in (
            client.get(child.get_absolute_url()).content.decode()
        )

    def test_recording_the_report(self, client, people, child):
        restriction = RestrictionFactory(
            child=child,
            legal_basis=LegalBasis.EMERGENCY_ON_SITE,
            imposed_at=timezone.now() - timedelta(hours=2),
        )
        client.force_login(people.manager)
        reported = timezone.localtime() - timedelta(hours=1)
        client.post(
            reverse("contacts:restriction-report", args=[restriction.pk]),
            {
                "reported_at": reported.strftime("%Y-%m-%dT%H:%M"),
                "how": "phone",
                "to": "Jane Doe, duty team",
            },
        )
        restriction.refresh_from_db()
        assert restriction.reported_to == "Jane Doe, duty team"
        assert not restriction.report_is_late

    def test_report_cannot_predate_the_restriction(self, client, people, child):
        restriction = RestrictionFactory(
            child=child, legal_basis=LegalBasis.EMERGENCY_ON_SITE, imposed_at=timezone.now()
        )
        client.force_login(people.manager)
        before = timezone.localtime() - timedelta(days=2)
        response = client.post(
            reverse("contacts:restriction-report", args=[restriction.pk]),
            {"reported_at": before.strftime("%Y-%m-%dT%H:%M"), "how": "phone", "to": "X"},
        )
        assert "It cannot be reported before it was imposed." in response.content.decode()
        restriction.refresh_from_db()
        assert restriction.reported_to_authority_at is None

    def test_court_orders_are_not_reported_this_way(self, client, people, child):
        restriction = RestrictionFactory(child=child)
        client.force_login(people.manager)
        url = reverse("contacts:restriction-report", args=[restriction.pk])
        assert client.get(url).status_code == 404


class TestEndingAndTelling:
    def test_ending_keeps_it_on_record(self, client, people, child):
        restriction = RestrictionFactory(child=child)
        client.force_login(people.manager)
        client.post(
            reverse("contacts:restriction-end", args=[restriction.pk]),
            {"ends_on": timezone.localdate().isoformat(), "reason": "Order discharged"},
        )
        restriction.refresh_from_db()
        assert restriction.ends_on == timezone.localdate()
        history = client.get(reverse("contacts:restriction-history", args=[restriction.pk]))
        assert "Ended: Order discharged" in history.content.decode()

    def test_staff_record_that_the_child_was_told(self, client, people, child):
        restriction = RestrictionFactory(child=child)
        client.force_login(people.staff)
        client.post(
            reverse("contacts:child-informed-add", args=[restriction.pk]),
            {
                "told_on": timezone.localdate().isoformat(),
                "how_explained": "Explained with his social story at bedtime.",
                "child_response": "Upset at first, then asked about letters.",
            },
        )
        told = ChildInformed.objects.get()
        assert told.told_by == people.staff
        page = client.get(restriction.get_absolute_url()).content.decode()
        assert "asked about letters" in page

    def test_telling_in_the_future_is_refused(self, client, people, child):
        restriction = RestrictionFactory(child=child)
        client.force_login(people.staff)
        response = client.post(
            reverse("contacts:child-informed-add", args=[restriction.pk]),
            {
                "told_on": (timezone.localdate() + timedelta(days=2)).isoformat(),
                "how_explained": "x",
                "child_response": "y",
            },
        )
        assert "The date cannot be in the future." in response.content.decode()
        assert not ChildInformed.objects.exists()


def test_who_opened_a_restriction_is_recorded_and_shown_to_managers(client, people, child):
    restriction = RestrictionFactory(child=child)
    client.force_login(people.staff)
    staff_page = client.get(restriction.get_absolute_url()).content.decode()
    assert "Who opened this restriction" not in staff_page
    client.force_login(people.manager)
    page = client.get(restriction.get_absolute_url()).content.decode()
    assert page.count("Who opened this restriction") == 1
    assert "Sam Tester" in page and "Priya Tester" in page


def test_the_child_page_shows_a_restriction_overriding_the_plan_and_collectors(
    client, people, child
):
    from ..factories import (
        AuthorisedCollectorFactory,
        ContactArrangementFactory,
        ContactPlanFactory,
    )

    father = RelationshipFactory(child=child, person__full_name="Mark Hughes").person
    ContactArrangementFactory(plan=ContactPlanFactory(child=child), person=father)
    AuthorisedCollectorFactory(child=child, person=father)
    client.force_login(people.staff)
    page = client.get(child.get_absolute_url()).content.decode()
    assert page.count(">Allowed<") == 2 and "Not allowed" not in page
    RestrictionFactory(child=child, person=father, order_reference="NM26/0142")
    page = client.get(child.get_absolute_url()).content.decode()
    assert page.count(">Not allowed<") == 2
    assert page.count("Non-molestation order (NM26/0142)") == 3


@pytest.mark.parametrize(
    ("effect", "contact_type"),
    [("letters_only", "letter"), ("letters_only", "phone"), ("no_collection", "visit")],
)
def test_a_restriction_that_could_never_refuse_anything_is_refused(
    client, people, child, effect, contact_type
):
    father = RelationshipFactory(child=child).person
    client.force_login(people.manager)
    response = client.post(
        reverse("contacts:restriction-add", args=[child.pk]),
        _restriction_form(father, effect=effect, contact_type=contact_type),
    )
    assert "covers every kind of contact: leave this empty." in response.content.decode()
    assert not Restriction.objects.exists()


def test_no_collection_may_name_collection_or_drop_off(client, people, child):
    father = RelationshipFactory(child=child).person
    client.force_login(people.manager)
    client.post(
        reverse("contacts:restriction-add", args=[child.pk]),
        _restriction_form(father, effect="no_collection", contact_type="drop_off"),
    )
    assert Restriction.objects.get().contact_type == "drop_off"


def test_confirming_a_version_that_has_since_changed_is_refused(client, people, child):
    restriction = RestrictionFactory(child=child, version=2)
    client.force_login(people.staff)
    response = client.post(
        reverse("contacts:restriction-confirm", args=[restriction.pk]), {"version": 1}, follow=True
    )
    assert "changed while you were reading it" in response.content.decode()
    assert not Acknowledgement.objects.exists()


@pytest.mark.parametrize("version", ["\u00b3", "\u0661", "-1", "1.0"])
def test_a_version_that_is_not_a_plain_number_is_refused_not_a_crash(
    client, people, child, version
):
    restriction = RestrictionFactory(child=child, version=1)
    client.force_login(people.staff)
    response = client.post(
        reverse("contacts:restriction-confirm", args=[restriction.pk]),
        {"version": version},
        follow=True,
    )
    assert "changed while you were reading it" in response.content.decode()
    assert not Acknowledgement.objects.exists()


def test_an_ended_restriction_cannot_be_ended_again(client, people, child):
    restriction = RestrictionFactory(child=child, ends_on=timezone.localdate() - timedelta(days=3))
    client.force_login(people.manager)
    response = client.post(
        reverse("contacts:restriction-end", args=[restriction.pk]),
        {"ends_on": timezone.localdate().isoformat(), "reason": "again"},
    )
    assert "This restriction already ended on" in response.content.decode()
    restriction.refresh_from_db()
    assert restriction.ends_on == timezone.localdate() - timedelta(days=3)
