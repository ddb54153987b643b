"""What every page shares: the not-found page, the log, one way of showing times."""

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from django.urls import reverse

from ..factories import RestrictionFactory


def test_the_demo_server_shows_the_apps_own_not_found_page(client, people, settings):
    settings.DEBUG = True
    client.force_login(people.staff)
    for url in ("/no-such-page/", reverse("monitoring:child-detail", args=[999999])):
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 404
        assert "Page not found" in page and "Back to the start page" in page
        assert "URLconf" not in page and "urlpatterns" not in page


class Lines(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines = []

    def emit(self, record):
        self.lines += self.format(record).splitlines()


def test_a_refusal_is_one_line_in_the_log_not_two_tracebacks(client, people, child):
    django_log, everything_else = Lines(), Lines()
    logging.getLogger("django").addHandler(django_log)
    logging.getLogger().addHandler(everything_else)
    try:
        client.force_login(people.staff)
        assert client.get(reverse("contacts:child-edit", args=[child.pk])).status_code == 403
    finally:
        logging.getLogger("django").removeHandler(django_log)
        logging.getLogger().removeHandler(everything_else)
    assert django_log.lines == [f"Forbidden (Permission denied): /children/{child.pk}/edit/"]
    assert everything_else.lines == []  # not passed on to be printed a second time


def test_times_are_shown_on_the_24_hour_clock(client, people, child):
    afternoon = datetime(2026, 3, 4, 15, 37, tzinfo=ZoneInfo("Europe/London"))
    restriction = RestrictionFactory(
        child=child, legal_basis="emergency_on_site", imposed_at=afternoon
    )
    client.force_login(people.manager)
    page = client.get(restriction.get_absolute_url()).content.decode()
    assert "4 Mar 2026, 15:37" in page
    assert "p.m." not in page and "a.m." not in page
