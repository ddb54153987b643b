from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from contacts.models import Child
from coxlease.demo import DEMO_PASSWORD
from coxlease.models import Membership, Role, Site, User

from ..factories import SiteFactory


@pytest.fixture(autouse=True)
def _demo_server(settings):
    settings.DEBUG = True


def test_seed_demo_creates_a_login_per_role_at_each_site(db):
    call_command("seed_demo")
    for site in Site.objects.all():
        roles = set(Membership.objects.filter(site=site).values_list("role", flat=True))
        assert roles == set(Role.values)
    assert User.objects.get(username="staff.coxlease").check_password(DEMO_PASSWORD)
    assert Child.objects.count() == 21
    assert Child.objects.left().count() == 2


def test_seed_demo_is_idempotent(db):
    call_command("seed_demo")
    call_command("seed_demo")
    assert Site.objects.count() == 2
    assert Child.objects.count() == 21
    assert User.objects.count() == 8


def test_seed_demo_refuses_a_database_with_real_records(db):
    SiteFactory(name="A real school")
    with pytest.raises(CommandError, match="real sites"):
        call_command("seed_demo")
    assert not Child.objects.exists()


def test_demo_has_plans_restrictions_and_collectors_that_the_rule_enforces(db):
    from contacts.models import ContactType, Person
    from contacts.rules import Outcome, contact_check

    call_command("seed_demo")
    danny = Child.objects.get(legal_first_name="Daniel")
    father = Person.objects.get(full_name="Mark Hughes")
    liam = Child.objects.get(legal_first_name="Liam")
    sean = Person.objects.get(full_name="Sean O'Connor")
    visit = contact_check(child=danny, person=father, contact_type=ContactType.VISIT)
    collection = contact_check(child=liam, person=sean, contact_type=ContactType.COLLECTION)
    assert visit.outcome == Outcome.ALLOWED
    assert collection.outcome == Outcome.NOT_ALLOWED
    assert "Prohibited steps order" in collection.reasons[0]


def test_seed_demo_refuses_a_production_server(settings, db):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG on"):
        call_command("seed_demo")
    assert not Site.objects.exists()


def test_the_demo_history_says_who_recorded_each_record(db):
    from contacts.models import Restriction
    from coxlease.history import history_entries

    call_command("seed_demo")
    order = Restriction.objects.get(legal_basis="non_molestation_order")
    (created,) = history_entries(order)
    assert str(created.who) == "Helen Marsh"  # Birchwood's site manager, not "the system"
    danny = Child.objects.get(legal_first_name="Daniel")
    assert str(history_entries(danny)[-1].who) == "Priya Shah"


def test_the_demo_has_local_rules_and_a_contact_log_checked_by_the_rule(db):
    from records.models import ContactEntry, LocalRule

    call_command("seed_demo")
    call_command("seed_demo")
    assert LocalRule.objects.count() == 10
    this_week = ContactEntry.objects.filter(started_at__gte=timezone.now() - timedelta(days=7))
    assert this_week.count() == 6  # with Liam's monitored social media
    flagged = this_week.get(flagged=True)
    assert flagged.child.legal_first_name == "Oliver"  # his brother's call, unsupervised


def test_demo_has_this_weeks_planned_contact_a_child_out_and_one_late(db):
    from records.models import Outing, PlannedContact, PlanStatus
    from records.planned_selectors import children_out

    call_command("seed_demo")
    for site in Site.objects.all():
        assert PlannedContact.objects.filter(child__site=site, status=PlanStatus.PLANNED).exists()
    manager = User.objects.get(username="manager.coxlease")
    out = children_out(user=manager, site=Site.objects.get(name__startswith="Coxlease"))
    assert [(line.planned.child.legal_first_name, line.late) for line in out] == [("Daniel", True)]
    assert Outing.objects.out().count() == 2
    assert set(PlannedContact.objects.values_list("status", flat=True)) == {
        PlanStatus.PLANNED,
        PlanStatus.NO_SHOW,
        PlanStatus.REFUSED,
    }


def test_the_demo_has_a_year_for_the_reports_and_a_digest_for_the_manager(db):
    from monitoring.mytasks import tasks_for
    from monitoring.reports import Period, slt_report
    from safeguarding.models import Concern

    call_command("seed_demo")
    call_command("seed_demo")

    slt = User.objects.get(username="slt")
    report = slt_report(user=slt, period=Period.last_months(12, today=timezone.localdate()))
    assert [site.name for site in report.sites] == ["Birchwood House", "Coxlease School"]
    contacts = report.trends[0]
    assert all(sum(counts) > 10 for _, counts in contacts.series)
    assert sum(1 for n in contacts.series[1][1] if n) >= 10  # months with contacts
    assert Concern.objects.filter(what_happened__startswith="Demo: ").count() == 7

    tasks = tasks_for(user=User.objects.get(username="manager.coxlease"))
    sections = {s.kind.key: s for s in tasks.sites[0].sections}
    assert sections["plans"].overdue == 1 and sections["reports"].overdue == 1


def test_demo_walks_through_social_media_video_calls_and_online_incidents(db):
    from contacts.models import ContactType, Person, SocialMediaDecision
    from contacts.rules import Outcome, contact_check
    from records.models import ContactEntry
    from safeguarding.models import ESafetySession, OnlineIncident

    call_command("seed_demo")
    call_command("seed_demo")
    mia = Child.objects.get(legal_first_name="Mia")
    liam = Child.objects.get(legal_first_name="Liam")
    anna = Person.objects.get(full_name="Anna Kowalska")
    bridget = Person.objects.get(full_name="Bridget O'Connor")
    social = contact_check(child=mia, person=anna, contact_type=ContactType.SOCIAL_MEDIA)
    assert social.outcome == Outcome.NOT_ALLOWED
    monitored = contact_check(child=liam, person=bridget, contact_type=ContactType.SOCIAL_MEDIA)
    assert monitored.needs_monitoring
    video = contact_check(child=liam, person=bridget, contact_type=ContactType.VIDEO_CALL)
    assert video.outcome == Outcome.ALLOWED
    assert {a.decision for a in mia.social_media_assessments.all()} == {
        SocialMediaDecision.NOT_ALLOWED
    }
    monitored_entry = ContactEntry.objects.get(child=liam, contact_type=ContactType.SOCIAL_MEDIA)
    assert (monitored_entry.flagged, monitored_entry.supervised) == (False, True)
    assert ESafetySession.objects.count() == 3
    incident = OnlineIncident.objects.get()
    assert incident.concern is not None and incident.learning_shared
