from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape

from contacts.models import (
    Acknowledgement,
    ChildInformed,
    ContactType,
    LegalBasis,
    Outcome,
    ProtectedRole,
    Restriction,
)
from contacts.models.restrictions import BLANKET_WITH_SCOPE, NO_SCOPE
from contacts.rules import contact_check

from ..factories import ChildFactory, RelationshipFactory, RestrictionFactory

LONDON = ZoneInfo("Europe/London")


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
    def test_the_order_in_full_is_too_long_for_the_summary(self, client, people, child):
        father = RelationshipFactory(child=child, person__full_name="Mark Hughes").person
        client.force_login(people.manager)
        typed = "The respondent must not " + "approach the child " * 250
        response = client.post(
            reverse("contacts:restriction-add", args=[child.pk]),
            _restriction_form(father, details=typed),
        )
        page = response.content.decode()
        assert "Ensure this value has at most 4000 characters" in page
        assert typed.strip()[:200] in page  # kept as typed
        assert not Restriction.objects.exists()

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
        assert escape(NO_SCOPE) in response.content.decode()
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
        home = client.get(reverse("monitoring:home")).content.decode()
        assert "Restrictions to read (1)" in home
        client.post(reverse("contacts:restriction-confirm", args=[restriction.pk]), {"version": 1})
        assert "Restrictions to read" not in client.get(reverse("monitoring:home")).content.decode()
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
        assert "Restrictions to read (1)" in client.get(reverse("monitoring:home")).content.decode()
        page = client.get(restriction.get_absolute_url()).content.decode()
        assert "it has changed since it was first recorded" in page
        # The button comes after what it says: nobody confirms what they have not read.
        assert page.index("What it says") < page.index("I have read and understood")

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
        assert "Restrictions to read" not in client.get(reverse("monitoring:home")).content.decode()


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


class TestEveryChangeIsANewVersion:
    """Confirmations are for the version read: any change to what it does, whom or which
    contact it covers, or its dates, by any route, asks everyone again."""

    def confirmed_by_staff(self, client, people, restriction):
        client.force_login(people.staff)
        client.post(
            reverse("contacts:restriction-confirm", args=[restriction.pk]),
            {"version": restriction.version},
        )

    def to_read(self, client, people):
        client.force_login(people.staff)
        return client.get(reverse("monitoring:home")).content.decode()

    def test_ending_it_later_than_it_was_due_to_end_is_a_new_version(self, client, people, child):
        today = timezone.localdate()
        restriction = RestrictionFactory(child=child, ends_on=today + timedelta(days=5))
        self.confirmed_by_staff(client, people, restriction)
        assert "Restrictions to read" not in self.to_read(client, people)

        client.force_login(people.manager)
        client.post(
            reverse("contacts:restriction-end", args=[restriction.pk]),
            {"ends_on": (today + timedelta(days=60)).isoformat(), "reason": "Extended"},
        )

        restriction.refresh_from_db()
        assert restriction.version == 2
        assert "Restrictions to read (1)" in self.to_read(client, people)
        # Whoever changed it has read that version.
        assert Acknowledgement.objects.filter(user=people.manager, version=2).exists()

    @pytest.mark.parametrize(
        ("field", "value", "new_version"),
        [
            ("effect", "supervised_only", True),
            ("starts_on", "2025-02-01", True),
            ("details", "Now also no letters.", True),
            ("order_reference", "NM26/0999", False),
            ("court", "Winchester Family Court", False),
        ],
    )
    def test_an_edit_is_a_new_version_only_if_it_changes_what_colleagues_confirm(
        self, client, people, child, field, value, new_version
    ):
        father = RelationshipFactory(child=child).person
        restriction = RestrictionFactory(child=child, person=father, order_reference="NM26/0142")
        client.force_login(people.manager)
        form = _restriction_form(father, starts_on="2025-01-01", reason="Corrected")
        form["details"] = restriction.details
        form[field] = value
        client.post(reverse("contacts:restriction-edit", args=[restriction.pk]), form)
        restriction.refresh_from_db()
        assert str(getattr(restriction, field)) == value
        assert restriction.version == (2 if new_version else 1)


def test_a_restriction_starting_tomorrow_is_to_read_from_the_moment_it_is_recorded(
    client, people, child
):
    tomorrow = timezone.localdate() + timedelta(days=1)
    RestrictionFactory(child=child, starts_on=tomorrow)
    RestrictionFactory(child=child, ends_on=timezone.localdate() - timedelta(days=1))
    client.force_login(people.staff)
    home = client.get(reverse("monitoring:home")).content.decode()
    assert "Restrictions to read (1)" in home
    assert f"in force from {date_format(tomorrow)}" in home
    client.force_login(people.manager)
    dashboard = client.get(reverse("contacts:restrictions-dashboard")).content.decode()
    assert "Recorded, not yet in force" in dashboard


class TestTheReportingClock:
    def emergency(self, child, **fields):
        return RestrictionFactory(
            child=child,
            legal_basis=LegalBasis.EMERGENCY_ON_SITE,
            person=RelationshipFactory(child=child).person,
            **fields,
        )

    def test_an_edit_cannot_reset_the_clock_or_drop_the_duty(self, client, people, child):
        restriction = self.emergency(child, imposed_at=timezone.now() - timedelta(hours=30))
        client.force_login(people.manager)
        form = _restriction_form(
            restriction.person,
            legal_basis="non_molestation_order",
            imposed_at=timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            starts_on=restriction.starts_on.isoformat(),
            details="Changed details",
            reason="Changed",
        )
        client.post(reverse("contacts:restriction-edit", args=[restriction.pk]), form)

        restriction.refresh_from_db()
        assert restriction.details == "Changed details"  # the edit itself went through
        assert restriction.legal_basis == LegalBasis.EMERGENCY_ON_SITE
        assert restriction.report_is_late

    def test_a_court_order_cannot_become_an_emergency_restriction_by_an_edit(
        self, client, people, child
    ):
        father = RelationshipFactory(child=child).person
        restriction = RestrictionFactory(child=child, person=father)
        client.force_login(people.manager)
        response = client.post(
            reverse("contacts:restriction-edit", args=[restriction.pk]),
            _restriction_form(father, legal_basis="emergency_on_site", reason="x"),
        )
        assert "Select a valid choice" in response.content.decode()
        restriction.refresh_from_db()
        assert restriction.legal_basis == LegalBasis.NON_MOLESTATION_ORDER

    def test_the_services_refuse_the_same(self, people, child):
        from django.core.exceptions import ValidationError

        from contacts import services

        restriction = self.emergency(child, imposed_at=timezone.now() - timedelta(hours=30))
        restriction.imposed_at = timezone.now()
        with pytest.raises(ValidationError, match="fixed"):
            services.restriction_update(
                restriction=restriction, changed_by=people.manager, reason="x"
            )
        restriction.refresh_from_db()
        restriction.legal_basis = LegalBasis.PLACEMENT_PLAN
        with pytest.raises(ValidationError, match="fixed"):
            services.restriction_update(
                restriction=restriction, changed_by=people.manager, reason="x"
            )

    def test_a_correction_keeps_was_late_on_the_restriction_and_the_dashboard(
        self, client, people, child
    ):
        yesterday = timezone.localdate() - timedelta(days=1)
        first_thing = datetime.combine(yesterday, time(0, 0), tzinfo=LONDON)  # late since midnight
        restriction = self.emergency(child, imposed_at=first_thing, starts_on=yesterday)
        client.force_login(people.manager)
        client.post(
            reverse("contacts:restriction-correct-imposition", args=[restriction.pk]),
            {"imposed_at": f"{yesterday.isoformat()}T23:59", "reason": "Typed the hour wrong"},
        )

        restriction.refresh_from_db()
        assert not restriction.report_is_late
        assert restriction.late_before_correction and restriction.report_was_late
        page = client.get(restriction.get_absolute_url()).content.decode()
        assert "was already late when the time it was imposed was corrected" in page
        dashboard = client.get(reverse("contacts:restrictions-dashboard")).content.decode()
        assert "was late before its time was corrected" in dashboard
        history = client.get(reverse("contacts:restriction-history", args=[restriction.pk]))
        assert "Imposition time corrected: Typed the hour wrong" in history.content.decode()

        client.post(
            reverse("contacts:restriction-report", args=[restriction.pk]),
            {
                "reported_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
                "how": "phone",
                "to": "Duty",
            },
        )
        assert list(Restriction.objects.reported_late()) == [restriction]
        dashboard = client.get(reverse("contacts:restrictions-dashboard")).content.decode()
        assert "Reported late in the last 90 days" in dashboard

    def test_a_correction_that_was_never_late_leaves_no_mark(self, client, people, child):
        restriction = self.emergency(child, imposed_at=timezone.now() - timedelta(hours=3))
        client.force_login(people.manager)
        client.post(
            reverse("contacts:restriction-correct-imposition", args=[restriction.pk]),
            {
                "imposed_at": (timezone.localtime() - timedelta(hours=4)).strftime(
                    "%Y-%m-%dT%H:%M"
                ),
                "reason": "An hour earlier",
            },
        )
        restriction.refresh_from_db()
        assert not restriction.late_before_correction
        assert not restriction.report_was_late

    def test_reported_after_24_hours_counts_as_late(self, people, child):
        restriction = self.emergency(
            child,
            imposed_at=timezone.now() - timedelta(hours=40),
            reported_to_authority_at=timezone.now() - timedelta(hours=10),
        )
        assert restriction.report_was_late and not restriction.report_is_late
        assert list(Restriction.objects.reported_late()) == [restriction]

    def test_the_time_is_required_only_for_an_emergency_restriction(self, client, people, child):
        father = RelationshipFactory(child=child).person
        client.force_login(people.manager)
        url = reverse("contacts:restriction-add", args=[child.pk])
        page = client.post(
            url, _restriction_form(father, legal_basis="emergency_on_site", imposed_at="")
        ).content.decode()
        assert "Say when the emergency restriction was imposed." in page
        assert not Restriction.objects.exists()
        client.post(url, _restriction_form(father, imposed_at=""))
        assert Restriction.objects.get().imposed_at is None


class TestTheNightTheClocksChange:
    """Europe/London: 01:00-02:00 happens twice on 26 October 2025 and not at all on
    29 March 2026."""

    def record(self, client, child, person, **fields):
        return client.post(
            reverse("contacts:restriction-add", args=[child.pk]),
            _restriction_form(person, legal_basis="emergency_on_site", **fields),
        )

    def test_a_repeated_time_asks_which_one_and_keeps_what_was_typed(self, client, people, child):
        father = RelationshipFactory(child=child).person
        client.force_login(people.manager)

        page = self.record(client, child, father, imposed_at="2025-10-26T01:30").content.decode()

        assert "01:30 on 26/10/2025 happened twice that night" in page
        assert "The first 01:30 (BST, before the clocks went back)" in page
        assert "The second 01:30 (GMT, after the clocks went back)" in page
        assert 'value="2025-10-26T01:30"' in page
        assert not Restriction.objects.exists()

    @pytest.mark.parametrize(
        ("which", "utc", "due_utc"),
        [
            (
                "first",
                datetime(2025, 10, 26, 0, 30, tzinfo=UTC),
                datetime(2025, 10, 27, 0, 30, tzinfo=UTC),
            ),
            (
                "second",
                datetime(2025, 10, 26, 1, 30, tzinfo=UTC),
                datetime(2025, 10, 27, 1, 30, tzinfo=UTC),
            ),
        ],
    )
    def test_saying_which_records_that_moment_and_the_report_is_due_24_hours_later(
        self, client, people, child, which, utc, due_utc
    ):
        father = RelationshipFactory(child=child).person
        client.force_login(people.manager)
        self.record(client, child, father, imposed_at="2025-10-26T01:30", imposed_at_which=which)
        restriction = Restriction.objects.get()
        assert restriction.imposed_at == utc
        assert restriction.report_due_at == due_utc

    def test_the_report_is_due_24_elapsed_hours_later_across_the_change(self, child):
        imposed = datetime(2025, 10, 25, 12, 0, tzinfo=ZoneInfo("Europe/London"))
        restriction = RestrictionFactory(
            child=child, legal_basis=LegalBasis.EMERGENCY_ON_SITE, imposed_at=imposed
        )
        restriction.refresh_from_db()
        due = timezone.localtime(restriction.report_due_at)
        assert (due.hour, due.day) == (11, 26)  # 11:00 GMT: the clock went back an hour

    def test_a_time_that_never_happened_is_refused(self, client, people, child):
        father = RelationshipFactory(child=child).person
        client.force_login(people.manager)
        page = self.record(client, child, father, imposed_at="2026-03-29T01:30").content.decode()
        assert "did not happen that night: the clocks went forward an hour" in page
        assert not Restriction.objects.exists()


class TestWhatARestrictionMaySay:
    def test_no_contact_with_anyone_is_recorded_when_chosen_and_shown_as_a_banner(
        self, client, people, child
    ):
        client.force_login(people.manager)
        client.post(
            reverse("contacts:restriction-add", args=[child.pk]),
            _restriction_form(
                legal_basis="emergency_on_site",
                covers_all_contact="on",
                starts_on=timezone.localdate().isoformat(),
                imposed_at=timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            ),
        )
        restriction = Restriction.objects.get()
        assert restriction.covers_all_contact and restriction.person is None
        page = client.get(child.get_absolute_url()).content.decode()
        assert "<strong>No contact with anyone</strong>" in page

    def test_a_blanket_restriction_cannot_also_name_someone(self, client, people, child):
        father = RelationshipFactory(child=child).person
        client.force_login(people.manager)
        response = client.post(
            reverse("contacts:restriction-add", args=[child.pk]),
            _restriction_form(father, covers_all_contact="on"),
        )
        assert escape(BLANKET_WITH_SCOPE) in response.content.decode()
        assert not Restriction.objects.exists()

    def test_a_protected_professional_cannot_be_restricted(self, client, people, child):
        advocate = RelationshipFactory(
            child=child, person__full_name="Sue Ali", protected_role=ProtectedRole.ADVOCATE
        ).person
        client.force_login(people.manager)
        url = reverse("contacts:restriction-add", args=[child.pk])
        assert "Sue Ali" not in client.get(url).content.decode()  # not offered
        response = client.post(url, _restriction_form(advocate))
        assert "Choose one of this child&#x27;s people." in response.content.decode()
        assert not Restriction.objects.exists()
        # Nor by any other route: the record itself refuses it.
        from django.core.exceptions import ValidationError

        from contacts import services

        with pytest.raises(ValidationError, match="a child must always be able to reach them"):
            services.restriction_record(
                restriction=Restriction(
                    child=child,
                    person=advocate,
                    legal_basis=LegalBasis.PLACEMENT_PLAN,
                    effect="no_contact",
                    details="x",
                    starts_on=timezone.localdate(),
                ),
                recorded_by=people.manager,
            )

    def test_marking_someone_under_an_order_as_protected_is_refused(self, client, people, child):
        relationship = RelationshipFactory(child=child, person__full_name="Mark Hughes")
        RestrictionFactory(child=child, person=relationship.person)
        client.force_login(people.manager)
        response = client.post(
            reverse("contacts:relationship-edit", args=[relationship.pk]),
            {
                "full_name": "Mark Hughes",
                "relationship": "father",
                "protected_role": ProtectedRole.ADVOCATE,
                "reason": "New phone number",
            },
        )
        assert "Mark Hughes is named in a restriction about this child" in response.content.decode()
        relationship.refresh_from_db()
        assert relationship.protected_role == ""

    def test_a_childs_social_worker_is_not_protected_as_another_childs_aunt(
        self, client, people, site, child
    ):
        """Ruth is Daniel's social worker and, as it happens, Ella's aunt: an order about Ella
        still reaches her, and so does the restriction form."""
        ruth = RelationshipFactory(
            child=child, person__full_name="Ruth Okoro", protected_role=ProtectedRole.SOCIAL_WORKER
        ).person
        niece = ChildFactory(site=site, legal_first_name="Ella")
        client.force_login(people.manager)
        linked = client.post(
            reverse("contacts:person-link", args=[niece.pk]),
            {"person": ruth.pk, "relationship": "aunt"},
        )
        assert linked.status_code == 302
        assert "Ruth Okoro" in (
            client.get(reverse("contacts:restriction-add", args=[niece.pk])).content.decode()
        )
        RestrictionFactory(child=niece, person=ruth, contact_type=ContactType.PHONE)
        assert contact_check(child=niece, person=ruth, contact_type=ContactType.PHONE).outcome == (
            Outcome.NOT_ALLOWED
        )
        assert contact_check(child=child, person=ruth, contact_type=ContactType.PHONE).outcome == (
            Outcome.ALLOWED
        )

    def test_monitored_correspondence_says_who_reads_it(self, client, people, child):
        father = RelationshipFactory(child=child).person
        client.force_login(people.manager)
        url = reverse("contacts:restriction-add", args=[child.pk])
        page = client.post(url, _restriction_form(father, effect="monitored")).content.decode()
        assert "Say who reads the child&#x27;s correspondence." in page
        page = client.post(
            url,
            _restriction_form(father, effect="monitored", contact_type="visit", monitored_by="SW"),
        ).content.decode()
        assert (
            "Only correspondence (letters, e-mails, messages, social media) can be monitored."
            in page
        )
        assert not Restriction.objects.exists()
        client.post(
            url, _restriction_form(father, effect="monitored", monitored_by="the social worker")
        )
        assert Restriction.objects.get().monitored_by == "the social worker"


class TestConfirmingReadsTopToBottom:
    def confirm(self, client, restriction):
        return client.post(
            reverse("contacts:restriction-confirm", args=[restriction.pk]),
            {"version": restriction.version},
        )

    def test_after_confirming_the_next_one_opens_then_the_start_page(self, client, people, child):
        first, second = RestrictionFactory(child=child), RestrictionFactory(child=child)
        client.force_login(people.staff)

        response = self.confirm(client, first)
        assert response.url == second.get_absolute_url()
        page = client.get(response.url).content.decode()
        assert "1 more to read: here is the next." in page

        response = self.confirm(client, second)
        assert response.url == reverse("monitoring:home")
        assert "you have read every restriction" in client.get(response.url).content.decode()

    def test_when_everyone_has_confirmed_it_says_so(self, client, people, child):
        restriction = RestrictionFactory(child=child, recorded_by=people.manager)
        for user in (people.staff, people.manager, people.dsl):
            Acknowledgement.objects.create(restriction=restriction, user=user, version=1)
        client.force_login(people.manager)
        page = client.get(restriction.get_absolute_url()).content.decode()
        assert "All confirmed" in page and "have not confirmed" not in page

    def test_whoever_records_it_has_read_it(self, client, people, child):
        father = RelationshipFactory(child=child).person
        client.force_login(people.manager)
        client.post(reverse("contacts:restriction-add", args=[child.pk]), _restriction_form(father))
        restriction = Restriction.objects.get()
        assert Acknowledgement.objects.filter(user=people.manager, version=1).exists()
        page = client.get(restriction.get_absolute_url()).content.decode()
        assert "2 of 3 colleagues have not confirmed" in page


class TestWhoOpenedIt:
    def test_each_person_is_shown_once_per_visit_and_every_opening_can_be_downloaded(
        self, client, people, child
    ):
        restriction = RestrictionFactory(child=child)
        client.force_login(people.staff)
        for _ in range(3):
            client.get(restriction.get_absolute_url())
        client.force_login(people.manager)
        page = client.get(restriction.get_absolute_url()).content.decode()
        assert page.count("Sam Tester ·") == 1
        assert "(3 openings)" in page

        export = client.get(reverse("contacts:restriction-openings", args=[restriction.pk]))
        assert export["Content-Type"] == "text/csv; charset=utf-8"
        rows = export.content.decode().splitlines()
        assert rows[0] == "Opened at,User name,Name,What"
        assert len(rows) == 1 + 5  # three by staff, one by the manager, and this download
        assert sum("staff,Sam Tester,Opened the record" in row for row in rows) == 3
        assert rows[-1].endswith("Downloaded an export")

    def test_a_gap_of_more_than_half_an_hour_is_a_new_visit(self, people):
        from coxlease import audit
        from coxlease.models import RecordView

        now = timezone.now()
        openings = [  # newest first, as the log reads them
            RecordView(user=people.staff, viewed_at=now - timedelta(minutes=m)) for m in (5, 80, 90)
        ]
        assert [v.openings for v in audit.visits_in(openings)] == [1, 2]
        assert [v.openings for v in audit.visits_in(openings[1:])] == [2]

    def test_staff_cannot_download_the_openings(self, client, people, child):
        restriction = RestrictionFactory(child=child)
        client.force_login(people.staff)
        url = reverse("contacts:restriction-openings", args=[restriction.pk])
        assert client.get(url).status_code == 403


def test_record_the_report_says_whom_to_ring(client, people, child):
    child.placing_authority = "Hampshire County Council"
    child.social_worker_name = "Ruth Okoro"
    child.social_worker_phone = "023 8000 1234"
    child.save()
    restriction = RestrictionFactory(
        child=child,
        legal_basis=LegalBasis.EMERGENCY_ON_SITE,
        person=RelationshipFactory(child=child, person__full_name="Dean Price").person,
    )
    client.force_login(people.manager)
    page = client.get(reverse("contacts:restriction-report", args=[restriction.pk]))
    page = page.content.decode()
    assert 'aria-label="Breadcrumb"' in page and "Daniel Hughes" in page
    assert "Hampshire County Council" in page
    assert "Ruth Okoro" in page and 'href="tel:02380001234"' in page
    assert "No contact: Dean Price, any contact" in page


def test_recording_a_restriction_starts_today_and_names_people_by_relationship(
    client, people, child
):
    RelationshipFactory(child=child, person__full_name="Mark Hughes", relationship="father")
    client.force_login(people.manager)
    page = client.get(reverse("contacts:restriction-add", args=[child.pk])).content.decode()
    assert f'value="{timezone.localdate().isoformat()}"' in page
    assert "Mark Hughes (father)</option>" in page
    assert ">Everyone</option>" in page and ">Every kind of contact</option>" in page
    assert 'data-reveals="div_id_imposed_at" data-reveal-when="emergency_on_site"' in page


class TestTheReportStaysAsRecorded:
    def test_a_report_cannot_be_recorded_again_to_erase_its_lateness(self, people, child):
        from django.core.exceptions import ValidationError

        from contacts import services

        now = timezone.now()
        restriction = RestrictionFactory(
            child=child,
            legal_basis=LegalBasis.EMERGENCY_ON_SITE,
            imposed_at=now - timedelta(hours=30),
        )
        services.restriction_report(
            restriction=restriction,
            reported_at=now,
            how="phone",
            to="Duty",
            changed_by=people.manager,
        )
        with pytest.raises(ValidationError, match="already recorded"):
            services.restriction_report(
                restriction=Restriction.objects.get(pk=restriction.pk),
                reported_at=now - timedelta(hours=29),
                how="phone",
                to="Duty",
                changed_by=people.manager,
            )
        restriction.refresh_from_db()
        assert restriction.report_was_late

    def test_the_imposition_cannot_be_moved_after_the_day_it_was_in_force(self, people, child):
        from django.core.exceptions import ValidationError

        from contacts import services

        now = timezone.now()
        restriction = RestrictionFactory(
            child=child,
            legal_basis=LegalBasis.EMERGENCY_ON_SITE,
            imposed_at=now - timedelta(hours=50),
        )
        with pytest.raises(ValidationError, match="cannot have been imposed after that day"):
            services.restriction_correct_imposition(
                restriction=restriction,
                imposed_at=now - timedelta(hours=1),
                changed_by=people.manager,
                reason="Typed the wrong day",
            )
