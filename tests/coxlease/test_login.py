from axes.models import AccessAttempt
from django.core import mail
from django.urls import reverse

PASSWORD = "a-long-test-password"


def _attempt(client, username, password, address="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_wrong_password_shows_an_error_and_keeps_the_username(client, people):
    response = _attempt(client, "staff", "wrong")
    page = response.content.decode()
    assert "Please enter a correct username and password" in page
    assert 'value="staff"' in page
    assert "_auth_user_id" not in client.session


def test_right_password_signs_in(client, people):
    response = _attempt(client, "staff", PASSWORD)
    assert response.url == reverse("monitoring:home")


def test_repeated_failures_lock_the_account_from_that_address_only(client, people, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _attempt(client, "staff", "wrong")
    locked = _attempt(client, "staff", PASSWORD)
    assert locked.status_code == 429
    assert "This account is locked for now" in locked.content.decode()
    assert "Wait 30 minutes and try again" in locked.content.decode()
    assert "PT30M" not in locked.content.decode()
    # Someone failing from elsewhere cannot lock a colleague out.
    assert _attempt(client, "staff", PASSWORD, address="10.0.0.2").url == reverse("monitoring:home")


def test_a_username_longer_than_any_is_refused_before_signing_in_not_a_crash(client, db):
    response = _attempt(client, "x" * 300, "wrong")
    assert response.status_code == 200
    assert "Ensure this value has at most 150 characters (it has 300)." in response.content.decode()
    assert not AccessAttempt.objects.exists()  # nobody tried to authenticate it


def test_the_lockout_counts_a_long_username_cut_to_fit_if_it_ever_gets_there(rf):
    from coxlease.lockout import username_for_lockout

    request = rf.post("/accounts/login/", {"username": "y" * 400})
    assert username_for_lockout(request, None) == "y" * 255


def test_password_reset_sends_a_link(client, people):
    people.staff.email = "sam@example.org"
    people.staff.save()
    response = client.post(reverse("password_reset"), {"email": "sam@example.org"})
    assert response.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body


def test_logout_ends_the_session(client, people):
    client.force_login(people.staff)
    client.post(reverse("logout"))
    assert client.get(reverse("monitoring:home")).url.startswith(reverse("login"))


def test_signing_out_by_address_shows_a_button_rather_than_an_empty_refusal(client, people):
    client.force_login(people.staff)
    page = client.get(reverse("logout"))
    assert page.status_code == 200
    assert "<button" in page.content.decode() and "Sign out" in page.content.decode()
    assert "_auth_user_id" in client.session  # a GET does not sign anyone out
