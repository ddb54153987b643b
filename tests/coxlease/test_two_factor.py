"""Privileged roles sign in with a second factor (DESIGN: access); staff do not need one."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from coxlease.demo import DEMO_PASSWORD

from ..factories import MembershipFactory, UserFactory

PASSWORD = "a-long-test-password"


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _sign_in(client, username):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD})


@pytest.fixture
def new_manager(site):
    """A site manager who has not set up a second factor yet."""
    user = UserFactory(username="newmanager")
    MembershipFactory(user=user, site=site, role="site_manager")
    return user


def test_staff_sign_in_with_a_password_alone(unverified_client, people, child):
    _sign_in(unverified_client, "staff")
    assert unverified_client.get(child.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("role", ["manager", "dsl", "slt", "admin"])
def test_privileged_roles_reach_nothing_before_their_code(unverified_client, people, child, role):
    _sign_in(unverified_client, role)
    response = unverified_client.get(child.get_absolute_url())
    assert response.url == f"{reverse('two-factor-verify')}?next={child.get_absolute_url()}"


def test_the_right_code_opens_the_page_asked_for(unverified_client, people, child):
    _sign_in(unverified_client, "manager")
    device = TOTPDevice.objects.get(user=people.manager)
    verify = f"{reverse('two-factor-verify')}?next={child.get_absolute_url()}"
    response = unverified_client.post(verify, {"code": _code(device)})
    assert response.url == child.get_absolute_url()
    assert unverified_client.get(child.get_absolute_url()).status_code == 200


def test_a_wrong_code_is_refused_with_a_message(unverified_client, people, child):
    _sign_in(unverified_client, "manager")
    response = unverified_client.post(reverse("two-factor-verify"), {"code": "000000"})
    assert "That code is not right" in response.content.decode()
    assert "Collection check" not in response.content.decode()  # no menu before the code
    assert unverified_client.get(child.get_absolute_url()).status_code == 302


def test_a_backup_code_works_once(unverified_client, people, child):
    from coxlease.two_factor import backup_codes_replace

    codes = backup_codes_replace(people.dsl)
    _sign_in(unverified_client, "dsl")
    response = unverified_client.post(reverse("two-factor-verify"), {"code": codes[0]})
    assert response.url == reverse("monitoring:home")
    assert not StaticToken.objects.filter(token=codes[0]).exists()
    unverified_client.post(reverse("logout"))
    _sign_in(unverified_client, "dsl")
    response = unverified_client.post(reverse("two-factor-verify"), {"code": codes[0]})
    assert "That code is not right" in response.content.decode()


def test_a_new_manager_sets_up_an_authenticator_and_gets_backup_codes(
    unverified_client, new_manager, child
):
    _sign_in(unverified_client, "newmanager")
    response = unverified_client.get(child.get_absolute_url(), follow=True)
    page = response.content.decode()
    assert "Set up your second factor" in page
    assert 'src="data:image/svg+xml' in page
    device = TOTPDevice.objects.get(user=new_manager, confirmed=False)
    done = unverified_client.post(
        f"{reverse('two-factor-setup')}?next={child.get_absolute_url()}", {"code": _code(device)}
    )
    assert "Your second factor is set up" in done.content.decode()
    assert done.content.decode().count('<li class="col">') == 10
    device.refresh_from_db()
    assert device.confirmed
    assert unverified_client.get(child.get_absolute_url()).status_code == 200


def test_setting_up_with_a_wrong_code_confirms_nothing(unverified_client, new_manager):
    _sign_in(unverified_client, "newmanager")
    unverified_client.get(reverse("two-factor-setup"))
    wrong = unverified_client.post(reverse("two-factor-setup"), {"code": "123"})
    assert "That code is not right" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=new_manager, confirmed=True).exists()


def test_signing_out_needs_no_code(unverified_client, people):
    _sign_in(unverified_client, "manager")
    unverified_client.post(reverse("logout"))
    assert "_auth_user_id" not in unverified_client.session


def test_demo_logins_show_their_code_on_the_demo_server_only(unverified_client, settings, db):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("seed_demo")
    unverified_client.post(
        reverse("login"), {"username": "manager.coxlease", "password": DEMO_PASSWORD}
    )
    settings.DEBUG = False
    assert (
        "Demo site only" not in unverified_client.get(reverse("two-factor-verify")).content.decode()
    )
    settings.DEBUG = True
    page = unverified_client.get(reverse("two-factor-verify")).content.decode()
    assert "Demo site only: the current code for this demo login is" in page


def test_after_a_lost_phone_is_removed_the_user_sets_up_a_new_app(unverified_client, people):
    from coxlease.two_factor import backup_codes_replace

    backup_codes_replace(people.manager)
    TOTPDevice.objects.filter(user=people.manager).delete()  # what the administrator does
    _sign_in(unverified_client, "manager")
    page = unverified_client.get(reverse("monitoring:home"), follow=True).content.decode()
    assert "Set up your second factor" in page


def test_signing_in_twice_within_a_code_shows_the_next_code_on_the_demo(
    client, unverified_client, settings, db
):
    import re

    from django.core.management import call_command

    settings.DEBUG = True
    call_command("seed_demo")
    for attempt in range(2):
        browser = client if attempt else unverified_client
        browser.logout()
        browser.post(reverse("login"), {"username": "manager.coxlease", "password": DEMO_PASSWORD})
        page = browser.get(reverse("two-factor-verify")).content.decode()
        code = re.search(r"for this demo login is <strong[^>]*>(\d{6})</strong>", page)[1]
        response = browser.post(reverse("two-factor-verify"), {"code": code})
        assert response.status_code == 302, f"sign-in {attempt + 1} refused the code shown"
