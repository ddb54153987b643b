"""The second factor for privileged roles: an authenticator app, and backup codes for the day
the phone is lost. Built on django-otp; only the rules of who and when are ours."""

import django_otp
from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODES = 10


def has_second_factor(user) -> bool:
    """Whether the user has an authenticator app. Backup codes alone do not count: once an
    administrator removes a lost phone's app, the user sets up a new one at next sign-in."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def authenticator_pending(user) -> TOTPDevice:
    """The authenticator app being set up: the same secret until it is confirmed."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": "Authenticator app"}
    )
    return device


@transaction.atomic
def authenticator_confirm(*, request, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the app with a code from it. Returns fresh backup codes, or None if the code
    was wrong. The session counts as verified from then on."""
    if not device.verify_token(code):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    _verified(request, device)
    return backup_codes_replace(request.user)


@transaction.atomic
def backup_codes_replace(user) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(user=user, defaults={"name": "Backup codes"})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def second_factor_verify(*, request, code: str) -> bool:
    """Accept a code from the app or an unused backup code; each device throttles guesses."""
    for device in devices_for_user(request.user, confirmed=True):
        if django_otp.verify_token(request.user, device.persistent_id, code):
            _verified(request, device)
            return True
    return False


def _verified(request, device) -> None:
    django_otp.login(request, device)
    # A new session id now that the session proves more, as Django gives one after the
    # password: an id seen before the code (on a shared screen, in a log) is then worthless.
    request.session.cycle_key()
