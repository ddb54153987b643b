"""Safeguarding concerns: raising, who is told and who sees them, the lead's steps,
allegations, escalation of unopened urgent concerns, need-to-know notes, attachments."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from contacts.models import CollectionCheck, ContactType
from coxlease.models import Notification, OnCall, Role
from safeguarding.models import Attachment, Category, Concern, Status, Step, Urgency
from safeguarding.selectors import dsl_queue
from safeguarding.services import concern_raise, unopened_urgent_escalate

from ..conftest import a_photo
from ..factories import MembershipFactory, RelationshipFactory, RestrictionFactory, UserFactory

RAISE = reverse("safeguarding:concern-raise")


def html(response):
    return response.content.decode()


def form(**fields):
    when = timezone.localtime() - timedelta(hours=1)
    return {
        "category": "other",
        "urgency": "routine",
        "happened_at": when.strftime("%Y-%m-%dT%H:%M"),
        "what_happened": "Danny said a man spoke to him at the fence and offered him sweets.",
        **fields,
    }


def raise_one(client, child, **fields):
    return client.post(f"{RAISE}?child={child.pk}", form(**fields))


def told():
    return sorted(Notification.objects.values_list("recipient", flat=True))


def told_it_was_not_opened():
    not_opened = Notification.objects.filter(dedupe_key__startswith="concern-not-opened:")
    return sorted(not_opened.values_list("recipient", flat=True))


def raise_as(user, child, **fields) -> Concern:
    return concern_raise(
        concern=Concern(
            child=child,
            category=fields.pop("category", Category.OTHER),
            urgency=fields.pop("urgency", Urgency.ROUTINE),
            happened_at=timezone.now() - timedelta(hours=1),
            what_happened="Something worrying.",
            **fields,
        ),
        people_involved=[],
        raised_by=user,
    )


@pytest.fixture
def colleague(site):
    user = UserFactory(username="colleague", first_name="Cal")
    MembershipFactory(user=user, site=site, role=Role.STAFF)
    return user


class TestRaising:
    def test_staff_raise_a_concern_and_the_leads_are_told_at_once(self, client, people, child):
        client.force_login(people.staff)
        response = raise_one(client, child, childs_words="He said: I didn't like it.")

        concern = Concern.objects.get()
        assert response.url == concern.get_absolute_url()
        assert concern.raised_by == people.staff and concern.status == Status.NEW
        assert abs(concern.raised_at - timezone.now()) < timedelta(minutes=1)
        assert [s.kind for s in concern.steps.all()] == [Step.Kind.RAISED]
        assert told() == sorted([people.dsl.email, people.manager.email])
        for notification in Notification.objects.all():
            assert "Daniel" not in notification.body and "sweets" not in notification.body
            assert notification.body.startswith("Urgent: a safeguarding concern was raised.")

    def test_the_banner_stays_until_a_lead_opens_it(self, client, people, child):
        concern = raise_as(people.staff, child)
        client.force_login(people.manager)
        assert "not yet opened by a lead" in html(client.get(reverse("monitoring:home")))
        client.force_login(people.staff)
        client.get(concern.get_absolute_url())  # the author opening it does not count
        assert "not yet opened" not in html(client.get(reverse("monitoring:home")))
        client.force_login(people.dsl)
        client.get(concern.get_absolute_url())
        client.force_login(people.manager)
        assert "not yet opened by a lead" not in html(client.get(reverse("monitoring:home")))
        concern.refresh_from_db()
        assert concern.first_opened_by == people.dsl

    def test_an_urgent_concern_tells_whoever_raised_it_to_phone_the_person_on_call(
        self, client, people, site, child
    ):
        OnCall.objects.create(
            site=site,
            person=people.dsl,
            starts_at=timezone.now() - timedelta(hours=1),
            ends_at=timezone.now() + timedelta(hours=8),
            phone="07700 900999",
        )
        client.force_login(people.staff)
        page = html(client.get(f"{RAISE}?child={child.pk}"))
        assert "on call" in page and "07700 900999" in page
        response = raise_one(client, child, urgency="urgent")
        page = html(client.get(response.url))
        assert "It is urgent: phone Gareth Tester on 07700 900999 now" in page
        assert "999 if the child is in immediate danger" in page

    def test_from_a_flagged_contact_or_a_refusal_at_the_door_it_is_filled_in(
        self, client, people, child
    ):
        from records.models import ContactEntry

        dad = RelationshipFactory(child=child, person__full_name="Mark Hughes").person
        RestrictionFactory(child=child, person=dad, order_reference="NM1")
        entry = ContactEntry.objects.create(
            child=child,
            contact_type=ContactType.PHONE,
            direction="incoming",
            started_at=timezone.now() - timedelta(hours=2),
            recorded_by=people.staff,
            result="not_allowed",
            reasons=["Not allowed: no contact for Mark Hughes."],
            summary="He rang the house phone and asked where Danny sleeps.",
            flagged=True,
        )
        entry.participants.add(dad)
        client.force_login(people.staff)
        page = html(client.get(f"{RAISE}?child={child.pk}&entry={entry.pk}"))
        assert (
            'value="plan_not_followed" selected' in page
            or 'value="plan_not_followed"\n' in page
            or 'plan_not_followed" selected' in page
        )
        assert "He rang the house phone and asked where Danny sleeps." in page  # the facts typed
        assert "Flagged when it was logged: Not allowed: no contact for Mark Hughes." in page
        client.post(f"{RAISE}?child={child.pk}&entry={entry.pk}", form(entry=entry.pk))
        assert Concern.objects.get().contact_entry == entry

        check = CollectionCheck.objects.create(
            child=child,
            person=dad,
            handover=ContactType.COLLECTION,
            checked_by=people.staff,
            result="not_allowed",
            reasons=["Not allowed: no contact for Mark Hughes."],
        )
        page = html(client.get(f"{RAISE}?child={child.pk}&check={check.pk}"))
        assert "Mark Hughes came to collect the child." in page

    def test_bad_input_is_refused_and_nothing_saved(self, client, people, child):
        client.force_login(people.staff)
        page = html(raise_one(client, child, what_happened="", childs_words="Kept as typed"))
        assert "This field is required." in page and "Kept as typed" in page
        later = timezone.localtime() + timedelta(days=1)
        page = html(raise_one(client, child, happened_at=later.strftime("%Y-%m-%dT%H:%M")))
        assert "It cannot have happened in the future." in page
        page = html(raise_one(client, child, category="allegation"))
        assert "Say who the allegation is about." in page
        assert not Concern.objects.exists() and not Notification.objects.exists()

    def test_another_sites_child_cannot_be_named(self, client, people, other_site):
        from ..factories import ChildFactory

        elsewhere = ChildFactory(site=other_site)
        client.force_login(people.staff)
        assert client.get(f"{RAISE}?child={elsewhere.pk}").status_code == 404


class TestWhoSeesIt:
    def test_the_author_the_leads_and_slt_and_nobody_else(self, client, people, child, colleague):
        concern = raise_as(people.staff, child)
        url = concern.get_absolute_url()
        for user, status in [
            (people.staff, 200),
            (people.dsl, 200),
            (people.manager, 200),
            (people.slt, 200),
            (colleague, 404),
            (people.admin, 404),
            (people.outsider, 404),
        ]:
            client.force_login(user)
            assert client.get(url).status_code == status, user

    def test_the_author_sees_their_account_and_the_outcome_not_the_leads_notes(
        self, client, people, child
    ):
        from safeguarding.services import concern_close, concern_record_decision

        concern = raise_as(people.staff, child)
        concern_record_decision(
            concern=concern, by=people.dsl, text="Spoke to the police privately."
        )
        concern_close(concern=concern, by=people.dsl, outcome="Police advised; no further action.")
        client.force_login(people.staff)
        page = html(client.get(concern.get_absolute_url()))
        assert "Something worrying." in page and "Police advised; no further action." in page
        assert "Spoke to the police privately." not in page

    def test_only_the_leads_act_slt_read(self, client, people, child):
        concern = raise_as(people.staff, child)
        close = reverse("safeguarding:concern-close", args=[concern.pk])
        for user, status in [(people.slt, 403), (people.staff, 403), (people.dsl, 200)]:
            client.force_login(user)
            assert client.get(close).status_code == status


class TestTheLeadsSteps:
    def test_the_dsl_escalates_to_the_placing_authority_and_closes_with_an_outcome(
        self, client, people, child
    ):
        concern = raise_as(people.staff, child)
        client.force_login(people.dsl)
        client.post(
            reverse("safeguarding:concern-review", args=[concern.pk]), {"text": "Reading it now."}
        )
        now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
        response = client.post(
            reverse("safeguarding:concern-escalate", args=[concern.pk]),
            {"escalated_when": now, "escalated_how": "phone", "text": "Rang the duty team."},
        )
        assert "Say to whom it was escalated." in html(response)
        client.post(
            reverse("safeguarding:concern-escalate", args=[concern.pk]),
            {
                "escalated_to": "placing_authority",
                "escalated_when": now,
                "escalated_how": "phone",
                "reference": "HCC-2026-4411",
                "text": "Rang the duty team; they will visit tomorrow.",
            },
        )
        concern.refresh_from_db()
        assert concern.status == Status.ESCALATED
        page = html(
            client.post(reverse("safeguarding:concern-close", args=[concern.pk]), {"outcome": ""})
        )
        assert "Say what the outcome was." in page
        concern.refresh_from_db()
        assert concern.status == Status.ESCALATED
        client.post(
            reverse("safeguarding:concern-close", args=[concern.pk]),
            {"outcome": "Social worker visited; plan updated."},
        )
        concern.refresh_from_db()
        assert concern.status == Status.CLOSED
        page = html(client.get(concern.get_absolute_url()))
        assert "To Placing authority" in page and "reference HCC-2026-4411" in page
        assert [s.kind for s in concern.steps.all()] == [
            Step.Kind.RAISED,
            Step.Kind.REVIEW,
            Step.Kind.ESCALATED,
            Step.Kind.CLOSED,
        ]
        response = client.post(
            reverse("safeguarding:concern-reopen", args=[concern.pk]), {"reason": " "}
        )
        assert "Say why it is reopened." in html(response)
        client.post(
            reverse("safeguarding:concern-reopen", args=[concern.pk]),
            {"reason": "He told his key worker more."},
        )
        concern.refresh_from_db()
        assert concern.status == Status.IN_REVIEW

    def test_a_need_to_know_note_reaches_the_named_colleague_not_the_concern(
        self, client, people, child, colleague
    ):
        concern = raise_as(people.staff, child)
        client.force_login(people.dsl)
        client.post(
            reverse("safeguarding:concern-need-to-know", args=[concern.pk]),
            {"text": "Walk Danny to the minibus this week.", "colleagues": [colleague.pk]},
        )
        client.force_login(colleague)
        assert "Walk Danny to the minibus this week." in html(
            client.get(reverse("monitoring:home"))
        )
        assert "Walk Danny to the minibus this week." in html(client.get(child.get_absolute_url()))
        assert client.get(concern.get_absolute_url()).status_code == 404
        client.force_login(people.manager)
        assert "Walk Danny" not in html(client.get(reverse("monitoring:home")))


class TestAllegations:
    def test_about_the_site_manager_it_goes_to_slt_and_the_sites_leads_never_see_it(
        self, client, people, child
    ):
        concern = raise_as(
            people.staff, child, category=Category.ALLEGATION, named_adult=people.manager
        )
        assert told() == [people.slt.email]
        for user, status in [
            (people.manager, 404),
            (people.dsl, 404),
            (people.slt, 200),
            (people.staff, 200),
        ]:
            client.force_login(user)
            assert client.get(concern.get_absolute_url()).status_code == status, user
        client.force_login(people.slt)
        response = client.get(reverse("safeguarding:concern-escalate", args=[concern.pk]))
        assert response.status_code == 200  # SLT act on it: LADO, police
        client.force_login(people.manager)
        assert "not yet opened" not in html(client.get(reverse("monitoring:home")))

    def test_urgent_about_the_dsl_on_call_the_desk_is_sent_to_slt_not_to_them(
        self, client, people, site, child
    ):
        now = timezone.now()
        OnCall.objects.create(
            site=site,
            person=people.dsl,
            starts_at=now - timedelta(hours=1),
            ends_at=now + timedelta(hours=8),
            phone="07700 900301",
        )
        people.slt.work_phone = "07700 900999"
        people.slt.save()
        client.force_login(people.staff)
        response = raise_one(
            client, child, category="allegation", urgency="urgent", named_adult=people.dsl.pk
        )
        said = html(client.get(response.url))
        assert "senior leadership (SLT) have been told" in said
        assert "phone Anne Tester on 07700 900999 now" in said
        assert "07700 900301" not in said and "DSL and site manager" not in said
        assert "Senior leadership (SLT) have it." in said
        assert told() == [people.slt.email]

    def test_slt_see_the_banner_whichever_site_they_are_working_in(
        self, client, people, site, other_site, child
    ):
        MembershipFactory(user=people.slt, site=other_site, role=Role.SLT)
        concern = raise_as(
            people.staff, child, category=Category.ALLEGATION, named_adult=people.manager
        )
        client.force_login(people.slt)
        client.post(reverse("site-switch", args=[other_site.pk]))
        page = html(client.get(reverse("monitoring:home")))
        assert f"Working in {other_site}" in page or str(other_site) in page
        assert "not yet opened by a lead" in page
        assert f'href="{concern.get_absolute_url()}"' in page and f"at {site}" in page

    def test_the_adult_named_never_sees_it_whatever_their_role(
        self, client, people, child, colleague
    ):
        concern = raise_as(people.staff, child, category=Category.ALLEGATION, named_adult=colleague)
        assert colleague.email not in told()
        assert told() == sorted([people.dsl.email, people.manager.email])
        client.force_login(colleague)
        assert client.get(concern.get_absolute_url()).status_code == 404
        client.force_login(people.dsl)
        assert client.get(concern.get_absolute_url()).status_code == 200


class TestUnopenedUrgentConcerns:
    def test_after_30_minutes_whoever_came_on_call_then_after_an_hour_slt(
        self, people, site, child, colleague
    ):
        concern = raise_as(people.staff, child, urgency=Urgency.URGENT)
        raised = concern.raised_at
        OnCall.objects.create(  # a shift that began after it was raised
            site=site,
            person=people.dsl,
            starts_at=raised + timedelta(minutes=10),
            ends_at=raised + timedelta(hours=8),
            phone="07700 900301",
        )
        site.deputy_dsl = colleague
        site.save()  # made deputy after it was raised: they heard nothing yet

        assert unopened_urgent_escalate(now=raised + timedelta(minutes=29)) == 0
        assert unopened_urgent_escalate(now=raised + timedelta(minutes=31)) == 1
        assert told_it_was_not_opened() == sorted([colleague.email, people.dsl.email])
        assert unopened_urgent_escalate(now=raised + timedelta(minutes=45)) == 0  # once
        assert unopened_urgent_escalate(now=raised + timedelta(minutes=61)) == 1
        assert people.slt.email in told_it_was_not_opened()
        assert [s.kind for s in concern.steps.all()][-2:] == [Step.Kind.ALERT, Step.Kind.ALERT]
        assert "told Anne Tester (SLT)" in concern.steps.last().text

    def test_when_the_deputy_heard_at_once_slt_hear_after_30_minutes(self, people, site, child):
        site.deputy_dsl = people.manager  # the manager, told when it was raised
        site.save()
        concern = raise_as(people.staff, child, urgency=Urgency.URGENT)

        assert unopened_urgent_escalate(now=concern.raised_at + timedelta(minutes=31)) == 1
        assert told_it_was_not_opened() == sorted([people.manager.email, people.slt.email])
        step = concern.steps.last()
        assert "reminded Priya Tester (the deputy DSL" in step.text
        assert "told Anne Tester (SLT)" in step.text
        assert unopened_urgent_escalate(now=concern.raised_at + timedelta(minutes=61)) == 0

    def test_once_a_lead_opens_it_nothing_escalates(self, client, people, child):
        concern = raise_as(people.staff, child, urgency=Urgency.URGENT)
        client.force_login(people.dsl)
        client.get(concern.get_absolute_url())
        assert unopened_urgent_escalate(now=concern.raised_at + timedelta(hours=2)) == 0

    def test_routine_concerns_wait_for_the_queue(self, people, child):
        concern = raise_as(people.staff, child)
        assert unopened_urgent_escalate(now=concern.raised_at + timedelta(hours=2)) == 0


class TestTheQueue:
    def test_past_their_time_first_then_urgent_then_oldest(self, people, child):
        old = raise_as(people.staff, child)
        urgent = raise_as(people.staff, child, urgency=Urgency.URGENT)
        days_ago = timezone.now() - timedelta(days=4)
        Concern.objects.filter(pk=old.pk).update(raised_at=days_ago, happened_at=days_ago)
        queue = dsl_queue(user=people.dsl, site=child.site)
        assert [item.concern for item in queue] == [old, urgent]
        assert queue[0].overdue and not queue[1].overdue

    def test_one_working_day_skips_the_weekend(self, people, child):
        concern = raise_as(people.staff, child)
        friday = datetime(2026, 11, 20, 15, 0, tzinfo=ZoneInfo("Europe/London"))
        concern.raised_at = friday
        assert concern.respond_by.strftime("%A %H:%M") == "Monday 15:00"


class TestAttachments:
    def test_files_are_kept_outside_the_web_root_and_shown_only_to_those_who_see_the_concern(
        self, client, people, child, colleague, settings
    ):
        client.force_login(people.staff)
        raise_one(client, child, attachments=[a_photo("bruise.jpg")])
        attachment = Attachment.objects.get()
        assert (
            str(settings.MEDIA_ROOT) in attachment.file.path
            and "bruise" not in attachment.file.name
        )
        url = reverse("safeguarding:attachment-download", args=[attachment.pk])
        response = client.get(url)
        assert response.status_code == 200 and "no-store" in response["Cache-Control"]
        client.force_login(colleague)
        assert client.get(url).status_code == 404

    @pytest.mark.parametrize(
        ("upload", "message"),
        [
            (SimpleUploadedFile("virus.exe", b"MZ\x90\x00"), "attach a PDF, a photo"),
            (SimpleUploadedFile("fake.pdf", b"<html>not a pdf"), "is not the kind of file"),
            (
                SimpleUploadedFile("big.pdf", b"%PDF-1.4" + bytes(11 * 1024 * 1024)),
                "is too large: the limit is 10 MB",
            ),
        ],
    )
    def test_the_wrong_kind_or_too_large_is_refused(self, client, people, child, upload, message):
        client.force_login(people.staff)
        page = html(raise_one(client, child, attachments=[upload]))
        assert message in page
        assert not Concern.objects.exists() and not Attachment.objects.exists()


class TestTheOnCallRota:
    def test_the_manager_puts_a_lead_on_call_and_the_door_shows_them(
        self, client, people, site, child
    ):
        client.force_login(people.manager)
        url = reverse("safeguarding:on-call-add")
        start = timezone.localtime() - timedelta(hours=1)
        data = {
            "person": people.staff.pk,
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + timedelta(hours=12)).strftime("%Y-%m-%dT%H:%M"),
            "phone": "07700 900555",
        }
        assert "Select a valid choice" in html(client.post(url, data))
        client.post(url, {**data, "person": people.dsl.pk})
        assert OnCall.objects.get().person == people.dsl
        dad = RelationshipFactory(child=child, person__full_name="Mark Hughes").person
        RestrictionFactory(child=child, person=dad)
        client.force_login(people.staff)
        response = client.post(
            reverse("contacts:collection-check"),
            {"child": child.pk, "person": dad.pk, "handover": "collection"},
        )
        page = html(client.get(response.url))
        assert "on call for safeguarding, now" in page and "07700 900555" in page


class TestChangingTheRota:
    def shift(self, site, person, *, starts_in, hours=12):
        start = timezone.now() + starts_in
        return OnCall.objects.create(
            site=site,
            person=person,
            starts_at=start,
            ends_at=start + timedelta(hours=hours),
            phone="07700 900301",
        )

    def test_a_shift_is_changed_or_taken_off_and_its_history_kept(self, client, people, site):
        coming = self.shift(site, people.dsl, starts_in=timedelta(days=1))
        client.force_login(people.manager)
        form = html(client.get(reverse("safeguarding:on-call-edit", args=[coming.pk])))
        assert 'value="07700 900301"' in form
        start = timezone.localtime(coming.starts_at)
        client.post(
            reverse("safeguarding:on-call-edit", args=[coming.pk]),
            {
                "person": people.manager.pk,
                "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
                "ends_at": (start + timedelta(hours=6)).strftime("%Y-%m-%dT%H:%M"),
                "phone": "07700 900302",
            },
        )
        coming.refresh_from_db()
        assert (coming.person, coming.phone) == (people.manager, "07700 900302")

        client.post(reverse("safeguarding:on-call-remove", args=[coming.pk]))
        assert not OnCall.objects.exists()
        assert OnCall.history.filter(id=coming.pk, history_type="-").exists()

    def test_a_shift_that_has_started_is_not_removed_and_one_that_ended_not_changed(
        self, client, people, site
    ):
        started = self.shift(site, people.dsl, starts_in=-timedelta(hours=1))
        ended = self.shift(site, people.dsl, starts_in=-timedelta(days=2))
        client.force_login(people.manager)
        response = client.post(reverse("safeguarding:on-call-remove", args=[started.pk]))
        assert "end it earlier" in html(client.get(response.url))
        assert OnCall.objects.filter(pk=started.pk).exists()
        assert client.get(reverse("safeguarding:on-call-edit", args=[ended.pk])).status_code == 404

    def test_another_sites_manager_cannot_touch_the_rota(self, client, site, other_site, people):
        shift = self.shift(site, people.dsl, starts_in=timedelta(days=1))
        manager = UserFactory(username="elsewhere")
        MembershipFactory(user=manager, site=other_site, role=Role.SITE_MANAGER)
        client.force_login(manager)
        assert client.get(reverse("safeguarding:on-call-edit", args=[shift.pk])).status_code == 404
        assert (
            client.post(reverse("safeguarding:on-call-remove", args=[shift.pk])).status_code == 404
        )
        assert OnCall.objects.filter(pk=shift.pk).exists()

    def test_the_gaps_in_cover_are_pointed_out(self, client, people, site):
        self.shift(site, people.dsl, starts_in=timedelta(hours=-1), hours=13)
        self.shift(site, people.manager, starts_in=timedelta(hours=14), hours=200)
        client.force_login(people.staff)
        page = html(client.get(reverse("safeguarding:on-call")))
        assert "Nobody on call in the next 7 days at these times" in page
        gap = page.split('id="gaps"', 1)[1].split("</ul>", 1)[0]
        assert gap.count("<li>") == 1  # from 12 to 14 hours ahead; the rest is covered
