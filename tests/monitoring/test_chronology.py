"""The child's chronology: every floor's events about one child, merged newest first, filtered,
printed for a review meeting, and as fast for 10,000 contacts as for 10."""

import re
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contacts import services
from contacts.models import (
    Acknowledgement,
    ChildInformed,
    CollectionCheck,
    ContactArrangement,
    ContactPlan,
    ContactType,
    LegalBasis,
    Outcome,
    Restriction,
    RestrictionEffect,
    Supervision,
)
from records.models import ContactEntry, Direction
from records.services import entry_log, entry_mark_in_error

from ..factories import ChildFactory, RelationshipFactory


def _ago(days: float):
    return timezone.now() - timedelta(days=days)


def _day(days_ago: float) -> date:
    """The local date `days_ago` days back (the filters' days are the site's days)."""
    return timezone.localtime(_ago(days_ago)).date()


def _move(model, pk, **times):
    model.objects.filter(pk=pk).update(**times)


def _move_version(model, record, days_ago):
    """Put the newest version of `record` `days_ago` days back."""
    latest = model.history.filter(id=record.pk).latest("history_date", "history_id")
    model.history.filter(history_id=latest.history_id).update(history_date=_ago(days_ago))


def _log(child, user, *, person, kind=ContactType.VISIT, days_ago, summary):
    return entry_log(
        entry=ContactEntry(
            child=child,
            contact_type=kind,
            direction=Direction.IN_PERSON if kind == ContactType.VISIT else Direction.INCOMING,
            started_at=_ago(days_ago),
            summary=summary,
            supervised=kind == ContactType.VISIT,
            supervised_by="Sam Taylor" if kind == ContactType.VISIT else "",
        ),
        participants=[person],
        staff_present=[user],
        recorded_by=user,
    )


@pytest.fixture
def story(child, people):
    """A month in Daniel's life, each event moved to its own day (days ago, in brackets)."""
    manager, staff = people.manager, people.staff
    mother = RelationshipFactory(
        child=child, person__full_name="Karen Hughes", relationship="mother"
    ).person
    father = RelationshipFactory(child=child, person__full_name="Mark Hughes").person
    plan = services.plan_save(
        plan=ContactPlan(
            child=child,
            effective_date=date(2025, 1, 1),
            review_date=date(2030, 1, 1),
            approved_by=manager,
        ),
        changed_by=manager,
        reason="Agreed at the review",
    )
    _move_version(ContactPlan, plan, 30)
    arrangement = services.arrangement_save(
        arrangement=ContactArrangement(
            plan=plan,
            person=mother,
            contact_type=ContactType.VISIT,
            supervision=Supervision.SUPERVISED,
            supervised_by="Key worker",
        ),
        changed_by=manager,
        reason="Agreed at the review",
    )
    _move_version(ContactArrangement, arrangement, 29)
    order = services.restriction_record(
        restriction=Restriction(
            child=child,
            person=father,
            legal_basis=LegalBasis.NON_MOLESTATION_ORDER,
            effect=RestrictionEffect.NO_CONTACT,
            details="No contact of any kind.",
            starts_on=_day(20),
        ),
        recorded_by=manager,
    )
    _move_version(Restriction, order, 20)
    _move(Acknowledgement, order.acknowledgements.get(user=manager).pk, acknowledged_at=_ago(19.9))
    confirmed = services.restriction_confirm(restriction=order, user=staff, version=1)
    _move(Acknowledgement, confirmed.pk, acknowledged_at=_ago(19))
    told = services.child_informed_record(
        record=ChildInformed(
            restriction=order,
            told_on=_day(18),
            told_by=staff,
            how_explained="With his key worker, in his room.",
            child_response="Quiet, then asked about his dad's birthday.",
        ),
        recorded_by=staff,
    )
    check = services.collection_check_run(
        child=child, person=father, handover=ContactType.COLLECTION, checked_by=staff
    )
    _move(CollectionCheck, check.pk, checked_at=_ago(10))
    visit = _log(child, staff, person=mother, days_ago=5, summary="Played cards with mum.")
    call = _log(
        child, staff, person=father, kind=ContactType.PHONE, days_ago=3, summary="Dad rang."
    )
    services.restriction_end(
        restriction=order, ends_on=_day(1), changed_by=manager, reason="Order discharged"
    )
    _move_version(Restriction, order, 1)
    return SimpleNamespace(
        child=child,
        mother=mother,
        father=father,
        order=order,
        told=told,
        check=check,
        visit=visit,
        call=call,
    )


# What each event of the story says, newest first. Ending the order made a new version, which
# the manager who ended it has read (now).
READ_ENDED = "Read and understood version 2 of the restriction"
ENDED = "Restriction ended on"
CALL = "Phone call, incoming (to the child), with Mark Hughes"
VISIT = "Visit, in person, with Karen Hughes, supervised by Sam Taylor"
CHECK = "Door check: Mark Hughes, collection from site"
TOLD = "The child was told about the restriction: No contact: Mark Hughes"
STAFF_READ = "Read and understood version 1 of the restriction"
MANAGER_READ = STAFF_READ
RECORDED = "Restriction recorded: No contact: Mark Hughes, any contact (Non-molestation order)"
ARRANGEMENT = "Plan arrangement added: Visit with Karen Hughes: Supervised"
PLAN = "Contact plan made"
STORY = [
    READ_ENDED,
    ENDED,
    CALL,
    VISIT,
    CHECK,
    TOLD,
    STAFF_READ,
    MANAGER_READ,
    RECORDED,
    ARRANGEMENT,
    PLAN,
]


def chronology_url(child, *, printed=False):
    name = "monitoring:child-chronology-print" if printed else "monitoring:child-chronology"
    return reverse(name, args=[child.pk])


def lines(response) -> list[SimpleNamespace]:
    """The chronology's rows as shown: when, what happened (the link), the whole row's text."""
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    table = soup.select_one("table.chronology")
    if table is None:
        return []
    return [
        SimpleNamespace(
            when=row.select("td")[0].get_text(strip=True),
            what=row.select_one("td a").get_text(strip=True),
            text=" ".join(row.get_text(" ").split()),
            who=row.select("td")[2].get_text(strip=True),
        )
        for row in table.select("tbody tr")
    ]


def whats(response) -> list[str]:
    return [line.what for line in lines(response)]


def assert_story(shown: list[str], expected: list[str]):
    assert len(shown) == len(expected), shown
    for line, start in zip(shown, expected, strict=True):
        assert line.startswith(start), (line, start)


class TestTheMergedTimeline:
    def test_every_kind_newest_first(self, client, people, story):
        client.force_login(people.staff)
        response = client.get(chronology_url(story.child))
        assert_story(whats(response), STORY)
        ended, call, visit, check, told, staff_read, manager_read = lines(response)[1:8]
        assert ended.what.endswith("(Non-molestation order)")
        assert "Reason: Ended: Order discharged" in ended.text
        assert ended.who == str(people.manager)
        assert "Flagged" in call.text and "Not allowed" in call.text and "Dad rang." in call.text
        assert "Non-molestation order" in call.text  # the order in force, as the rule said
        assert "Played cards with mum." in visit.text and "With conditions" in visit.text
        assert "Not allowed" in check.text and check.who == str(people.staff)
        assert told.when == f"{_day(18):%-d %b %Y}"  # a day, not a time
        assert "asked about his dad's birthday" in told.text
        assert [staff_read.who, manager_read.who] == [str(people.staff), str(people.manager)]

    def test_each_line_links_to_its_record(self, client, people, story):
        client.force_login(people.staff)
        soup = BeautifulSoup(client.get(chronology_url(story.child)).content, "html.parser")
        links = dict(
            zip(STORY, (a["href"] for a in soup.select("table.chronology tbody td a")), strict=True)
        )
        assert links[CALL] == story.call.get_absolute_url()
        assert links[CHECK] == story.check.get_absolute_url()
        assert links[ENDED] == links[TOLD] == links[RECORDED] == story.order.get_absolute_url()
        assert (
            links[PLAN]
            == links[ARRANGEMENT]
            == reverse("contacts:plan-detail", args=[story.child.pk])
        )

    def test_a_restriction_reported_and_changed(self, client, people, child):
        manager = people.manager
        emergency = services.restriction_record(
            restriction=Restriction(
                child=child,
                contact_type=ContactType.SOCIAL_MEDIA,
                legal_basis=LegalBasis.EMERGENCY_ON_SITE,
                effect=RestrictionEffect.NO_CONTACT,
                details="No social media.",
                starts_on=_ago(2).date(),
                imposed_at=_ago(2),
            ),
            recorded_by=manager,
        )
        services.restriction_report(
            restriction=emergency,
            reported_at=_ago(1.5),
            how=Restriction.ReportMethod.PHONE,
            to="Duty social worker",
            changed_by=manager,
        )
        emergency.details = "No social media, no gaming chat."
        services.restriction_update(restriction=emergency, changed_by=manager, reason="Widened")
        client.force_login(people.staff)
        shown = whats(client.get(chronology_url(child) + "?kinds=restriction"))
        assert shown == [
            "Restriction changed (details): No contact: anyone, social media "
            "(Emergency restriction imposed on site)",
            "Restriction reported to the placing authority (phone call, to Duty social "
            "worker): No contact: anyone, social media (Emergency restriction imposed on site)",
            "Restriction recorded: No contact: anyone, social media "
            "(Emergency restriction imposed on site)",
        ]

    def test_pages_never_overlap_even_when_events_share_a_moment(self, client, people, child):
        same_moment = _ago(1)
        ContactEntry.objects.bulk_create(
            ContactEntry(
                child=child,
                contact_type=ContactType.PHONE,
                direction=Direction.INCOMING,
                started_at=same_moment,
                summary=f"Call number {n}.",
                result=Outcome.ALLOWED,
                recorded_by=people.staff,
            )
            for n in range(55)
        )
        client.force_login(people.staff)
        first = lines(client.get(chronology_url(child)))
        second = lines(client.get(chronology_url(child) + "?page=2"))
        assert (len(first), len(second)) == (50, 5)
        summaries = {line.text.split("Call number ")[1].split(".")[0] for line in first + second}
        assert summaries == {str(n) for n in range(55)}


class TestFilters:
    def test_by_kind(self, client, people, story):
        client.force_login(people.staff)
        response = client.get(chronology_url(story.child) + "?kinds=contact&kinds=check")
        assert_story(whats(response), [CALL, VISIT, CHECK])
        soup = BeautifulSoup(response.content, "html.parser")
        ticked = [box["value"] for box in soup.select("input[name=kinds][checked]")]
        assert ticked == ["contact", "check"]

    def test_by_person_keeps_what_involves_them(self, client, people, story):
        client.force_login(people.staff)
        father = whats(client.get(chronology_url(story.child) + f"?person={story.father.pk}"))
        assert_story(
            father, [READ_ENDED, ENDED, CALL, CHECK, TOLD, STAFF_READ, MANAGER_READ, RECORDED]
        )
        mother = whats(client.get(chronology_url(story.child) + f"?person={story.mother.pk}"))
        assert_story(mother, [VISIT, ARRANGEMENT])

    def test_by_dates_both_days_included(self, client, people, story):
        client.force_login(people.staff)
        since, until = _day(10), _day(3)
        response = client.get(chronology_url(story.child) + f"?since={since}&until={until}")
        assert_story(whats(response), [CALL, VISIT, CHECK])
        assert_story(
            whats(client.get(chronology_url(story.child) + f"?since={_day(2)}")),
            [READ_ENDED, ENDED],
        )
        assert_story(
            whats(client.get(chronology_url(story.child) + f"?until={_day(29)}")),
            [ARRANGEMENT, PLAN],
        )

    def test_the_plan_as_a_whole_involves_nobody(self, client, people, story):
        client.force_login(people.staff)
        url = chronology_url(story.child) + f"?kinds=plan&person={story.mother.pk}"
        assert whats(client.get(url)) == []

    def test_the_widest_dates_there_are(self, client, people, story):
        client.force_login(people.staff)
        url = chronology_url(story.child) + "?since=0001-01-01&until=9999-12-31"
        assert_story(whats(client.get(url)), STORY)

    def test_filters_combine(self, client, people, story):
        client.force_login(people.staff)
        url = chronology_url(story.child) + (
            f"?kinds=restriction&kinds=contact&person={story.father.pk}&since={_day(5)}"
        )
        assert_story(whats(client.get(url)), [ENDED, CALL])

    def test_nothing_matching_says_so(self, client, people, story):
        client.force_login(people.staff)
        response = client.get(
            chronology_url(story.child) + "?kinds=check&since=2000-01-01&until=2000-12-31"
        )
        assert lines(response) == []
        assert "Nothing recorded matches these filters." in response.content.decode()

    @pytest.mark.parametrize(
        "query, error",
        [
            (
                "since=2025-03-10&until=2025-03-01",
                "&#x27;To&#x27; cannot be before &#x27;From&#x27;.",
            ),
            ("since=2025-02-30", "Enter a valid date."),
            ("kinds=everything", "Select a valid choice."),
        ],
    )
    def test_a_wrong_filter_is_explained_and_left_out(self, client, people, story, query, error):
        client.force_login(people.staff)
        response = client.get(chronology_url(story.child) + "?" + query)
        assert error in response.content.decode()
        assert len(lines(response)) >= 1

    def test_someone_elses_person_cannot_be_chosen(self, client, people, story, other_site):
        stranger = RelationshipFactory(child=ChildFactory(site=other_site)).person
        client.force_login(people.staff)
        response = client.get(chronology_url(story.child) + f"?person={stranger.pk}")
        assert "Select a valid choice." in response.content.decode()
        assert stranger.full_name not in response.content.decode()
        assert_story(whats(response), STORY)


class TestPrintView:
    def test_the_period_on_top_no_navigation(self, client, people, story):
        client.force_login(people.staff)
        since, until = _day(10), _day(3)
        response = client.get(
            chronology_url(story.child, printed=True)
            + f"?since={since}&until={until}&kinds=contact&kinds=check&person={story.father.pk}"
        )
        assert_story(whats(response), [CALL, CHECK])
        soup = BeautifulSoup(response.content, "html.parser")
        header = " ".join(soup.select_one("main header").get_text(" ").split())
        assert "Chronology of Daniel Hughes" in header
        assert f"From {since:%-d %B %Y} to {until:%-d %B %Y}" in header
        assert "Only: Contact, Door check, involving Mark Hughes." in header
        assert soup.select_one("nav.navbar") is None
        assert soup.select_one("link[href$='css/app.css']") is not None

    def test_without_dates_from_the_first_record_to_today(self, client, people, story):
        client.force_login(people.staff)
        response = client.get(chronology_url(story.child, printed=True))
        assert_story(whats(response), STORY)
        header = BeautifulSoup(response.content, "html.parser").select_one("main header")
        assert f"From the first record to {timezone.localdate():%-d %B %Y}" in " ".join(
            header.get_text(" ").split()
        )
        assert "Everything recorded." in header.get_text()

    def test_the_chronology_links_to_it_with_its_filters(self, client, people, story):
        client.force_login(people.staff)
        page = client.get(chronology_url(story.child) + "?kinds=contact&page=1").content.decode()
        assert f'href="{chronology_url(story.child, printed=True)}?kinds=contact"' in page

    def test_the_child_page_links_to_the_chronology(self, client, people, story):
        client.force_login(people.staff)
        page = client.get(story.child.get_absolute_url()).content.decode()
        assert f'href="{chronology_url(story.child)}">Chronology</a>' in page


class TestAccess:
    @pytest.mark.parametrize("printed", [False, True])
    def test_another_sites_child_is_not_found(self, client, people, story, printed):
        client.force_login(people.outsider)
        assert client.get(chronology_url(story.child, printed=printed)).status_code == 404

    @pytest.mark.parametrize("printed", [False, True])
    def test_entries_in_error_only_for_those_who_oversee_the_log(
        self, client, people, story, printed
    ):
        entry_mark_in_error(entry=story.call, reason="Wrong child", changed_by=people.manager)
        client.force_login(people.staff)
        assert CALL not in " ".join(whats(client.get(chronology_url(story.child, printed=printed))))
        client.force_login(people.manager)
        shown = lines(client.get(chronology_url(story.child, printed=printed)))
        assert shown[2].what.startswith(CALL)
        assert "Entered in error: Wrong child" in shown[2].text

    def test_staff_count_only_what_they_see(self, client, people, story):
        entry_mark_in_error(entry=story.visit, reason="Duplicate", changed_by=people.manager)
        client.force_login(people.staff)
        page = client.get(chronology_url(story.child)).content.decode()
        assert f"of {len(STORY) - 1}, newest first" in page


def test_as_many_queries_for_10000_contacts_as_for_10(
    client, people, story, django_assert_max_num_queries
):
    def contacts(count, *, older_than_days, summary):
        ContactEntry.objects.bulk_create(
            ContactEntry(
                child=story.child,
                contact_type=ContactType.PHONE,
                direction=Direction.INCOMING,
                started_at=_ago(older_than_days) - timedelta(minutes=n),
                summary=f"{summary} {n}.",
                result=Outcome.ALLOWED,
                recorded_by=people.staff,
            )
            for n in range(count)
        )

    contacts(8, older_than_days=31, summary="Call")  # with the story's two: 10
    client.force_login(people.manager)
    url = chronology_url(story.child)
    client.get(url)  # the first request looks up content types once
    with CaptureQueriesContext(connection) as few:
        assert len(lines(client.get(url))) == len(STORY) + 8

    contacts(9990, older_than_days=32, summary="Older call")
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
    shown = lines(response)
    assert_story([line.what for line in shown[: len(STORY)]], STORY)
    calls = [re.search(r"(Older call|Call) \d+\.", line.text)[0] for line in shown[len(STORY) :]]
    assert calls == [f"Call {n}." for n in range(8)] + [
        f"Older call {n}." for n in range(50 - len(STORY) - 8)
    ]
    assert f"of {len(STORY) + 8 + 9990}, newest first" in response.content.decode()
    with django_assert_max_num_queries(len(few)):
        last = lines(client.get(url + "?page=9999"))  # past the end: the last page
    assert "Older call 9989." in last[-1].text
    assert len(few) <= 27  # signing in, the site, the child, the read logged, two or so per kind


def test_a_concern_is_on_the_chronology_only_for_those_who_may_read_it(client, people, story):
    from coxlease.models import Role
    from safeguarding.models import Category, Concern, Urgency
    from safeguarding.services import concern_raise

    from ..conftest import _member

    colleague = _member(story.child.site, Role.STAFF, "colleague")
    concern_raise(
        concern=Concern(
            child=story.child,
            category=Category.CORRESPONDENCE,
            urgency=Urgency.URGENT,
            happened_at=timezone.now() - timedelta(minutes=30),
            what_happened="A letter that frightened him.",
        ),
        people_involved=[],
        raised_by=people.staff,
    )
    for reader in (people.staff, people.dsl, people.manager):
        client.force_login(reader)
        newest = lines(client.get(chronology_url(story.child)))[0]
        assert newest.what.startswith("Concern raised: communication or correspondence")
        assert "Urgent" in newest.text and "A letter" not in newest.text
    client.force_login(colleague)
    assert not any(
        w.startswith("Concern raised") for w in whats(client.get(chronology_url(story.child)))
    )
