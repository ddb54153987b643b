"""Every page that each role reaches is accessible and valid HTML: axe-core finds no serious or
critical violation of WCAG 2.2 A and AA, and the Nu HTML checker no error. So is each form's
page after the form is sent empty, where the error messages are.

The pages come from the access matrix: a URL added there is checked here as every role that
may open it, with no extra work.
"""

import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from tests.test_access_matrix import MATRIX, ROLES

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Pages that show more in another state than at their bare URL: the collection check with a
# child found and chosen shows both of its htmx fragments filled in, and the check form.
STATES = {
    "contacts:collection-check": lambda objs: {
        "q": objs["child"].legal_first_name,
        "child": objs["child"].pk,
    },
}

# A form the user fills in (not a button alone, such as "I have read and understood").
FILLABLE_FORM = (
    "main form[method=post]:has("
    "input:not([type=hidden]):not([type=submit]):not([type=button]), select, textarea)"
)
SEND_EMPTY = """form => {
    for (const field of form.elements) {
        if (['hidden', 'submit', 'button'].includes(field.type)) continue;
        if (field.type === 'checkbox' || field.type === 'radio') field.checked = false;
        else if (field.tagName === 'SELECT') field.selectedIndex = -1;
        else field.value = '';
    }
    form.noValidate = true;  // the server's messages are under test, not the browser's
    form.requestSubmit();
}"""
MAIN = re.compile(r"(<main\b[^>]*>).*?(</main>)", re.DOTALL)


# Downloads are named by their type (…/opened.csv, …/report.pdf, …/photo.jpg): not pages.
DOWNLOADS = (".csv", ".pdf", ".jpg", "/download")


def urls_for(role, records):
    for name, (method, kwargs_for, expected) in MATRIX.items():
        if method == "get" and expected[role] == 200:
            url = reverse(name, kwargs=kwargs_for(records) if kwargs_for else None)
            if url.endswith(DOWNLOADS):
                continue
            yield url
            if name in STATES:
                yield f"{url}?{urlencode(STATES[name](records))}"


def is_fragment(html: str) -> bool:
    """An htmx response: part of a page, not a document."""
    return not html.lstrip()[:15].lower().startswith("<!doctype html")


def in_page(fragment: str, page_html: str) -> str:
    """The fragment where htmx would show it: inside a page of the app."""
    html, found = MAIN.subn(lambda m: m[1] + fragment + m[2], page_html, count=1)
    assert found, "no <main> to show the fragment in"
    return html


def axe_problems(where: str, violations: list[dict]) -> list[str]:
    return [
        f"{where}: {v['id']} ({v['impact']}): {v['help']}, at "
        + "; ".join(" ".join(map(str, node["target"])) for node in v["nodes"][:5])
        for v in violations
    ]


class Crawl:
    """What was seen: each page's HTML for the Nu checker, and the problems found."""

    def __init__(self, axe):
        self.axe = axe
        self.pages: list[tuple[str, str]] = []
        self.problems: list[str] = []
        self.forms_sent: set[str] = set()

    def check(self, page: Page, where: str, html: str) -> None:
        self.pages.append((where, html))
        self.problems += axe_problems(where, self.axe(page))

    def visit(self, page: Page, role: str, url: str) -> None:
        response = page.goto(url)
        if response.status != 200:
            self.problems.append(f"{role} {url}: answered {response.status}, not 200")
            return
        html = response.text()
        if is_fragment(html):
            html = in_page(html, self.pages[-1][1])
            page.set_content(html)
            self.check(page, f"{role} {url} (shown in a page)", html)
            return
        self.check(page, f"{role} {url}", html)
        forms = page.locator(FILLABLE_FORM).count()
        if forms and url not in self.forms_sent:
            # A form's error messages read alike for every role: checked once.
            self.forms_sent.add(url)
            for index in range(forms):
                self.send_empty(page, role, url, index)

    def send_empty(self, page: Page, role: str, url: str, index: int) -> None:
        where = f"{role} {url} after sending form {index + 1} empty"
        if index:
            page.goto(url)
        with page.expect_navigation() as navigation:
            page.locator(FILLABLE_FORM).nth(index).evaluate(SEND_EMPTY)
        response = navigation.value
        if response.status != 200 or response.request.redirected_from is not None:
            self.problems.append(f"{where}: was accepted (answered {response.status})")
            return
        self.check(page, where, response.text())


def test_every_page_is_accessible_and_valid(
    new_page, live_server, people, records, axe, nu_checker, tmp_path
):
    crawl = Crawl(axe)
    for role in ROLES:
        # axe is added as an inline script, which the Content-Security-Policy forbids.
        page = new_page(bypass_csp=True)
        if role != "anonymous":
            login(page, live_server, getattr(people, role).username)
        for url in urls_for(role, records):
            crawl.visit(page, role, url)

    files = {}
    for number, (where, html) in enumerate(crawl.pages):
        path = tmp_path / f"page-{number:03}.html"
        path.write_text(html, encoding="utf-8")
        files[path.name] = where
    # One Java process for every page: starting it takes seconds.
    for error in nu_checker([tmp_path / name for name in files]):
        where = files.get(error.get("url", "").rsplit("/", 1)[-1], error.get("url"))
        crawl.problems.append(
            f"{where}: invalid HTML at line {error.get('lastLine')}: {error['message']}"
            f" in {error.get('extract', '').strip()!r}"
        )

    assert len(crawl.pages) > len(ROLES), "the crawl saw almost no page"
    assert crawl.problems == [], "\n".join(crawl.problems)
