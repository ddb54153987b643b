"""Passwords: at least 12 characters, none that is common or known from a breach, and long
passphrases welcome. Each is tried through the real password change form."""

import socket

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

PASSWORD = "a-long-test-password"


def _change_password(client, new):
    return client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("kettle-91", "This password is too short. It must contain at least 12 characters."),
        ("password1234", "This password is too common."),
        # Known from breaches though not among Django's 20,000 common passwords:
        ("Liverpool1892", "This password has appeared in a data breach"),
        ("iloveyou1234", "This password has appeared in a data breach"),
        ("trustno1trustno1", "This password has appeared in a data breach"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(client, people, password, message):
    client.force_login(people.staff)
    response = _change_password(client, password)
    assert response.status_code == 200
    assert message in response.content.decode()
    people.staff.refresh_from_db()
    assert people.staff.check_password(PASSWORD)


def test_a_64_character_passphrase_is_accepted_and_signs_in(client, people):
    passphrase = "the heron waits by the weir while the kettle sings at dusk 18470"
    assert len(passphrase) == 64
    client.force_login(people.staff)
    assert _change_password(client, passphrase).url == reverse("password_change_done")
    client.post(reverse("logout"))
    response = client.post(reverse("login"), {"username": "staff", "password": passphrase})
    assert response.url == reverse("monitoring:home")


def test_the_breach_list_is_read_offline(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("password validation tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    with pytest.raises(ValidationError, match="data breach"):
        validate_password("football12345")
    validate_password("kettle-orchard-lantern-91")
