"""Every URL, requested as every kind of user, answers as the access rules in DESIGN.md say.

A URL pattern missing from MATRIX fails the test: a new page must say who may see it.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

ROLES = ["anonymous", "outsider", "staff", "manager", "dsl", "slt", "admin"]
LOGIN = 302  # anonymous users are sent to the login page

# Django's admin guards every one of its pages with is_staff; the matrix checks its index and
# leaves the admin's own per-model pages to Django.
SKIPPED_NAMESPACES = {"admin"}


def _statuses(anonymous, outsider, staff, manager, dsl, slt, admin):
    return dict(zip(ROLES, [anonymous, outsider, staff, manager, dsl, slt, admin], strict=True))


EVERYONE = _statuses(200, 200, 200, 200, 200, 200, 200)
MEMBERS = _statuses(LOGIN, 200, 200, 200, 200, 200, 200)
CHILD_READ = _statuses(LOGIN, 404, 200, 200, 200, 200, 200)
CHILD_MANAGE = _statuses(LOGIN, 404, 403, 200, 403, 403, 200)
SITE_MANAGE = _statuses(LOGIN, 403, 403, 200, 403, 403, 200)
# The collection check works on the user's current site: the outsider checks at their own.
CHECK_COLLECTION = _statuses(LOGIN, 200, 200, 200, 200, 403, 403)
OVERSIGHT = _statuses(LOGIN, 403, 403, 200, 200, 200, 200)
OVERSIGHT_OF_CHILD = _statuses(LOGIN, 404, 403, 200, 200, 200, 200)
# Front-line work on a record of this site: staff, managers and DSLs; SLT and administrators
# read only.
LOG_CONTACTS = _statuses(LOGIN, 404, 200, 200, 200, 403, 403)
SET_LOCAL_RULES = _statuses(LOGIN, 403, 403, 200, 403, 403, 403)
# A concern raised by the staff member: its author, the site's leads and SLT see it; nobody
# else, the administrator included ("not found", never "forbidden"). Only the leads act on it.
CONCERN_READ = _statuses(LOGIN, 404, 200, 200, 200, 200, 404)
CONCERN_ACT = _statuses(LOGIN, 404, 403, 200, 200, 403, 404)
# Monitoring: the site's page for its manager and DSL; the report across sites for SLT.
SITE_MONITORING = _statuses(LOGIN, 403, 403, 200, 200, 403, 403)
SLT_REPORT = _statuses(LOGIN, 403, 403, 403, 403, 200, 403)
# Social media risk assessments and video-call plans: the site's DSL and manager.
MANAGE_ONLINE_SAFETY = _statuses(LOGIN, 404, 403, 200, 200, 403, 403)
# Online incidents: the site's DSL, manager and SLT; and whoever recorded one (the staff member).
ONLINE_INCIDENTS = _statuses(LOGIN, 403, 403, 200, 200, 200, 403)
ONLINE_INCIDENT = _statuses(LOGIN, 404, 200, 200, 200, 200, 403)


def child_pk(objs):
    return {"pk": objs["child"].pk}


def site_pk(objs):
    return {"pk": objs["site"].pk}


def pk_of(key):
    return lambda objs: {"pk": objs[key].pk}


def reset_token(objs):
    return {"uidb64": "MQ", "token": "set-password"}


# name: (method, kwargs builder or None, expected status per role)
MATRIX = {
    "monitoring:home": ("get", None, MEMBERS),
    "site-switch": ("post", site_pk, _statuses(LOGIN, 404, 302, 302, 302, 302, 302)),
    "login": ("get", None, EVERYONE),
    "logout": ("post", None, _statuses(302, 302, 302, 302, 302, 302, 302)),
    "password_change": ("get", None, MEMBERS),
    "password_change_done": ("get", None, MEMBERS),
    "password_reset": ("get", None, EVERYONE),
    "password_reset_done": ("get", None, EVERYONE),
    "password_reset_confirm": ("get", reset_token, EVERYONE),
    "password_reset_complete": ("get", None, EVERYONE),
    # Staff have no second factor to verify (sent to set one up if they want); privileged
    # roles have one, so setting up another sends them to verify.
    "two-factor-verify": ("get", None, _statuses(LOGIN, 302, 302, 200, 200, 200, 200)),
    "two-factor-setup": ("get", None, _statuses(LOGIN, 200, 200, 302, 302, 302, 302)),
    "admin:index": ("get", None, _statuses(302, 302, 302, 302, 302, 302, 200)),
    "contacts:child-list": ("get", None, MEMBERS),
    "contacts:child-create": ("get", None, SITE_MANAGE),
    "contacts:restrictions-dashboard": ("get", None, OVERSIGHT),
    "monitoring:child-detail": ("get", child_pk, CHILD_READ),
    "monitoring:child-chronology": ("get", child_pk, CHILD_READ),
    "monitoring:child-chronology-print": ("get", child_pk, CHILD_READ),
    "monitoring:site-report": ("get", None, SITE_MONITORING),
    "monitoring:flagged-contacts": ("get", None, SITE_MONITORING),
    "monitoring:planned-not-happened": ("get", None, SITE_MONITORING),
    "monitoring:slt-report": ("get", None, SLT_REPORT),
    "monitoring:slt-report-csv": ("get", None, SLT_REPORT),
    "monitoring:slt-report-pdf": ("get", None, SLT_REPORT),
    "monitoring:my-tasks": ("get", None, MEMBERS),
    "contacts:child-edit": ("get", child_pk, CHILD_MANAGE),
    "contacts:child-mark-left": ("get", child_pk, CHILD_MANAGE),
    "contacts:child-history": ("get", child_pk, CHILD_READ),
    "contacts:person-add": ("get", child_pk, CHILD_MANAGE),
    "contacts:person-link": ("get", child_pk, CHILD_MANAGE),
    "contacts:person-detail": (
        "get",
        lambda objs: {"pk": objs["relationship"].person_id},
        CHILD_READ,
    ),
    "contacts:relationship-edit": ("get", pk_of("relationship"), CHILD_MANAGE),
    "contacts:person-photo": (
        "get",
        lambda objs: {"pk": objs["relationship"].person_id},
        CHILD_READ,
    ),
    "contacts:plan-detail": ("get", child_pk, CHILD_READ),
    "contacts:plan-edit": ("get", child_pk, CHILD_MANAGE),
    "contacts:plan-history": ("get", child_pk, CHILD_READ),
    "contacts:arrangement-add": ("get", child_pk, CHILD_MANAGE),
    "contacts:arrangement-edit": ("get", pk_of("arrangement"), CHILD_MANAGE),
    "contacts:restriction-add": ("get", child_pk, CHILD_MANAGE),
    "contacts:restriction-detail": ("get", pk_of("restriction"), CHILD_READ),
    "contacts:restriction-history": ("get", pk_of("restriction"), CHILD_READ),
    "contacts:restriction-openings": ("get", pk_of("restriction"), OVERSIGHT_OF_CHILD),
    "contacts:restriction-edit": ("get", pk_of("restriction"), CHILD_MANAGE),
    "contacts:restriction-end": ("get", pk_of("restriction"), CHILD_MANAGE),
    "contacts:restriction-report": ("get", pk_of("restriction"), CHILD_MANAGE),
    "contacts:restriction-correct-imposition": ("get", pk_of("restriction"), CHILD_MANAGE),
    "contacts:restriction-confirm": (
        "post",
        pk_of("restriction"),
        _statuses(LOGIN, 404, 302, 302, 302, 403, 403),
    ),
    "contacts:child-informed-add": (
        "get",
        pk_of("restriction"),
        _statuses(LOGIN, 404, 200, 200, 200, 403, 403),
    ),
    "contacts:social-media-add": ("get", child_pk, MANAGE_ONLINE_SAFETY),
    "contacts:social-media-detail": ("get", pk_of("social_media"), CHILD_READ),
    "contacts:social-media-edit": ("get", pk_of("social_media"), MANAGE_ONLINE_SAFETY),
    "contacts:video-call-plan-add": ("get", child_pk, MANAGE_ONLINE_SAFETY),
    "contacts:video-call-plan-edit": ("get", pk_of("video_call_plan"), MANAGE_ONLINE_SAFETY),
    "contacts:collector-add": ("get", child_pk, CHILD_MANAGE),
    "contacts:collector-edit": ("get", pk_of("collector"), CHILD_MANAGE),
    "contacts:collection-check": ("get", None, CHECK_COLLECTION),
    "contacts:collection-check-children": ("get", None, CHECK_COLLECTION),
    "contacts:collection-check-people": ("get", None, CHECK_COLLECTION),
    "contacts:collection-check-result": ("get", pk_of("check"), CHILD_READ),
    "safeguarding:concern-list": ("get", None, MEMBERS),
    "safeguarding:concern-raise": ("get", None, MEMBERS),
    "safeguarding:concern-detail": ("get", pk_of("concern"), CONCERN_READ),
    "safeguarding:concern-attach": ("get", pk_of("concern"), CONCERN_READ),
    "safeguarding:attachment-download": ("get", pk_of("attachment"), CONCERN_READ),
    "safeguarding:concern-review": ("get", pk_of("concern"), CONCERN_ACT),
    "safeguarding:concern-decision": ("get", pk_of("concern"), CONCERN_ACT),
    "safeguarding:concern-escalate": ("get", pk_of("concern"), CONCERN_ACT),
    "safeguarding:concern-close": ("get", pk_of("concern"), CONCERN_ACT),
    "safeguarding:concern-reopen": ("get", pk_of("concern"), CONCERN_ACT),
    "safeguarding:concern-need-to-know": ("get", pk_of("concern"), CONCERN_ACT),
    "safeguarding:esafety-add": ("get", child_pk, LOG_CONTACTS),
    "safeguarding:incident-add": ("get", child_pk, LOG_CONTACTS),
    "safeguarding:incident-list": ("get", None, ONLINE_INCIDENTS),
    "safeguarding:incident-detail": ("get", pk_of("incident"), ONLINE_INCIDENT),
    "safeguarding:incident-learning": ("get", pk_of("incident"), MANAGE_ONLINE_SAFETY),
    "safeguarding:on-call": ("get", None, MEMBERS),
    "safeguarding:on-call-add": ("get", None, _statuses(LOGIN, 403, 403, 200, 200, 403, 403)),
    "safeguarding:on-call-edit": (
        "get",
        pk_of("on_call"),
        _statuses(LOGIN, 403, 403, 200, 200, 403, 403),
    ),
    "safeguarding:on-call-remove": (
        "post",
        pk_of("on_call"),
        _statuses(LOGIN, 403, 403, 302, 302, 403, 403),
    ),
    "records:entry-add": ("get", child_pk, LOG_CONTACTS),
    "records:entry-preview": ("get", child_pk, LOG_CONTACTS),
    "records:entry-list": ("get", None, OVERSIGHT),
    "records:entry-detail": ("get", pk_of("entry"), CHILD_READ),
    "records:entry-history": ("get", pk_of("entry"), CHILD_READ),
    "records:entry-edit": ("get", pk_of("entry"), LOG_CONTACTS),
    "records:entry-in-error": ("get", pk_of("entry"), LOG_CONTACTS),
    "records:local-rules": ("get", None, MEMBERS),
    "records:local-rule-add": ("get", None, SET_LOCAL_RULES),
    "records:local-rule-edit": ("get", pk_of("local_rule"), SET_LOCAL_RULES),
    "records:planned-list": ("get", None, MEMBERS),
    "records:planned-settings": ("get", None, SET_LOCAL_RULES),
    "records:planned-add": ("get", child_pk, LOG_CONTACTS),
    "records:planned-detail": ("get", pk_of("planned"), CHILD_READ),
    "records:planned-end": ("get", pk_of("planned"), LOG_CONTACTS),
    "records:planned-happened": ("get", pk_of("planned"), LOG_CONTACTS),
    "records:outing-add": ("get", pk_of("planned"), LOG_CONTACTS),
    "records:outing-return": ("get", pk_of("outing"), LOG_CONTACTS),
    "records:outing-step": ("get", pk_of("outing"), LOG_CONTACTS),
    # Sent empty: the answer's page again, with what is missing.
    "contacts:collection-check-decide": (
        "post",
        pk_of("check"),
        _statuses(LOGIN, 404, 403, 200, 200, 403, 403),
    ),
    "contacts:collection-check-password": (
        "post",
        pk_of("check"),
        _statuses(LOGIN, 404, 200, 200, 200, 403, 403),
    ),
}


def _named_patterns(patterns, namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or ""
            if ns in SKIPPED_NAMESPACES:
                continue
            yield from _named_patterns(p.url_patterns, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}{p.name}"


def test_every_url_pattern_is_in_the_matrix():
    names = set(_named_patterns(get_resolver().url_patterns))
    in_matrix = {name for name in MATRIX if name.split(":")[0] not in SKIPPED_NAMESPACES}
    assert names - in_matrix == set(), "add these URLs to the access matrix"
    assert in_matrix - names == set(), "these matrix entries no longer exist"


def request_as(client, people, records, name, role):
    """Request the URL named `name` as `role` (one of ROLES), as the matrix says."""
    method, kwargs_for, _ = MATRIX[name]
    if role != "anonymous":
        client.force_login(getattr(people, role))
    url = reverse(name, kwargs=kwargs_for(records) if kwargs_for else None)
    return getattr(client, method)(url)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(MATRIX))
def test_access(client, people, records, name, role):
    expected = MATRIX[name][2]
    response = request_as(client, people, records, name, role)
    request = response.request
    assert response.status_code == expected[role], (
        f"{role} {request['REQUEST_METHOD']} {request['PATH_INFO']}"
    )
    if expected[role] == LOGIN and role == "anonymous" and not name.startswith("admin"):
        assert response.url.startswith(reverse("login"))
