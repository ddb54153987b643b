"""A school computer is shared: once a colleague has gone, neither Back nor the browser's disk
cache gives away anything of a child's record."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import CHROMIUM, CHROMIUM_ARGS, DESKTOP, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_back_after_signing_out_shows_the_sign_in_page_not_the_child(
    page, live_server, people, child
):
    login(page, live_server, "staff")
    page.goto(child.get_absolute_url())
    expect(page.get_by_role("heading", name="Daniel Hughes", exact=True)).to_be_visible()

    page.get_by_role("button", name="Sam Tester").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.go_back()

    expect(page.get_by_role("heading", name="Sign in to Coxlease")).to_be_visible()
    expect(page.get_by_text("Daniel Hughes")).to_have_count(0)


def test_a_closed_browser_keeps_no_copy_of_a_childs_record_on_disk(
    browser, live_server, people, child, tmp_path
):
    profile = tmp_path / "profile"  # the computer's browser profile, kept on its disk
    context = browser.browser_type.launch_persistent_context(
        profile,
        executable_path=str(CHROMIUM),
        args=CHROMIUM_ARGS,
        headless=True,
        viewport=DESKTOP,
        base_url=live_server.url,
    )
    page = context.pages[0]
    login(page, live_server, "staff")
    page.goto(child.get_absolute_url())
    expect(page.get_by_role("heading", name="Daniel Hughes", exact=True)).to_be_visible()
    page.goto("/")  # then walks away and the browser is closed, without signing out
    context.close()

    cache = profile / "Default" / "Cache"
    assert cache.is_dir()
    assert [p.name for p in cache.rglob("*") if p.is_file() and b"Hughes" in p.read_bytes()] == []
