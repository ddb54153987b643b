"""No page answers 500 to anything a user can send: every URL, as each role that may use it,
with nonsense in the query string and in the form."""

import pytest
from django.urls import reverse

from .test_access_matrix import MATRIX

NONSENSE = {
    "q": "Dan\x00iel",
    "status": "left'; --",
    "page": "-1",
    "child": "abc",
    "person": "99999999999999999999",
    "key_worker": "\x00",
    "legal_basis": "<script>",
    "only_unconfirmed": "maybe",
    "next": "https://evil.example.com/",
    "since": "2026-02-30",
    "until": "\x00",
}
NONSENSE_FORM = {
    **NONSENSE,
    "date_of_birth": "2026-13-45",
    "admission_date": "yesterday",
    "starts_on": "0000-00-00",
    "ends_on": "31/02/2026",
    "imposed_at": "2026-02-30T25:61",
    "reported_at": "\x00",
    "valid_from": "1e9",
    "review_date": "",
    "effective_date": "9999-12-31",
    "approved_by": "-5",
    "contact_type": "telepathy",
    "supervision": "sometimes",
    "effect": "\x00",
    "handover": "teleport",
    "full_name": "A" * 5000,
    "relationship": "\x00father",
    "reason": "x" * 5000,
    "leaving_date": "\x00",
    "told_on": "2026-02-29",
}


@pytest.mark.parametrize("role", ["staff", "manager", "admin"])
@pytest.mark.parametrize("name", [n for n in MATRIX if not n.startswith("admin:")])
def test_nonsense_never_causes_a_server_error(client, people, records, name, role):
    _, kwargs_for, _ = MATRIX[name]
    client.force_login(getattr(people, role))
    url = reverse(name, kwargs=kwargs_for(records) if kwargs_for else None)
    assert client.get(url, NONSENSE).status_code < 500
    assert client.post(url, NONSENSE_FORM).status_code < 500
