"""The access policy as people meet it: who is asked for a second factor at sign-in, who sees
who opened a restriction, what a refusal says. (Which role reaches which page is the access
matrix, tests/test_access_matrix.py.) `make mutate` flips each cell of the policy's tables and
checks that these expectations or the access matrix notice (test_policy_tables.py)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coxlease.models import Role

from ..factories import MembershipFactory, RestrictionFactory, UserFactory

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
