"""Playwright fixtures for the browser tests.

One headless Chromium (Debian's, never one fetched by `playwright install`) serves the whole
session; every test gets a fresh browser context, so no cookies or sessions leak between
tests. Pages are served by pytest-django's `live_server`, which also serves static files.
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from coxlease.models import User
from coxlease.two_factor import backup_codes_replace

PASSWORD = "a-long-test-password"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 900}
TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(config, items):
    """Runs the browser tests after all the others. Once Chromium starts, Playwright's event
    loop stays on the main thread until the session ends, and Django's check against
    database calls from async code must be turned off (see `browser`); the other tests keep
    that check, and their quick results come first."""
    browser_tests = [item for item in items if item.get_closest_marker("browser")]
    if browser_tests:
        others = [item for item in items if not item.get_closest_marker("browser")]
        items[:] = others + browser_tests


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="session")
def browser() -> Browser:
    if not CHROMIUM.exists():
        reason = f"Chromium is not installed at {CHROMIUM}, so the browser tests cannot run"
        if _in_ci():
            pytest.fail(f"{reason}; CI must run them, not skip them.", pytrace=False)
        pytest.skip(reason)
    # Playwright's sync API runs an asyncio event loop on this thread for as long as it is
    # open, and Django then refuses database work from the test thread (fixtures, factories).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )
            expect.set_options(timeout=TIMEOUT_MS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_page(browser, live_server):
    """Opens a page in a new context: a separate person at a separate computer."""
    contexts = []

    def open_page(viewport: dict | None = None) -> Page:
        context = browser.new_context(viewport=viewport or DESKTOP, base_url=live_server.url)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page) -> Page:
    return new_page()


def submit_login_form(page: Page, username: str, password: str) -> None:
    """Fills in and sends the sign-in form already on the page."""
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def login(page: Page, live_server, username: str, password: str = PASSWORD) -> None:
    """Signs in through the real form (going to it unless already there) and waits until the
    app has moved on from the sign-in page."""
    if "/accounts/login/" not in page.url:
        page.goto(f"{live_server.url}/accounts/login/")
    submit_login_form(page, username, password)
    expect(page, f"Signing in as {username!r} did not leave the sign-in page").not_to_have_url(
        re.compile(r"/accounts/login/")
    )
    if "/accounts/two-factor/" in page.url:
        give_second_factor(page, username)


def give_second_factor(page: Page, username: str) -> None:
    """Privileged roles are asked for a code next: type one of their backup codes (an
    authenticator's code could not be used twice within its 30 seconds)."""
    code = backup_codes_replace(User.objects.get(username=username))[0]
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Continue").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/two-factor/"))
