"""The policy's tables mutated cell by cell: run by `make mutate`, not `make test`.

mutmut 3 mutates only code inside functions. `policy.ROLE_ACTIONS` (which role may do what)
and `policy.PRIVILEGED_ROLES` (who gives a second factor) are data at module level, so it never
touches them. Here each cell is flipped in turn (a role gains an action it lacks or loses one it
has; a role joins or leaves the privileged ones) and what people meet must change: a page of
the access matrix answers otherwise, who opened a restriction shows or hides, or a sign-in is or
is not asked for a code. A flip nobody notices fails, naming the cell.
"""

import pytest

from coxlease import policy
from coxlease.models import Role
from coxlease.policy import Action

from ..factories import RestrictionFactory
from ..test_access_matrix import MATRIX, request_as
from .test_policy import (
    APPROVES_PLANS,
    CORRECTS_OTHERS_ENTRIES,
    IS_TOLD,
    ON_CALL,
    SEES_WHO_OPENED,
    SIGN_INS,
    asked_for_a_code,
    corrects_others_entries,
    offered_as_approver,
    offered_for_on_call,
    sees_who_opened,
    told_of,
)

pytestmark = pytest.mark.mutation

PEOPLE = {
    Role.STAFF: "staff",
    Role.SITE_MANAGER: "manager",
    Role.DSL: "dsl",
    Role.SLT: "slt",
    Role.ADMINISTRATOR: "admin",
}


# Cells whose flip nobody can meet, and why (like mutmut's equivalent mutants).
EQUIVALENT_CELLS = {
    # Correcting anyone's entry also needs the right to log contacts, which they do not have.
    (Role.SLT, Action.CORRECT_CONTACT_LOG),
    (Role.ADMINISTRATOR, Action.CORRECT_CONTACT_LOG),
}


def _first_difference(checks):
    """The first check whose answer differs from what is expected, or None."""
    return next((what for what, expected, answer in checks if answer() != expected), None)


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("role", list(Role))
def test_each_cell_of_the_role_table_shows(monkeypatch, client, people, records, role, action):
    flipped = policy.ROLE_ACTIONS[role] ^ {action}
    monkeypatch.setitem(policy.ROLE_ACTIONS, role, flipped)
    who = PEOPLE[role]
    restriction = RestrictionFactory(child=records["child"])

    def status(name):
        return lambda: request_as(client, people, records, name, who).status_code

    noticed = _first_difference(
        [
            *((name, expected[who], status(name)) for name, (_, _, expected) in MATRIX.items()),
            (
                "who opened a restriction",
                SEES_WHO_OPENED[who],
                lambda: sees_who_opened(client, getattr(people, who), restriction),
            ),
            (
                "who is offered as approving a plan",
                APPROVES_PLANS[who],
                lambda: offered_as_approver(client, people, records["child"], getattr(people, who)),
            ),
            (
                "who corrects an entry someone else logged",
                CORRECTS_OTHERS_ENTRIES[who],
                lambda: corrects_others_entries(
                    client, people, records["child"], getattr(people, who)
                ),
            ),
            (
                "who is offered for the on-call rota",
                ON_CALL[who],
                lambda: offered_for_on_call(client, people, getattr(people, who)),
            ),
            *(
                (
                    f"who is told ({told})",
                    who in IS_TOLD[told],
                    lambda told=told: told_of(told, people, records["child"], getattr(people, who)),
                )
                for told in IS_TOLD
            ),
        ]
    )

    change = "gains" if action in flipped else "loses"
    if (role, action) in EQUIVALENT_CELLS:
        assert not noticed, f"{role.label} {change} '{action}' now shows: not equivalent"
        return
    assert noticed, f"nothing changes when {role.label} {change} '{action}'"


@pytest.mark.parametrize("role", list(Role))
def test_each_role_in_or_out_of_the_privileged_ones_shows(monkeypatch, site, other_site, role):
    flipped = policy.PRIVILEGED_ROLES ^ {role}
    monkeypatch.setattr(policy, "PRIVILEGED_ROLES", flipped)

    noticed = _first_difference(
        (
            param.id,
            asked,
            lambda roles=roles, flags=flags: asked_for_a_code([site, other_site], roles, flags),
        )
        for param in SIGN_INS
        for roles, flags, asked in [param.values]
    )

    change = "joins" if role in flipped else "leaves"
    assert noticed, f"nobody's sign-in changes when {role.label} {change} the privileged roles"
