"""The username django-axes counts a failed sign-in under (AXES_USERNAME_CALLABLE).

Axes stores it in a 255-character column, and a longer one sent by hand (the sign-in form's
maxlength binds browsers only) would make PostgreSQL refuse the row and the page fail
(jazzband/django-axes#1381). Cut to fit, it is counted like any other failure."""

from axes.models import AccessAttempt

LONGEST = AccessAttempt._meta.get_field("username").max_length


def username_for_lockout(request, credentials) -> str | None:
    username = (credentials or request.POST).get("username")
    return username[:LONGEST] if username else username
