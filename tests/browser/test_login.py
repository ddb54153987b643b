"""Signing in, as a person does it in the browser."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import login, submit_login_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_wrong_password_shows_an_error_and_stays_signed_out(page, live_server, people):
    page.goto("/accounts/login/")

    submit_login_form(page, "staff", "not-the-password")

    expect(page.get_by_role("alert")).to_contain_text(
        "Please enter a correct username and password"
    )
    expect(page.get_by_role("heading", name="Sign in to Coxlease")).to_be_visible()
    expect(page.get_by_label("Username")).to_have_value("staff")
    # Still signed out: the start page sends them back to sign in.
    page.goto("/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/")
    expect(page.get_by_role("heading", name="Sign in to Coxlease")).to_be_visible()


def test_signing_in_greets_the_user_at_their_site(page, live_server, people):
    login(page, live_server, "staff")

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Hello Sam")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("You are working in Oak Lodge School")
    expect(page.get_by_role("button", name="Current site: Oak Lodge School")).to_be_visible()


def test_signing_in_returns_to_the_page_asked_for(page, live_server, people, child):
    child_url = f"{live_server.url}/children/{child.pk}/"

    page.goto(child_url)

    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/children/\d+/$"))
    expect(page.get_by_role("main")).not_to_contain_text("Hughes")
    login(page, live_server, "staff")
    expect(page).to_have_url(child_url)
    expect(page.get_by_role("heading", name="Daniel Hughes", level=1)).to_be_visible()
