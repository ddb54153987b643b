"""Playwright fixtures for the browser tests.

One headless Chromium (Debian's, never one fetched by `playwright install`) serves the whole
session; every test gets a fresh browser context, so no cookies or sessions leak between
tests. Pages are served by pytest-django's `live_server`, which also serves static files.
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from coxlease.models import User
from coxlease.two_factor import backup_codes_replace

PASSWORD = "a-long-test-password"
CHROMIUM = Path("/usr/bin/chromium")
# From the npm registry through package-lock.json, installed by `make` (never from a CDN).
NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
# WCAG 2.0, 2.1 and 2.2 at levels A and AA (2.5.3 "label in name" is in wcag21a).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SERIOUS = {"serious", "critical"}
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


def _missing(reason: str) -> None:
    """A tool the browser tests need is absent: skipped on a developer's machine, a failure in
    CI, which must run them."""
    if _in_ci():
        pytest.fail(f"{reason}; CI must run these tests, not skip them.", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Browser:
    if not CHROMIUM.exists():
        _missing(f"Chromium is not installed at {CHROMIUM}, so the browser tests cannot run")
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

    def open_page(viewport: dict | None = None, bypass_csp: bool = False) -> Page:
        context = browser.new_context(
            viewport=viewport or DESKTOP, base_url=live_server.url, bypass_csp=bypass_csp
        )
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


@pytest.fixture(scope="session")
def axe():
    """Runs axe-core's WCAG 2.2 A and AA rules on the page and returns its serious and critical
    violations. axe is added as an inline script, which the Content-Security-Policy forbids:
    run it only in a page opened with `new_page(bypass_csp=True)`."""
    if not AXE.exists():
        _missing(f"axe-core is not installed at {AXE} (`make test` installs it with npm)")

    def violations(page: Page) -> list[dict]:
        page.add_script_tag(path=str(AXE))
        results = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
            " resultTypes: ['violations']})",
            WCAG_TAGS,
        )
        return [v for v in results["violations"] if v["impact"] in SERIOUS]

    return violations


@pytest.fixture(scope="session")
def nu_checker():
    """Checks HTML files with the Nu HTML checker in one Java process, and returns its errors
    (each with the file's URL, line, message and extract)."""
    java = shutil.which("java")
    if java is None:
        _missing("Java is not installed, so the Nu HTML checker cannot run")
    if not VNU.exists():
        _missing(f"The Nu HTML checker is not installed at {VNU} (`make test` installs it)")

    def errors(files: list[Path]) -> list[dict]:
        if not files:
            return []
        run = subprocess.run(
            [java, "-jar", str(VNU), "--errors-only", "--exit-zero-always", "--stdout"]
            + ["--format", "json", *map(str, files)],
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        )
        return json.loads(run.stdout)["messages"]

    return errors
