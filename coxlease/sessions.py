"""Nothing left on a shared school computer: pages the browser must not keep, sessions that
end, and ending a user's sessions on demand.

Idle sessions end through Django's own settings (SESSION_COOKIE_AGE, saved every request);
changing a password ends the user's other sessions because the session's auth hash is made
from the password hash. `User.session_generation` is folded into that hash too, so raising it
ends every session the user has, wherever it is, without looking through the session table.
"""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.db.models import F, QuerySet
from django.utils.cache import add_never_cache_headers

from .models import User

SIGNED_IN_AT = "signed_in_at"


class NoStoreMiddleware:
    """Every page the app renders says `Cache-Control: no-store`, so that neither the disk
    cache nor the Back button shows a child's record after sign-out. Static files are served
    before this middleware and stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response


class SessionLimitMiddleware:
    """A session ends SESSION_MAX_HOURS after sign-in, however busy it has been."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            signed_in_at = request.session.setdefault(SIGNED_IN_AT, now)
            if now - signed_in_at >= settings.SESSION_MAX_HOURS * 3600:
                logout(request)  # the login requirement then sends them to sign in again
        return self.get_response(request)


def user_sessions_end(*, users: QuerySet[User]) -> int:
    """Sign the users out everywhere: each session they have fails its next request."""
    return users.update(session_generation=F("session_generation") + 1)
