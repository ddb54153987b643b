"""The contact log: logging, the check against the rule as it is saved, private
correspondence, local rules, corrections and entries in error, access and bad input."""

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import ContactType, LegalBasis, ProtectedRole, RestrictionEffect, Supervision
from coxlease.models import Notification
from records.models import PRIVATE, ContactEntry, LocalRule

from ..factories import (
    ChildFactory,
    ContactArrangementFactory,
    ContactPlanFactory,
    RelationshipFactory,
    RestrictionFactory,
)

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def plan(child):
    return ContactPlanFactory(child=child)


@pytest.fixture
def mum(child, plan):
    person = RelationshipFactory(
        child=child, person__full_name="Karen Hughes", relationship="mother"
    ).person
    ContactArrangementFactory(
        plan=plan,
        person=person,
        contact_type=ContactType.VISIT,
        supervision=Supervision.SUPERVISED,
        supervised_by="key worker",
    )
    ContactArrangementFactory(plan=plan, person=person, contact_type=ContactType.MESSAGE)
    return person


@pytest.fixture
def dad(child, plan):
    person = RelationshipFactory(child=child, person__full_name="Mark Hughes").person
    ContactArrangementFactory(plan=plan, person=person, contact_type=ContactType.PHONE)
    RestrictionFactory(
        child=child,
        person=person,
        legal_basis=LegalBasis.CARE_ORDER_CONTACT,
        effect=RestrictionEffect.SUPERVISED_ONLY,
        order_reference="ZC25C00312",
    )
    return person


def log(client, child, **fields):
    started = fields.pop("started_at", timezone.localtime() - timedelta(minutes=30))
    data = {
        "contact_type": "visit",
        "direction": "in_person",
        "started_at": started.strftime("%Y-%m-%dT%H:%M"),
        **fields,
    }
    return client.post(reverse("records:entry-add", args=[child.pk]), data)


def html(response):
    return response.content.decode()


def entry_links(response):
    return len(re.findall(r'href="/contact-log/\d+/"', html(response)))


class TestLogging:
    def test_a_supervised_visit_from_mum(self, client, people, child, mum):
        client.force_login(people.staff)
        form = html(client.get(reverse("records:entry-add", args=[child.pk]) + "?type=visit"))
        assert 'value="visit"' in form and "checked" in form
        assert "Karen Hughes (mother)" in form
        me = re.search(rf'<input[^>]*name="staff_present" value="{people.staff.pk}"[^>]*>', form)
        assert "checked" in me[0]  # me, ticked

        response = log(
            client,
            child,
            participants=[mum.pk],
            supervised="on",
            supervised_by="Sam Tester",
            staff_present=[people.staff.pk],
            summary="Played a board game; talked about the holidays.",
            presentation_before="nervous",
            presentation_after="settled",
        )

        entry = ContactEntry.objects.get()
        assert response.url == child.get_absolute_url() + "#contacts"
        assert (entry.result, entry.flagged) == ("conditional", False)
        assert entry.reasons == ["The plan allows supervised visit with Karen Hughes."]
        assert list(entry.participants.all()) == [mum]
        assert list(entry.staff_present.all()) == [people.staff]
        assert entry.recorded_by == people.staff
        page = html(client.get(child.get_absolute_url()))
        assert "Visit ·" in page and "with Karen Hughes" in page
        assert not Notification.objects.exists()

    def test_a_call_asks_which_way_and_a_visit_is_in_person(self, client, people, child, mum):
        client.force_login(people.staff)
        url = reverse("records:entry-add", args=[child.pk])
        call = html(client.get(url + "?type=phone"))
        visit = html(client.get(url + "?type=visit"))
        assert not re.search(r'name="direction"[^>]*checked', call)
        assert re.search(r'name="direction" value="in_person"[^>]*checked', visit)
        assert 'name="direction" value=""' not in call  # no blank choice among the radios

    def test_supervised_means_by_me_unless_named_and_a_name_needs_the_tick(
        self, client, people, child, mum
    ):
        client.force_login(people.staff)
        response = log(client, child, participants=[mum.pk], supervised_by="Sam Tester")
        assert "Tick this if someone supervised it" in html(response)
        assert not ContactEntry.objects.exists()
        log(client, child, participants=[mum.pk], supervised="on")
        assert ContactEntry.objects.get().supervised_by == "Sam Tester"

    def test_an_unsupervised_call_under_a_supervised_only_order_is_saved_and_flagged(
        self, client, people, child, dad
    ):
        client.force_login(people.staff)

        response = log(
            client, child, contact_type="phone", direction="incoming", participants=[dad.pk]
        )

        entry = ContactEntry.objects.get()
        # Straight on to raising a concern, filled in from the entry.
        assert response.url == f"/concerns/new/?child={child.pk}&entry={entry.pk}"
        assert entry.flagged
        assert "It was not supervised, but the plan or a restriction says it must be." in (
            entry.reasons
        )
        assert [r.order_reference for r in entry.applied_restrictions.all()] == ["ZC25C00312"]
        page = html(client.get(entry.get_absolute_url()))
        assert "Flagged: this contact broke a restriction or the plan" in page
        assert "Care order contact conditions (s34) (ZC25C00312)" in page
        told = sorted(n.recipient for n in Notification.objects.all())
        assert told == sorted([people.dsl.email, people.manager.email])
        for notification in Notification.objects.all():
            assert "Hughes" not in notification.body and "ZC25" not in notification.body

    def test_a_visit_from_someone_named_in_a_siblings_order_is_flagged_for_the_dsl(
        self, client, people, site, child, mum
    ):
        sister = ChildFactory(site=site, legal_first_name="Erin")
        RestrictionFactory(child=sister, person=mum, legal_basis=LegalBasis.NON_MOLESTATION_ORDER)
        client.force_login(people.staff)
        log(client, child, participants=[mum.pk], supervised="on", supervised_by="Sam Tester")

        entry = ContactEntry.objects.get()
        assert entry.flagged
        assert "An order about another child at this site names Karen Hughes." in entry.reasons
        assert "The DSL must review it" in " ".join(entry.reasons)
        assert not any("Do not go ahead" in c for c in entry.conditions)
        assert "Erin" not in html(client.get(entry.get_absolute_url()))
        told = sorted(n.recipient for n in Notification.objects.all())
        assert told == sorted([people.dsl.email, people.manager.email])

    def test_the_same_call_supervised_is_not_flagged(self, client, people, child, dad):
        client.force_login(people.staff)
        log(
            client,
            child,
            contact_type="phone",
            direction="incoming",
            participants=[dad.pk],
            supervised="on",
            supervised_by="Sam Tester",
        )
        assert not ContactEntry.objects.get().flagged

    def test_someone_not_in_the_plan_is_flagged(self, client, people, child, plan):
        client.force_login(people.staff)
        log(client, child, someone_else="A man saying he is an uncle", summary="At the gate.")
        entry = ContactEntry.objects.get()
        assert entry.flagged and entry.result == "not_allowed"

    def test_a_protected_professional_is_never_flagged(self, client, people, child, plan):
        advocate = RelationshipFactory(
            child=child, protected_role=ProtectedRole.ADVOCATE, relationship="advocate"
        ).person
        RestrictionFactory(
            child=child,
            person=None,
            covers_all_contact=True,
            legal_basis=LegalBasis.EMERGENCY_ON_SITE,
        )
        client.force_login(people.staff)
        log(client, child, contact_type="phone", direction="incoming", participants=[advocate.pk])
        entry = ContactEntry.objects.get()
        assert (entry.result, entry.flagged) == ("allowed", False)

    def test_the_preview_says_what_the_rule_says_before_saving(self, client, people, child, dad):
        client.force_login(people.staff)
        fragment = html(
            client.get(
                reverse("records:entry-preview", args=[child.pk]),
                {"contact_type": "phone", "participants": [dad.pk]},
            )
        )
        assert "Allowed with conditions" in fragment
        assert "Must be supervised, as the restriction requires." in fragment
        assert not ContactEntry.objects.exists()


class TestPrivateCorrespondence:
    def test_a_letter_is_logged_without_its_content(self, client, people, child, mum):
        ContactArrangementFactory(
            plan=child.contact_plan, person=mum, contact_type=ContactType.LETTER
        )
        client.force_login(people.staff)
        response = log(
            client,
            child,
            contact_type="letter",
            direction="incoming",
            participants=[mum.pk],
            summary="She says she misses him.",
            content="Dear Danny…",
        )
        page = html(response)
        assert response.status_code == 200
        assert PRIVATE.replace("'", "&#x27;") in page
        assert "She says she misses him." in page  # kept as typed, to be taken out
        assert not ContactEntry.objects.exists()

        log(client, child, contact_type="letter", direction="incoming", participants=[mum.pk])
        entry = ContactEntry.objects.get()
        assert (entry.summary, entry.content, entry.flagged) == ("", "", False)

    def test_monitored_correspondence_may_keep_its_content(self, client, people, child, mum):
        ContactArrangementFactory(
            plan=child.contact_plan, person=mum, contact_type=ContactType.LETTER
        )
        RestrictionFactory(
            child=child,
            person=mum,
            legal_basis=LegalBasis.CARE_ORDER_CONTACT,
            effect=RestrictionEffect.MONITORED,
            monitored_by="the social worker",
        )
        client.force_login(people.staff)
        fragment = html(
            client.get(
                reverse("records:entry-preview", args=[child.pk]),
                {"contact_type": "letter", "participants": [mum.pk]},
            )
        )
        assert "Correspondence is monitored: read by the social worker" in fragment
        log(
            client,
            child,
            contact_type="letter",
            direction="incoming",
            participants=[mum.pk],
            content="Asks when she can visit.",
        )
        entry = ContactEntry.objects.get()
        assert entry.content == "Asks when she can visit."
        assert entry.result == "conditional" and not entry.flagged


class TestLocalRules:
    def test_a_message_late_at_night_is_noted_not_flagged(self, client, people, site, child, mum):
        LocalRule.objects.create(
            site=site,
            activity=LocalRule.Activity.MESSAGES,
            days=LocalRule.Days.SCHOOL_DAYS,
            from_time=time(7, 0),
            until_time=time(21, 0),
        )
        tuesday_night = datetime(2026, 11, 24, 23, 30, tzinfo=LONDON)
        client.force_login(people.staff)
        log(
            client,
            child,
            contact_type="message",
            direction="incoming",
            participants=[mum.pk],
            started_at=tuesday_night,
        )
        entry = ContactEntry.objects.get()
        assert entry.outside_local_rules and not entry.flagged
        page = html(client.get(entry.get_absolute_url()))
        assert "Outside the site's local rules" in page

    @pytest.mark.parametrize(
        ("when", "outside"),
        [
            (datetime(2026, 11, 24, 7, 0), False),  # the first minute allowed
            (datetime(2026, 11, 24, 20, 59), False),
            (datetime(2026, 11, 24, 21, 0), True),  # "until 21:00"
            (datetime(2026, 11, 24, 0, 5), True),  # just after midnight
            (datetime(2026, 11, 28, 23, 0), False),  # Saturday: no weekend rule set
        ],
    )
    def test_the_edges_of_the_times(self, site, when, outside):
        from records.selectors import local_rule_broken

        LocalRule.objects.create(
            site=site, activity=LocalRule.Activity.MESSAGES, days=LocalRule.Days.SCHOOL_DAYS
        )
        broken = local_rule_broken(
            site=site, contact_type=ContactType.MESSAGE, at=when.replace(tzinfo=LONDON)
        )
        assert (broken is not None) == outside

    def test_the_site_manager_sets_them_and_nonsense_is_refused(self, client, people, site):
        client.force_login(people.manager)
        url = reverse("records:local-rule-add")
        page = html(
            client.post(
                url,
                {
                    "activity": "calls",
                    "days": "weekends",
                    "from_time": "21:00",
                    "until_time": "08:00",
                },
            )
        )
        assert "&#x27;Until&#x27; must be later than &#x27;from&#x27;." in page
        assert not LocalRule.objects.exists()
        client.post(
            url,
            {"activity": "calls", "days": "weekends", "from_time": "08:00", "until_time": "21:30"},
        )
        assert str(LocalRule.objects.get()) == "Phone and video calls, weekends: 08:00 to 21:30"
        client.force_login(people.staff)
        assert client.get(url).status_code == 403
        assert "08:00" in html(client.get(reverse("records:local-rules")))


class TestBadInput:
    def refused(self, response, message):
        assert response.status_code == 200
        assert message in html(response)
        assert not ContactEntry.objects.exists()

    def test_ending_before_it_started(self, client, people, child, mum):
        client.force_login(people.staff)
        started = timezone.localtime() - timedelta(hours=2)
        response = log(
            client,
            child,
            participants=[mum.pk],
            started_at=started,
            ended_at=(started - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M"),
            summary="Kept as typed",
        )
        self.refused(response, "It cannot end before it started.")
        assert "Kept as typed" in html(response)

    def test_a_date_in_the_future(self, client, people, child, mum):
        client.force_login(people.staff)
        response = log(
            client,
            child,
            participants=[mum.pk],
            started_at=timezone.localtime() + timedelta(days=2),
        )
        self.refused(response, "A contact cannot be logged before it happens")

    def test_someone_who_is_not_the_childs(self, client, people, site, other_site, child, mum):
        sibling_dad = RelationshipFactory(child=ChildFactory(site=site)).person
        elsewhere = RelationshipFactory(child=ChildFactory(site=other_site)).person
        client.force_login(people.staff)
        for stranger in (sibling_dad, elsewhere):
            response = log(client, child, participants=[stranger.pk])
            self.refused(response, "Choose from this child&#x27;s people.")

    def test_nobody_named(self, client, people, child, plan):
        client.force_login(people.staff)
        self.refused(log(client, child, summary="x"), "Say who took part")

    def test_an_over_long_summary(self, client, people, child, mum):
        client.force_login(people.staff)
        response = log(client, child, participants=[mum.pk], summary="word " * 1000)
        self.refused(response, "Ensure this value has at most 4000 characters")

    def test_a_child_who_has_left(self, client, people, site):
        left = ChildFactory(site=site, leaving_date=timezone.localdate() - timedelta(days=1))
        client.force_login(people.staff)
        assert client.get(reverse("records:entry-add", args=[left.pk])).status_code == 404


class TestCorrections:
    def logged(self, client, people, child, mum, **fields):
        client.force_login(people.staff)
        log(client, child, participants=[mum.pk], supervised="on", supervised_by="Sam", **fields)
        return ContactEntry.objects.get()

    def edit(self, client, entry, **fields):
        page = html(client.get(reverse("records:entry-edit", args=[entry.pk])))
        version = page.split('name="edit_version" value="', 1)[1].split('"', 1)[0]
        data = {
            "contact_type": entry.contact_type,
            "direction": entry.direction,
            "started_at": timezone.localtime(entry.started_at).strftime("%Y-%m-%dT%H:%M"),
            "participants": [p.pk for p in entry.participants.all()],
            "supervised": "on",
            "supervised_by": "Sam",
            "edit_version": version,
            **fields,
        }
        return client.post(reverse("records:entry-edit", args=[entry.pk]), data)

    def test_within_a_day_no_reason_is_asked_and_the_rule_is_asked_again(
        self, client, people, child, mum
    ):
        entry = self.logged(client, people, child, mum)
        self.edit(client, entry, supervised="", supervised_by="")
        entry.refresh_from_db()
        assert entry.flagged  # now unsupervised: the rule says so again

    def test_clearing_a_flag_needs_a_reason_and_the_leads_are_told(
        self, client, people, child, dad
    ):
        client.force_login(people.staff)
        log(client, child, contact_type="phone", direction="incoming", participants=[dad.pk])
        entry = ContactEntry.objects.get()
        assert entry.flagged
        Notification.objects.all().delete()

        response = self.edit(client, entry, summary="Staff were in the room after all.")
        assert "Say why: this correction clears the flag" in html(response)
        entry.refresh_from_db()
        assert entry.flagged and not Notification.objects.exists()

        response = self.edit(client, entry, reason="Sam sat in on the call")
        entry.refresh_from_db()
        assert not entry.flagged
        told = sorted(n.recipient for n in Notification.objects.all())
        assert told == sorted([people.dsl.email, people.manager.email])
        assert "no longer flagged" in Notification.objects.first().subject + (
            Notification.objects.first().body
        )
        assert response.url == child.get_absolute_url() + "#contacts"
        history = html(client.get(reverse("records:entry-history", args=[entry.pk])))
        assert "Sam sat in on the call" in history

    def test_after_a_day_a_reason_is_needed_and_kept(self, client, people, child, mum):
        entry = self.logged(client, people, child, mum)
        ContactEntry.objects.filter(pk=entry.pk).update(
            recorded_at=timezone.now() - timedelta(hours=25)
        )
        response = self.edit(client, entry, summary="Also baked a cake.")
        assert "This field is required." in html(response)
        self.edit(client, entry, summary="Also baked a cake.", reason="Forgot the cake")
        history = html(client.get(reverse("records:entry-history", args=[entry.pk])))
        assert "Forgot the cake" in history

    def test_only_the_author_and_the_leads_correct_an_entry(self, client, people, site, child, mum):
        from ..factories import MembershipFactory, UserFactory

        entry = self.logged(client, people, child, mum)
        colleague = UserFactory(username="colleague")
        MembershipFactory(user=colleague, site=site)
        client.force_login(colleague)
        assert client.get(reverse("records:entry-edit", args=[entry.pk])).status_code == 403
        assert client.get(entry.get_absolute_url()).status_code == 200  # but may read it
        client.force_login(people.slt)
        assert client.get(reverse("records:entry-edit", args=[entry.pk])).status_code == 403
        client.force_login(people.dsl)
        assert client.get(reverse("records:entry-edit", args=[entry.pk])).status_code == 200
        client.force_login(people.outsider)
        assert client.get(entry.get_absolute_url()).status_code == 404

    def test_a_wrong_entry_is_marked_never_deleted_and_stays_for_the_leads(
        self, client, people, child, mum
    ):
        entry = self.logged(client, people, child, mum)
        url = reverse("records:entry-in-error", args=[entry.pk])
        page = html(client.get(url))
        version = page.split('name="edit_version" value="', 1)[1].split('"', 1)[0]
        client.post(url, {"reason": "Logged for the wrong child", "edit_version": version})

        entry.refresh_from_db()
        assert entry.entered_in_error and entry.error_reason == "Logged for the wrong child"
        assert ContactEntry.objects.count() == 1
        assert client.get(entry.get_absolute_url()).status_code == 404  # staff: gone from view
        assert "entered in error" not in html(client.get(child.get_absolute_url()))
        client.force_login(people.manager)
        page = html(client.get(entry.get_absolute_url()))
        assert "Entered in error:</strong> Logged for the wrong child" in page
        assert "entered in error" in html(client.get(reverse("records:entry-list")))


class TestTheSiteLog:
    def test_filters_and_flat_queries(
        self, client, people, site, child, mum, dad, django_assert_max_num_queries
    ):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client.force_login(people.staff)
        log(client, child, participants=[mum.pk], supervised="on", supervised_by="Sam")
        log(client, child, contact_type="phone", direction="incoming", participants=[dad.pk])
        other = ChildFactory(site=site, legal_first_name="Ella", legal_last_name="Stone")
        client.force_login(people.manager)
        url = reverse("records:entry-list")

        assert entry_links(client.get(url)) == 2
        flagged = html(client.get(url, {"flagged": "on"}))
        assert (
            len(re.findall(r'href="/contact-log/\d+/"', flagged)) == 1 and "Phone call" in flagged
        )
        assert entry_links(client.get(url, {"contact_type": "visit"})) == 1
        assert entry_links(client.get(url, {"person": dad.pk})) == 1
        assert entry_links(client.get(url, {"child": "ella"})) == 0
        tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
        assert entry_links(client.get(url, {"since": tomorrow})) == 0

        with CaptureQueriesContext(connection) as few:
            client.get(url)
        for n in range(20):
            person = RelationshipFactory(child=other, person__full_name=f"Visitor {n}").person
            entry = ContactEntry.objects.create(
                child=other,
                contact_type="visit",
                direction="in_person",
                started_at=timezone.now() - timedelta(days=1),
                someone_else="x",
                recorded_by=people.staff,
                result="not_allowed",
            )
            entry.participants.add(person)
        with django_assert_max_num_queries(len(few)):
            client.get(url)

    def test_staff_do_not_see_the_site_log(self, client, people):
        client.force_login(people.staff)
        assert client.get(reverse("records:entry-list")).status_code == 403


@pytest.mark.parametrize(
    ("year", "said"),
    [("0001", "check the year"), ("9999", "check the year"), ("2001", "before the child was born")],
)
def test_a_slip_of_the_year_is_refused_not_saved(client, people, child, mum, year, said):
    client.force_login(people.staff)
    response = client.post(
        reverse("records:entry-add", args=[child.pk]),
        {
            "contact_type": "visit",
            "direction": "in_person",
            "started_at": f"{year}-06-15T10:00",
            "participants": [mum.pk],
        },
    )
    assert said in html(response)
    assert not ContactEntry.objects.exists()
