"""Bad input at volume (tests/fuzz.py): generated submissions to every form as every role that
may use it. `make test` sends a few hundred; `make fuzz` sends FUZZ_SUBMISSIONS (10,000) and
prints how many it sent and how many server errors it met."""

import os

import pytest
from django.test import Client

from .conftest import VerifiedClient
from .fuzz import discover, fuzz, pages_by_role
from .test_access_matrix import ROLES


@pytest.fixture
def targets_and_clients(people, records, father, aunt):
    clients = {"anonymous": Client()}
    for role in ROLES:
        if role != "anonymous":
            clients[role] = VerifiedClient()
            clients[role].force_login(getattr(people, role))
    targets = discover(clients, pages_by_role(records, ROLES))
    # The forms found are the app's: editing a child, recording a restriction, the door check.
    posted_to = {target.form.action for target in targets if target.form.method == "post"}
    assert any(action.endswith("/edit/") for action in posted_to)
    assert any(action.endswith("/collection-check/") for action in posted_to)
    return targets, clients


def test_a_few_hundred_generated_submissions_cause_no_harm(targets_and_clients):
    targets, clients = targets_and_clients
    tally = fuzz(clients, targets, total=300, stop_at_first=True)
    assert tally.submissions >= 300


@pytest.mark.fuzz
def test_ten_thousand_generated_submissions_cause_no_harm(targets_and_clients):
    targets, clients = targets_and_clients
    total = int(os.environ.get("FUZZ_SUBMISSIONS", "10000"))
    tally = fuzz(clients, targets, total=total, stop_at_first=False)
    print(f"\n{tally.report(targets)}")
    assert tally.submissions >= total
    assert tally.server_errors == 0
    assert not tally.problems
