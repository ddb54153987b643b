"""Planned contact's pages: plan a visit as a manager would, the refusal that must be ticked for
the DSL, the site's day and week, out and back at the desk, how a plan ends, and the child's
chronology showing the whole afternoon."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import LegalBasis
from records.models import ContactEntry, Outing, OutingStep, PlannedContact, PlanStatus
from records.planned_services import IN_THE_PAST, TICK_FOR_DSL

from ..factories import ChildFactory, RelationshipFactory, RestrictionFactory
from .planning import go_out, mum_of, plan

WALL = "%Y-%m-%dT%H:%M"


@pytest.fixture
def mum(child):
    return mum_of(child)


def _at(**delta):
    return (timezone.localtime() + timedelta(**delta)).replace(second=0, microsecond=0)


def _form(person, *, starts, hours=3, **fields):
    return {
        "person": person.pk,
        "contact_kind": "visit_out",
        "starts_at": starts.strftime(WALL),
        "ends_at": (starts + timedelta(hours=hours)).strftime(WALL),
        "place": "Town centre",
        "transport": "Mum's car",
        **fields,
    }


class TestPlanning:
    def test_a_manager_plans_a_visit_out_with_mum(self, client, people, child, mum):
        client.force_login(people.manager)
        starts = _at(days=3)
        response = client.post(
            reverse("records:planned-add", args=[child.pk]), _form(mum, starts=starts)
        )
        planned = PlannedContact.objects.get()
        assert response.status_code == 302 and response.url == planned.get_absolute_url()
        assert planned.starts_at == starts and planned.planned_by == people.manager
        page = client.get(planned.get_absolute_url()).content.decode()
        assert "Visit out with Karen Hughes" in page and "Record leaving" in page
        child_page = client.get(child.get_absolute_url()).content.decode()
        assert planned.get_absolute_url() in child_page

    def test_someone_the_rule_refuses_is_refused_next_to_the_box_keeping_what_was_typed(
        self, client, people, child, mum
    ):
        father = RelationshipFactory(child=child, person__full_name="Mark Hughes").person
        RestrictionFactory(child=child, person=father, legal_basis=LegalBasis.NON_MOLESTATION_ORDER)
        client.force_login(people.staff)
        data = _form(father, starts=_at(days=2), contact_kind="visit_here", notes="At the lodge.")
        url = reverse("records:planned-add", args=[child.pk])

        response = client.post(url, data)

        assert response.status_code == 200
        assert response.context["form"].errors == {"for_dsl_review": [TICK_FOR_DSL]}
        assert "At the lodge." in response.content.decode()
        assert not PlannedContact.objects.exists()

        client.post(url, {**data, "for_dsl_review": "on"})
        assert PlannedContact.objects.get().for_dsl_review

    def test_a_date_in_the_past_is_an_error_next_to_it(self, client, people, child, mum):
        client.force_login(people.staff)
        response = client.post(
            reverse("records:planned-add", args=[child.pk]), _form(mum, starts=_at(hours=-2))
        )
        assert response.context["form"].errors == {"starts_at": [IN_THE_PAST]}

    def test_someone_elses_person_cannot_be_chosen(self, client, people, child, mum, other_site):
        stranger = RelationshipFactory(child=ChildFactory(site=other_site)).person
        client.force_login(people.staff)
        response = client.post(
            reverse("records:planned-add", args=[child.pk]), _form(stranger, starts=_at(days=1))
        )
        assert response.context["form"].errors == {"person": ["Choose one of this child's people."]}


class TestTheSitePage:
    def test_the_day_and_the_week(self, client, people, child, mum):
        soon = plan(child, mum, people.staff, in_hours=1)
        later = plan(child, mum, people.staff, in_hours=24 * 8)
        client.force_login(people.staff)
        url = reverse("records:planned-list")

        today = client.get(url, {"day": timezone.localdate(soon.starts_at).isoformat()})
        assert soon.get_absolute_url() in today.content.decode()
        assert later.get_absolute_url() not in today.content.decode()

        day = timezone.localdate(later.starts_at)
        week = client.get(url, {"day": day.isoformat(), "span": "week"}).content.decode()
        assert later.get_absolute_url() in week
        assert f"week of {(day - timedelta(days=day.weekday())):%A %-d %B %Y}" in week

    @pytest.mark.parametrize("day", ["", "tomorrow", "2026-02-30", "0001-01-01", "9" * 30])
    def test_a_day_that_is_no_date_is_today(self, client, people, day):
        client.force_login(people.staff)
        response = client.get(reverse("records:planned-list"), {"day": day})
        assert response.status_code == 200
        assert response.context["first"] == timezone.localdate()

    def test_another_sites_plans_are_not_shown(self, client, people, child, mum):
        planned = plan(child, mum, people.staff, in_hours=1)
        client.force_login(people.outsider)
        page = client.get(reverse("records:planned-list")).content.decode()
        assert planned.get_absolute_url() not in page
        assert client.get(planned.get_absolute_url()).status_code == 404

    def test_as_many_queries_for_a_busy_week_as_for_a_quiet_one(
        self, client, people, site, child, mum, django_assert_max_num_queries
    ):
        client.force_login(people.staff)
        url = reverse("records:planned-list")
        go_out(plan(child, mum, people.staff), people.staff)
        client.get(url, {"span": "week"})
        with django_assert_max_num_queries(40) as quiet:
            client.get(url, {"span": "week"})
        for n in range(5):
            other = ChildFactory(site=site)
            go_out(plan(other, mum_of(other), people.staff, in_hours=n + 1), people.staff)
        with django_assert_max_num_queries(len(quiet)):
            client.get(url, {"span": "week"})


class TestOutAndBack:
    def test_the_desk_records_leaving_and_the_site_page_says_when_due_back(
        self, client, people, child, mum
    ):
        planned = plan(child, mum, people.manager)
        client.force_login(people.staff)
        left = _at(minutes=-1)
        response = client.post(
            reverse("records:outing-add", args=[planned.pk]),
            {
                "with_whom": "Karen Hughes (mum)",
                "left_at": left.strftime(WALL),
                "due_back_at": (left + timedelta(hours=3)).strftime(WALL),
            },
        )
        assert response.status_code == 302
        page = client.get(reverse("records:planned-list")).content.decode()
        due = f"{left + timedelta(hours=3):%H:%M}"
        assert f"Out with Karen Hughes (mum), due back at {due}." in page

    def test_due_back_before_leaving_is_an_error_next_to_it(self, client, people, child, mum):
        planned = plan(child, mum, people.manager)
        client.force_login(people.staff)
        left = _at(minutes=-1)
        response = client.post(
            reverse("records:outing-add", args=[planned.pk]),
            {
                "with_whom": "Karen",
                "left_at": left.strftime(WALL),
                "due_back_at": (left - timedelta(hours=1)).strftime(WALL),
            },
        )
        assert response.context["form"].errors == {
            "due_back_at": ["The return cannot be before the child left."]
        }
        assert not Outing.objects.exists()

    def test_late_is_red_and_the_return_clears_it(self, client, people, child, mum):
        outing = go_out(plan(child, mum, people.staff), people.staff, due_in=timedelta(minutes=-31))
        client.force_login(people.staff)
        url = reverse("records:planned-list")
        page = client.get(url).content.decode()
        assert "list-group-item-danger" in page and "Not back: out with Karen Hughes" in page

        back = client.post(
            reverse("records:outing-return", args=[outing.pk]),
            {"returned_at": outing.left_at.strftime(WALL)[:-5] + "00:00"},
        )
        assert back.context["form"].errors == {
            "returned_at": ["The return cannot be before the child left."]
        }
        client.post(
            reverse("records:outing-return", args=[outing.pk]),
            {"returned_at": _at().strftime(WALL)},
        )
        page = client.get(url).content.decode()
        assert "list-group-item-danger" not in page and "No child is out" in page

    def test_the_family_phoned_with_a_new_time(self, client, people, child, mum):
        outing = go_out(plan(child, mum, people.staff), people.staff, due_in=timedelta(minutes=-31))
        client.force_login(people.staff)
        new_time = _at(hours=1)
        client.post(
            reverse("records:outing-step", args=[outing.pk]),
            {
                "action": OutingStep.Action.NEW_TIME,
                "done_at": _at().strftime(WALL),
                "who": "Karen Hughes, mum",
                "new_due_back_at": new_time.strftime(WALL),
            },
        )
        outing.refresh_from_db()
        assert outing.due_back_at == new_time
        page = client.get(reverse("records:planned-list")).content.decode()
        assert "list-group-item-danger" not in page

    def test_another_sites_staff_cannot_record_it(self, client, people, child, mum):
        outing = go_out(plan(child, mum, people.staff), people.staff)
        client.force_login(people.outsider)
        url = reverse("records:outing-return", args=[outing.pk])
        assert client.post(url, {"returned_at": _at().strftime(WALL)}).status_code == 404
        outing.refresh_from_db()
        assert outing.returned_at is None


class TestEndings:
    def test_it_happened_the_log_form_is_filled_in_and_linked(self, client, people, child, mum):
        planned = plan(child, mum, people.staff, in_hours=0.1, supervised_by="Sam")
        PlannedContact.objects.filter(pk=planned.pk).update(
            starts_at=timezone.now() - timedelta(hours=2),
            ends_at=timezone.now() - timedelta(hours=1),
        )
        client.force_login(people.staff)
        url = reverse("records:planned-happened", args=[planned.pk])
        form = client.get(url).context["form"]
        assert form.initial["participants"] == [mum.pk]
        assert form.initial["contact_type"] == "visit"

        client.post(
            url,
            {
                "contact_type": "visit",
                "direction": "in_person",
                "started_at": _at(hours=-2).strftime(WALL),
                "participants": [mum.pk],
                "staff_present": [people.staff.pk],
                "supervised": "on",
                "supervised_by": "Sam",
                "summary": "Played football in the park.",
            },
        )
        planned.refresh_from_db()
        assert planned.status == PlanStatus.HAPPENED
        assert planned.entry == ContactEntry.objects.get()

    def test_after_a_visit_out_the_log_form_has_the_times_out(self, client, people, child, mum):
        outing = go_out(plan(child, mum, people.staff), people.staff, due_in=timedelta(hours=1))
        Outing.objects.filter(pk=outing.pk).update(returned_at=timezone.now())
        client.force_login(people.staff)
        form = client.get(reverse("records:planned-happened", args=[outing.planned_id])).context[
            "form"
        ]
        assert form.initial["started_at"] == timezone.localtime(outing.left_at)
        assert form.initial["contact_type"] == "visit"

    def test_the_child_refused_in_their_words(self, client, people, child, mum):
        planned = plan(child, mum, people.staff)
        client.force_login(people.staff)
        url = reverse("records:planned-end", args=[planned.pk])
        response = client.post(url, {"status": "refused"})
        assert "ended_note" in response.context["form"].errors
        client.post(url, {"status": "refused", "ended_note": "I don't want to go today."})
        planned.refresh_from_db()
        assert planned.status == PlanStatus.REFUSED
        assert planned.ended_note == "I don't want to go today."
        assert client.get(url).status_code == 404  # it has ended


def test_the_chronology_shows_the_whole_afternoon(client, people, child, mum):
    planned = plan(child, mum, people.manager)
    outing = go_out(planned, people.staff, due_in=timedelta(minutes=-40))
    client.force_login(people.staff)
    client.post(
        reverse("records:outing-step", args=[outing.pk]),
        {
            "action": OutingStep.Action.CALLED_FAMILY,
            "done_at": _at(minutes=-5).strftime(WALL),
            "who": "Karen Hughes, no answer",
        },
    )
    client.post(
        reverse("records:outing-return", args=[outing.pk]), {"returned_at": _at().strftime(WALL)}
    )
    page = client.get(reverse("monitoring:child-chronology", args=[child.pk])).content.decode()
    for said in (
        "Planned: visit out with Karen Hughes",
        "Went out with Karen Hughes",
        "Called the family: Karen Hughes, no answer",
        "Back at",
    ):
        assert said in page


class TestTheSitesGrace:
    def test_the_manager_sets_it_and_the_page_says_it(self, client, people, site):
        client.force_login(people.manager)
        url = reverse("records:planned-settings")
        assert client.post(url, {"grace_minutes": "500"}).context["form"].errors == {
            "grace_minutes": ["Ensure this value is less than or equal to 240."]
        }
        client.post(url, {"grace_minutes": "45"})
        page = client.get(reverse("records:planned-list")).content.decode()
        assert "Alert after 45 minutes late" in page

    def test_staff_cannot(self, client, people):
        client.force_login(people.staff)
        url = reverse("records:planned-settings")
        assert client.post(url, {"grace_minutes": "5"}).status_code == 403
