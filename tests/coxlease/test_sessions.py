"""Nothing left on a shared school computer: no page kept by the browser, sessions that end,
and new session ids whenever a session proves more about who is using it."""

import time

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from coxlease.sessions import SIGNED_IN_AT

from ..conftest import VerifiedClient
from ..factories import UserFactory
from ..html_forms import forms_on
from ..test_access_matrix import MATRIX
from .test_settings import PRODUCTION, _manage

PASSWORD = "a-long-test-password"
HOUR = 3600


def _sign_in(client, username, password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def _session_id(client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _signed_in(client) -> bool:
    return client.get(reverse("monitoring:home")).status_code == 200


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


class TestNothingKeptByTheBrowser:
    @pytest.mark.parametrize("name", [n for n, (method, *_) in MATRIX.items() if method == "get"])
    def test_every_page_says_no_store(self, client, people, records, name):
        _, kwargs_for, expected = MATRIX[name]
        role = next(
            r for r in ("manager", "staff", "admin", "slt", "anonymous") if expected[r] == 200
        )
        if role != "anonymous":
            client.force_login(getattr(people, role))
        response = client.get(reverse(name, kwargs=kwargs_for(records) if kwargs_for else None))
        assert response.status_code == 200
        assert "no-store" in response.headers["Cache-Control"]

    def test_redirects_and_refusals_say_no_store_too(self, client, people, records):
        client.force_login(people.staff)
        refused = client.get(reverse("contacts:child-edit", args=[records["child"].pk]))
        assert refused.status_code == 403
        assert "no-store" in refused.headers["Cache-Control"]
        assert "no-store" in Client().get(reverse("monitoring:home")).headers["Cache-Control"]


class TestSessionsEnd:
    def test_a_session_ends_twelve_hours_after_sign_in_however_busy(
        self, unverified_client, people, child
    ):
        _sign_in(unverified_client, "staff")
        assert unverified_client.get(child.get_absolute_url()).status_code == 200
        session = unverified_client.session
        session[SIGNED_IN_AT] = int(time.time()) - 12 * HOUR + 60
        session.save()
        assert unverified_client.get(child.get_absolute_url()).status_code == 200
        session = unverified_client.session
        session[SIGNED_IN_AT] = int(time.time()) - 12 * HOUR
        session.save()
        response = unverified_client.get(child.get_absolute_url())
        assert response.url.startswith(reverse("login"))
        assert not _signed_in(unverified_client)

    def test_the_limit_is_configurable(self, unverified_client, people, settings):
        settings.SESSION_MAX_HOURS = 1
        _sign_in(unverified_client, "staff")
        assert _signed_in(unverified_client)
        session = unverified_client.session
        session[SIGNED_IN_AT] -= HOUR
        session.save()
        assert not _signed_in(unverified_client)

    def test_changing_the_password_ends_the_other_sessions_only(self, people):
        here, elsewhere = Client(), Client()
        _sign_in(here, "staff")
        _sign_in(elsewhere, "staff")
        response = here.post(
            reverse("password_change"),
            {
                "old_password": PASSWORD,
                "new_password1": "kettle-orchard-lantern-91",
                "new_password2": "kettle-orchard-lantern-91",
            },
        )
        assert response.url == reverse("password_change_done")
        assert _signed_in(here)
        assert not _signed_in(elsewhere)

    def test_disabling_a_user_in_the_admin_ends_their_sessions_for_good(
        self, client, people, superuser
    ):
        staff = Client()
        _sign_in(staff, "staff")
        client.force_login(superuser)
        change_url = reverse("admin:coxlease_user_change", args=[people.staff.pk])
        page = client.get(change_url).content.decode()
        (form,) = [f for f in forms_on(page, change_url) if f.action == change_url]
        data = form.initial()
        del data["is_active"]
        assert client.post(change_url, data).status_code == 302
        people.staff.refresh_from_db()
        assert not people.staff.is_active
        assert not _signed_in(staff)
        # Enabled again, the user signs in afresh: the old session stays dead.
        type(people.staff).objects.filter(pk=people.staff.pk).update(is_active=True)
        assert not _signed_in(staff)
        _sign_in(staff, "staff")
        assert _signed_in(staff)

    def test_an_administrator_signs_a_user_out_everywhere(self, client, people, superuser):
        phone, desk = Client(), Client()
        _sign_in(phone, "staff")
        _sign_in(desk, "staff")
        dsl = VerifiedClient()
        dsl.force_login(people.dsl)
        client.force_login(superuser)
        response = client.post(
            reverse("admin:coxlease_user_changelist"),
            {"action": "end_sessions", "_selected_action": [people.staff.pk]},
            follow=True,
        )
        assert "1 user(s) signed out everywhere." in response.content.decode()
        assert not _signed_in(phone)
        assert not _signed_in(desk)
        assert dsl.get(reverse("monitoring:home")).status_code == 200  # others are untouched
        _sign_in(phone, "staff")
        assert _signed_in(phone)


class TestNewSessionIds:
    def test_signing_in_gives_a_new_session_id(self, unverified_client, people):
        session = unverified_client.session  # a session planted before sign-in
        session["planted"] = True
        session.save()
        before = _session_id(unverified_client)
        _sign_in(unverified_client, "staff")
        assert _session_id(unverified_client) != before
        assert not SessionStore().exists(before)

    def test_the_second_factor_gives_another_new_session_id(self, unverified_client, people, child):
        _sign_in(unverified_client, "manager")
        after_password = _session_id(unverified_client)
        device = TOTPDevice.objects.get(user=people.manager)
        unverified_client.post(reverse("two-factor-verify"), {"code": _code(device)})
        assert _session_id(unverified_client) != after_password
        assert not SessionStore().exists(after_password)
        assert unverified_client.get(child.get_absolute_url()).status_code == 200

    def test_setting_up_the_second_factor_gives_a_new_session_id(self, unverified_client, site):
        from coxlease.models import Role

        from ..factories import MembershipFactory

        MembershipFactory(user=UserFactory(username="newmanager"), site=site, role=Role.DSL)
        _sign_in(unverified_client, "newmanager")
        unverified_client.get(reverse("two-factor-setup"))
        after_password = _session_id(unverified_client)
        device = TOTPDevice.objects.get(user__username="newmanager")
        done = unverified_client.post(reverse("two-factor-setup"), {"code": _code(device)})
        assert "Your second factor is set up" in done.content.decode()
        assert _session_id(unverified_client) != after_password
        assert _signed_in(unverified_client)


COOKIES_SET_OVER_HTTPS = """
from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.test import RequestFactory

settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"  # no database here

def view(request):
    request.session["signed_in"] = True
    get_token(request)
    return HttpResponse()

response = SessionMiddleware(CsrfViewMiddleware(view))(RequestFactory().get("/", secure=True))
for cookie in response.cookies.values():
    print(cookie.output())
"""


def test_cookies_carry_the_host_prefix_over_https():
    result = _manage("shell", "-c", COOKIES_SET_OVER_HTTPS, **PRODUCTION)
    cookies = {
        line.split("=")[0].removeprefix("Set-Cookie: "): line
        for line in result.stdout.splitlines()
        if line.startswith("Set-Cookie: ")
    }
    assert set(cookies) == {"__Host-sessionid", "__Host-csrftoken"}, result.stderr
    for cookie in cookies.values():
        assert "; Secure" in cookie and "; Path=/" in cookie and "Domain" not in cookie


def test_over_plain_http_the_cookies_keep_their_ordinary_names():
    assert settings.SESSION_COOKIE_NAME == "sessionid"  # browsers drop __Host- cookies over http
