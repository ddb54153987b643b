"""Bad input at volume: generated submissions to every form, as everyone who may use it.

The forms are found, not listed: every page of the access matrix that a role may open (and
the pages those link to, such as a collection check for one child) is fetched and each
<form> on it parsed, so a form added later is fuzzed with no extra work. Hypothesis then mixes,
field by field, what the page offered (its options, hidden values), boundary values for the
field's type, and garbage. Each submission must:
- never cause a server error;
- save nothing when the form comes back to be corrected (a 200 answer to a POST leaves every
  table's row count as it was);
- never show a script it was sent unescaped, on the answer or on the page it redirects to.
"""

import logging
import math
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import parse_qsl, urljoin, urlsplit

from bs4 import BeautifulSoup
from django.apps import apps
from django.db import connection
from django.urls import Resolver404, resolve, reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from .html_forms import Field, PageForm, forms_on
from .test_access_matrix import MATRIX

# URLs never submitted: signing out would end the fuzzing client's session; Django's admin
# forms are Django's own.
NOT_FUZZED = {"logout"}
NOT_FUZZED_NAMESPACES = {"admin"}

# Tables that change on any request by design: sessions are saved or rotated, failed sign-ins
# are counted by django-axes.
BOOKKEEPING = {
    "sessions.Session",
    "axes.AccessAttempt",
    "axes.AccessAttemptExpiration",
    "axes.AccessFailureLog",
    "axes.AccessLog",
}

SCRIPTS = (
    '<script>alert("fuzz")</script>',
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "</textarea><script>alert(2)</script>",
)
NASTY = (
    "",
    " ",
    "\x00",
    "-1",
    "0",
    "99999999999999999999",
    "1e309",
    "NaN",
    "None",
    "true",
    "' OR 1=1 --",
    "%s%n",
    "{{ 7|add:7 }}",
    "../../etc/passwd",
    "\u202egnp.exe",
    "Zoë Ó'Brien-Ng 😀",
    "2024-02-30",
    "0000-00-00",
    "31/12/2025",
    "x" * 5000,
)
PK_LIKE = st.integers(min_value=0, max_value=60).map(str)


def _with_script(strategy):
    return st.builds(
        lambda before, script, after: f"{before}{script}{after}",
        strategy,
        st.sampled_from(SCRIPTS),
        st.text(max_size=5),
    )


GARBAGE = st.one_of(
    st.sampled_from(NASTY),
    _with_script(st.text(max_size=5)),
    st.text(max_size=40),
    PK_LIKE,
)


def _dates():
    return st.one_of(
        st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)).map(date.isoformat),
        st.sampled_from(["0001-01-01", "9999-12-31", "2024-02-29", date.today().isoformat()]),
    )


def _datetimes():
    return st.one_of(
        st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 12, 31)).map(
            lambda moment: moment.strftime("%Y-%m-%dT%H:%M")
        ),
        # The first and last moments Django accepts, and an hour the clocks skip and repeat.
        st.sampled_from(
            ["0001-01-01T00:00", "9999-12-31T23:59", "2026-03-29T01:30", "2026-10-25T01:30"]
        ),
    )


def _typed(f: Field):
    """Values that a browser could send for this kind of field, boundaries included."""
    if f.kind == "date":
        return _dates()
    if f.kind == "datetime-local":
        return _datetimes()
    if f.kind == "time":
        return st.times().map(lambda t: t.strftime("%H:%M"))
    if f.kind == "number":
        return st.one_of(st.integers(-(2**63), 2**63).map(str), st.floats().map(str))
    if f.kind == "email":
        return st.emails()
    longest = f.max_length or 200
    return st.one_of(
        st.text(max_size=longest),
        st.sampled_from(["x" * longest, "x" * (longest + 1)]),
        _with_script(st.text(max_size=5)),
    )


def _values(f: Field):
    """One field's submitted values (several for a multiple select or checkbox group), or
    None to leave it out."""
    if f.options:
        offered = st.sampled_from(f.options)
        if f.multiple:
            chosen = st.lists(st.one_of(offered, GARBAGE), max_size=len(f.options) + 1)
        else:
            chosen = st.one_of(offered, GARBAGE).map(lambda value: [value])
    else:
        chosen = st.one_of(_typed(f), GARBAGE).map(lambda value: [value])
    return st.one_of(st.just(list(f.initial)), chosen, st.none())


def submissions(form: PageForm):
    return st.fixed_dictionaries({f.name: _values(f) for f in form.fields}).map(
        lambda data: {name: values for name, values in data.items() if values is not None}
    )


@dataclass(frozen=True)
class Target:
    role: str
    form: PageForm


@dataclass
class Tally:
    submissions: int = 0
    server_errors: int = 0
    answers: Counter = field(default_factory=Counter)
    problems: Counter = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)

    def report(self, targets) -> str:
        roles = len({t.role for t in targets})
        lines = [
            f"Fuzzed {len(targets)} forms (by role) as {roles} roles: {self.submissions} "
            f"submissions, {self.server_errors} server errors, "
            f"{sum(self.problems.values())} problems in all.",
            "  answers: "
            + ", ".join(f"{n} × {status}" for status, n in sorted(self.answers.items())),
        ]
        lines += [f"  {count} × {kind}" for kind, count in self.problems.items()]
        lines += [f"  e.g. {example}" for example in self.examples[:10]]
        return "\n".join(lines)


def discover(clients: dict, pages: dict[str, list[str]]) -> list[Target]:
    """Every form on the pages each role may open, and on the pages those link to."""
    targets: dict[tuple, Target] = {}
    with _only_errors_logged():
        for role, client in clients.items():
            _discover_as(role, client, pages[role], targets)
    return list(targets.values())


def _discover_as(role: str, client, pages: list[str], targets: dict) -> None:
    visited: set[tuple] = set()
    queue = [(url, True) for url in pages]
    for url, follow_links in queue:
        if _page_key(url) in visited or not _fuzzable(url):
            continue
        visited.add(_page_key(url))
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        for form in forms_on(html, url):
            if _fuzzable(form.action):
                key = (role, form.method, urlsplit(form.action).path, _shape(form))
                targets.setdefault(key, Target(role, form))
        if follow_links:
            queue += [(link, False) for link in _links(html, url)]


def _page_key(url: str) -> tuple:
    """Pages that differ only in query values (page=2, page=3) count once."""
    parts = urlsplit(url)
    return parts.path, tuple(sorted({key for key, _ in parse_qsl(parts.query)}))


def _shape(form: PageForm) -> tuple:
    return tuple((f.name, f.kind) for f in form.fields)


def _fuzzable(url: str) -> bool:
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return False
    return match.url_name not in NOT_FUZZED and not set(match.namespaces) & NOT_FUZZED_NAMESPACES


def _links(html: str, page_url: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    hrefs = [a["href"] for a in soup.find_all("a", href=True)]
    hrefs += [tag["hx-get"] for tag in soup.find_all(attrs={"hx-get": True})]
    links = []
    for href in hrefs:
        parts = urlsplit(urljoin(page_url, href))
        if parts.netloc in ("", "testserver") and parts.scheme in ("", "http"):
            links.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return links


def pages_by_role(records, roles) -> dict[str, list[str]]:
    """The access matrix's pages that each role may open."""
    pages = {role: [] for role in roles}
    for name, (method, kwargs_for, expected) in MATRIX.items():
        if method != "get" or name.split(":")[0] in NOT_FUZZED_NAMESPACES:
            continue
        url = reverse(name, kwargs=kwargs_for(records) if kwargs_for else None)
        for role in roles:
            if expected[role] == 200:
                pages[role].append(url)
    return pages


def _row_counts() -> tuple[int, ...]:
    tables = sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed
            and not model._meta.proxy
            and model._meta.label not in BOOKKEEPING
        }
    )
    quote = connection.ops.quote_name
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        return tuple(cursor.fetchone())


def _unescaped(data: dict, body: str) -> list[str]:
    sent = "\n".join(value for values in data.values() for value in values)
    return [script for script in SCRIPTS if script in sent and script in body]


def submit(client, target: Target, data: dict, answers: Counter) -> list[str]:
    """Send one submission, counting its answer's status; returns what went wrong with it."""
    form = target.form
    before = _row_counts() if form.method == "post" else None
    send = client.post if form.method == "post" else client.get
    try:
        response = send(form.action, data)
    except Exception as exc:  # the test client re-raises what would have been a 500
        answers[500] += 1
        return [f"server error: {type(exc).__name__}: {exc}"]
    answers[response.status_code] += 1
    problems = []
    if response.status_code >= 500:
        problems.append(f"server error: status {response.status_code}")
    body = response.content.decode(errors="replace")
    problems += [f"unescaped script: {script}" for script in _unescaped(data, body)]
    if before is not None and response.status_code == 200 and _row_counts() != before:
        problems.append("rows saved from a submission that came back to be corrected")
    if response.status_code in (301, 302, 303) and response.url.startswith("/"):
        try:
            landing = client.get(response.url)
        except Exception as exc:
            return [*problems, f"server error after redirect: {type(exc).__name__}: {exc}"]
        if landing.status_code >= 500:
            problems.append(f"server error after redirect: status {landing.status_code}")
        landing_body = landing.content.decode(errors="replace")
        problems += [
            f"unescaped script after redirect: {s}" for s in _unescaped(data, landing_body)
        ]
    return problems


def fuzz(clients: dict, targets: list[Target], *, total: int, stop_at_first: bool) -> Tally:
    """At least `total` submissions spread over the targets. With `stop_at_first`, the first
    problem fails at once, shrunk by Hypothesis to a small example; otherwise every problem
    is counted and the run goes on."""
    tally = Tally()
    rounds = 0
    with _only_errors_logged():
        while tally.submissions < total and rounds < 5:
            rounds += 1
            each = math.ceil((total - tally.submissions) / len(targets))
            for target in targets:
                _fuzz_one(clients[target.role], target, each, tally, stop_at_first)
    return tally


@contextmanager
def _only_errors_logged():
    """Refusals (403, 404) and lock-outs after failed sign-ins are the right answers to
    garbage: thousands of them would bury the one server error worth reading."""
    loggers = [logging.getLogger(name) for name in ("django.request", "django.security", "axes")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _fuzz_one(client, target: Target, examples: int, tally: Tally, stop_at_first: bool):
    @settings(
        max_examples=examples,
        database=None,
        deadline=None,
        derandomize=stop_at_first,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.generate, Phase.shrink] if stop_at_first else [Phase.generate],
    )
    @given(submissions(target.form))
    def run(data):
        problems = submit(client, target, data, tally.answers)
        tally.submissions += 1
        for problem in problems:
            kind = problem.split(":")[0]
            tally.problems[kind] += 1
            tally.server_errors += kind.startswith("server error")
            tally.examples.append(
                f"{target.role} {target.form.method.upper()} {target.form.action}: {problem} "
                f"with {data!r:.300}"
            )
        assert not (problems and stop_at_first), tally.examples[-1]

    run()
