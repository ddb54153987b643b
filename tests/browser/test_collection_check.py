"""The collection check at the door, in the browser: search as you type, choose the child and
the person, and read the big answer. Also without JavaScript."""

import re

import pytest
from playwright.sync_api import Page, expect

from contacts.models import CollectionCheck, Outcome

from .conftest import DESKTOP, TIMEOUT_MS, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_collection_check(page: Page) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Collection check").click()
    expect(page.get_by_role("heading", name="Collection check", level=1)).to_be_visible()


def choose_child_by_typing(page: Page, typed: str, name: str) -> None:
    search = page.get_by_role("search", name="Find the child")
    search.get_by_label("Child's name").press_sequentially(typed)
    search.get_by_role("button", name=name).click()
    expect(page.get_by_text(f"Checking for {name}")).to_be_visible()


def test_staff_check_the_father_with_a_non_molestation_order_and_are_told_no(
    page, live_server, people, child, father, aunt
):
    console = []
    page.on("console", lambda message: console.append(message.text))
    login(page, live_server, "staff")
    open_collection_check(page)

    choose_child_by_typing(page, "hugh", "Daniel Hughes")
    # htmx swapped the next step in: the page itself was not reloaded.
    expect(page).to_have_url(f"{live_server.url}/collection-check/")
    who = page.get_by_role("group", name="Who is there?")
    expect(who.get_by_role("radio")).to_have_count(3)  # father, aunt, someone not listed
    who.get_by_label("Mark Hughes (father)").check()
    expect(page.get_by_label("Collection from site")).to_be_checked()
    page.get_by_role("button", name="Check", exact=True).click()

    expect(
        page.get_by_role("heading", name="No – do not hand over Daniel Hughes", level=1)
    ).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Non-molestation order (FD25P00123)")
    expect(page.get_by_role("alert")).to_contain_text(
        "This refusal has been recorded in the collection log."
    )
    check = CollectionCheck.objects.get()
    assert (check.person, check.result) == (father, Outcome.NOT_ALLOWED)
    expect(page).to_have_url(f"{live_server.url}/collection-check/{check.pk}/")
    assert [text for text in console if "Content Security Policy" in text] == []


def test_an_authorised_collector_gives_the_password_word_and_gets_the_green_answer(
    page, live_server, people, child, father, aunt
):
    login(page, live_server, "staff")
    open_collection_check(page)

    choose_child_by_typing(page, "daniel", "Daniel Hughes")
    page.get_by_role("group", name="Who is there?").get_by_label("Joanne Price (aunt)").check()
    page.get_by_role("button", name="Check", exact=True).click()

    expect(
        page.get_by_role("heading", name="Wait – ask for their password word", level=1)
    ).to_be_visible()
    expect(page.get_by_role("main")).not_to_contain_text("heron")
    word = page.get_by_label("The word they gave")
    expect(word).to_be_focused()
    word.fill("Heron ")
    page.get_by_role("button", name="Check the word").click()

    expect(page.get_by_role("heading", name="Yes – may collect", level=1)).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("They gave the right password word.")
    expect(page.get_by_role("alert")).to_have_count(0)

    # The answer is in the log on the check page.
    page.get_by_role("link", name="Check someone else", exact=True).click()
    recent = page.get_by_role("region", name="Recent checks at Oak Lodge School")
    rows = recent.get_by_role("row").filter(has_text="Joanne Price")
    expect(rows.first).to_contain_text("Yes")
    expect(rows.nth(1)).to_contain_text("Asked for the word")


def test_someone_not_listed_must_be_described_then_is_refused(
    page, live_server, people, child, aunt
):
    login(page, live_server, "dsl")
    open_collection_check(page)
    choose_child_by_typing(page, "hug", "Daniel Hughes")

    page.get_by_label("Someone not listed").check()
    page.get_by_role("button", name="Check", exact=True).click()

    description = page.get_by_label("If not listed: who is there?")
    expect(description).to_have_accessible_description(re.compile("^Describe who is there"))
    description.fill("Man saying he is an uncle")
    page.get_by_role("button", name="Check", exact=True).click()

    expect(
        page.get_by_role("heading", name="No – do not hand over Daniel Hughes", level=1)
    ).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Man saying he is an uncle")


def test_the_check_works_without_javascript(browser, live_server, people, child, father):
    context = browser.new_context(
        viewport=DESKTOP, base_url=live_server.url, java_script_enabled=False
    )
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        login(page, live_server, "staff")
        page.goto("/collection-check/")

        search = page.get_by_role("search", name="Find the child")
        search.get_by_label("Child's name").fill("hughes")
        search.get_by_role("button", name="Search").click()
        expect(page).to_have_url(re.compile(r"\?q=hughes$"))
        page.get_by_role("button", name="Daniel Hughes").click()
        expect(page).to_have_url(re.compile(rf"child={child.pk}"))

        page.get_by_label("Mark Hughes (father)").check()
        page.get_by_role("button", name="Check", exact=True).click()

        expect(
            page.get_by_role("heading", name="No – do not hand over Daniel Hughes", level=1)
        ).to_be_visible()
    finally:
        context.close()


def test_a_wrong_password_word_turns_the_answer_red(page, live_server, people, child, aunt):
    login(page, live_server, "staff")
    page.goto(f"/collection-check/?child={child.pk}")
    page.get_by_label("Joanne Price (aunt)").check()
    page.get_by_role("button", name="Check", exact=True).click()
    page.get_by_label("The word they gave").fill("sparrow")
    page.get_by_role("button", name="Check the word").click()

    expect(
        page.get_by_role("heading", name="No – do not hand over Daniel Hughes", level=1)
    ).to_be_visible()
    expect(page.get_by_role("region", name="What to do now")).to_contain_text("999")
    assert [c.result for c in CollectionCheck.objects.order_by("pk")] == [
        Outcome.CONDITIONAL,
        Outcome.NOT_ALLOWED,
    ]


def test_someone_named_in_an_order_about_a_sibling_gets_amber_at_the_door(
    page, live_server, people, site, child, father
):
    from ..factories import AuthorisedCollectorFactory, ChildFactory, RestrictionFactory

    AuthorisedCollectorFactory(child=child, person=father)
    father.restrictions.all().delete()  # no order about Daniel himself
    sister = ChildFactory(site=site, legal_first_name="Ella", legal_last_name="Hughes")
    RestrictionFactory(child=sister, person=father)

    login(page, live_server, "staff")
    page.goto(f"/collection-check/?child={child.pk}")
    page.get_by_label("Mark Hughes (father)").check()
    page.get_by_role("button", name="Check", exact=True).click()

    expect(page.get_by_role("heading", name="Wait – the DSL must decide", level=1)).to_be_visible()
    main = page.get_by_role("main")
    expect(main).to_contain_text("An order about another child at this site names Mark Hughes.")
    expect(main).not_to_contain_text("Ella")
    expect(page.get_by_role("region", name="What to do now")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]

    # The DSL answers from their phone; the desk's page shows it without anyone reloading.
    from contacts.services import collection_dsl_decide

    collection_dsl_decide(
        check=CollectionCheck.objects.get(),
        go_ahead=False,
        note="Keep Danny in; I am phoning his social worker.",
        decided_by=people.dsl,
    )
    expect(page.get_by_role("heading", name=re.compile("^No"), level=1)).to_be_visible(
        timeout=20_000
    )
    expect(main).to_contain_text("Gareth Tester answered at")
