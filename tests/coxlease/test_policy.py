"""The access policy as people meet it: who is asked for a second factor at sign-in, who sees
who opened a restriction, what a refusal says. (Which role reaches which page is the access
matrix, tests/test_access_matrix.py.) `make mutate` flips each cell of the policy's tables and
checks that these expectations or the access matrix notice (test_policy_tables.py)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contacts.models import ContactType, LegalBasis
from contacts.services import collection_check_run
from contacts.services.reporting import late_reports_notify
from coxlease.models import Notification, Role
from coxlease.policy import Action
from records.models import ContactEntry, Direction
from records.services import entry_log

from ..factories import (
    AuthorisedCollectorFactory,
    ChildFactory,
    MembershipFactory,
    RelationshipFactory,
    RestrictionFactory,
    UserFactory,
)

# Who is asked for a code after their password: anyone who sees more than their own work.
# (roles at the home site and at another site, Django's flags, asked for a code)
SIGN_INS = [
    pytest.param([Role.STAFF], {}, False, id="staff"),
    pytest.param([Role.STAFF, Role.STAFF], {}, False, id="staff-at-two-sites"),
    pytest.param([], {}, False, id="no-role-anywhere"),
    pytest.param([Role.SITE_MANAGER], {}, True, id="site-manager"),
    pytest.param([Role.DSL], {}, True, id="dsl"),
    pytest.param([Role.SLT], {}, True, id="slt"),
    pytest.param([Role.ADMINISTRATOR], {}, True, id="administrator-without-django-staff-flag"),
    pytest.param([], {"is_staff": True}, True, id="django-staff-flag-alone"),
    pytest.param([], {"is_superuser": True}, True, id="django-superuser-flag-alone"),
    pytest.param([Role.STAFF, Role.SITE_MANAGER], {}, True, id="manager-at-another-site"),
]

# Who sees, on a restriction's page, who has opened it.
SEES_WHO_OPENED = {"staff": False, "manager": True, "dsl": True, "slt": True, "admin": True}


def asked_for_a_code(sites, roles, flags) -> bool:
    """Sign in with a password alone as a new user with these roles and flags: is the start
    page held back until they give a second factor?"""
    user = UserFactory(**flags)
    for site, role in zip(sites, roles, strict=False):
        MembershipFactory(user=user, site=site, role=role)
    client = Client()
    client.post(reverse("login"), {"username": user.username, "password": "a-long-test-password"})
    response = client.get(reverse("monitoring:home"))
    if response.status_code == 200:
        return False
    # Nothing but signing out before the code (with no authenticator yet, the code page sends
    # them on to set one up).
    assert response.url == f"{reverse('two-factor-verify')}?next=/"
    return True


def sees_who_opened(client, user, restriction) -> bool:
    client.force_login(user)
    page = client.get(restriction.get_absolute_url()).content.decode()
    return "Who opened this restriction" in page


@pytest.mark.parametrize(("roles", "flags", "asked"), SIGN_INS)
def test_who_is_asked_for_a_second_factor(site, other_site, roles, flags, asked):
    assert asked_for_a_code([site, other_site], roles, flags) is asked


@pytest.mark.parametrize(("role", "sees"), SEES_WHO_OPENED.items())
def test_who_sees_who_opened_a_restriction(client, people, child, role, sees):
    restriction = RestrictionFactory(child=child)
    client.force_login(people.staff)
    client.get(restriction.get_absolute_url())
    assert sees_who_opened(client, getattr(people, role), restriction) is sees


def test_a_refusal_says_which_action_the_role_does_not_allow(client, people, child):
    client.force_login(people.staff)
    response = client.get(reverse("contacts:child-edit", kwargs={"pk": child.pk}))
    assert response.status_code == 403
    assert "Your role does not allow you to add, edit and mark children as left." in (
        response.content.decode()
    )


def test_a_page_reads_the_users_roles_once(client, people, child):
    """Every page asks the policy many times (the menu alone once per action): the user's
    roles are read from the database once and kept for the request."""
    client.force_login(people.manager)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(child.get_absolute_url()).status_code == 200
    reads = [q["sql"] for q in queries if 'FROM "coxlease_membership"' in q["sql"]]
    assert len(reads) == 1


# Who is offered, who may correct, who is told: what each role meets of the actions that are
# not a page of their own.
APPROVES_PLANS = {"staff": False, "manager": True, "dsl": False, "slt": False, "admin": False}
CORRECTS_OTHERS_ENTRIES = {
    "staff": False,
    "manager": True,
    "dsl": True,
    "slt": False,
    "admin": False,
}
# Who may be put on a site's on-call rota: whoever may act on its concerns.
ON_CALL = {"staff": False, "manager": True, "dsl": True, "slt": True, "admin": False}
IS_TOLD = {
    Action.HEAR_OF_LATE_REPORTS: {"manager"},
    Action.HEAR_OF_DOOR_ALERTS: {"manager", "dsl"},
    Action.HEAR_OF_FLAGGED_CONTACTS: {"manager", "dsl"},
}


def offered_as_approver(client, people, child, user) -> bool:
    client.force_login(people.manager)
    page = client.get(reverse("contacts:plan-edit", args=[child.pk])).content.decode()
    return f'<option value="{user.pk}"' in page


def offered_for_on_call(client, people, user) -> bool:
    client.force_login(people.manager)
    page = client.get(reverse("safeguarding:on-call-add")).content.decode()
    return f'<option value="{user.pk}"' in page


def corrects_others_entries(client, people, child, user) -> bool:
    entry = ContactEntry.objects.create(
        child=child,
        contact_type=ContactType.PHONE,
        direction=Direction.INCOMING,
        started_at=timezone.now(),
        someone_else="A caller",
        recorded_by=people.outsider,
        result="not_allowed",
    )
    client.force_login(user)
    return client.get(reverse("records:entry-edit", args=[entry.pk])).status_code == 200


def told_of(action, people, child, user) -> bool:
    """Make the thing happen that people are told of, and see whether `user` was e-mailed."""
    Notification.objects.all().delete()
    if action == Action.HEAR_OF_LATE_REPORTS:
        RestrictionFactory(
            child=child,
            legal_basis=LegalBasis.EMERGENCY_ON_SITE,
            imposed_at=timezone.now() - timedelta(hours=30),
        )
        late_reports_notify()
    elif action == Action.HEAR_OF_DOOR_ALERTS:
        uncle = AuthorisedCollectorFactory(child=child).person
        RelationshipFactory(child=child, person=uncle, relationship="uncle")
        RestrictionFactory(child=ChildFactory(site=child.site), person=uncle)
        collection_check_run(
            child=child, person=uncle, handover=ContactType.COLLECTION, checked_by=people.staff
        )
    else:
        entry_log(
            entry=ContactEntry(
                child=child,
                contact_type=ContactType.VISIT,
                direction=Direction.IN_PERSON,
                started_at=timezone.now(),
                someone_else="Not in the plan",
            ),
            participants=[],
            staff_present=[],
            recorded_by=people.staff,
        )
    return Notification.objects.filter(recipient=user.email).exists()


@pytest.mark.parametrize(("role", "approves"), APPROVES_PLANS.items())
def test_only_site_managers_are_offered_as_approving_a_plan(client, people, child, role, approves):
    assert offered_as_approver(client, people, child, getattr(people, role)) is approves


@pytest.mark.parametrize(("role", "offered"), ON_CALL.items())
def test_only_those_who_act_on_concerns_are_offered_for_the_on_call_rota(
    client, people, role, offered
):
    assert offered_for_on_call(client, people, getattr(people, role)) is offered


@pytest.mark.parametrize(("role", "corrects"), CORRECTS_OTHERS_ENTRIES.items())
def test_who_may_correct_an_entry_someone_else_logged(client, people, child, role, corrects):
    assert corrects_others_entries(client, people, child, getattr(people, role)) is corrects


@pytest.mark.parametrize("action", list(IS_TOLD))
@pytest.mark.parametrize("role", ["staff", "manager", "dsl", "slt", "admin"])
def test_who_is_told(people, child, action, role):
    assert told_of(action, people, child, getattr(people, role)) is (role in IS_TOLD[action])
