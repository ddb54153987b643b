import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from contacts.models import Acknowledgement, LegalBasis
from contacts.selectors import restrictions_dashboard
from coxlease.models import Role

from ..factories import (
    ChildFactory,
    ContactPlanFactory,
    MembershipFactory,
    RestrictionFactory,
    UserFactory,
)

URL = reverse("contacts:restrictions-dashboard")


def _today():
    return timezone.localdate()


def _restriction(child, who, **fields):
    """A restriction in force for `child`, about a person called `who` (to find it on the page)."""
    return RestrictionFactory(child=child, person__full_name=who, **fields)


def _emergency(child, who, *, imposed_hours_ago, **fields):
    return _restriction(
        child,
        who,
        legal_basis=LegalBasis.EMERGENCY_ON_SITE,
        imposed_at=timezone.now() - timedelta(hours=imposed_hours_ago),
        **fields,
    )


def _page(client, user, **params):
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def _section(page, section_id):
    match = re.search(rf'<section[^>]*id="{section_id}".*?</section>', page, re.S)
    assert match, f"no section {section_id}"
    return match.group(0)


def _rows(html):
    return re.findall(r"<tr[^>]*>.*?</tr>", html, re.S)


def _row_with(html, text):
    rows = [row for row in _rows(html) if text in row]
    assert len(rows) == 1, f"expected one row with {text!r}, found {len(rows)}"
    return rows[0]


class TestRestrictionsInForce:
    def test_every_child_with_restrictions_in_force_grouped(self, client, people, site, child):
        _restriction(child, "Mark Hughes")
        _restriction(child, "Lisa Hughes", ends_on=_today())
        ruby = ChildFactory(site=site, legal_first_name="Ruby", legal_last_name="Fletcher")
        _restriction(ruby, "Dean Fletcher")
        ChildFactory(site=site, legal_first_name="Calm", legal_last_name="Nobody")

        dashboard = restrictions_dashboard(user=people.manager, site=site)

        assert [(g.child, len(g.restrictions)) for g in dashboard.by_child] == [
            (ruby, 1),
            (child, 2),
        ]
        section = _section(_page(client, people.manager), "in-force")
        assert "Daniel Hughes" in section and "Ruby Fletcher" in section
        assert "Mark Hughes" in section and "Lisa Hughes" in section and "Dean Fletcher" in section
        assert "Calm Nobody" not in section
        assert 'rowspan="2"' in section

    def test_not_ended_future_left_or_other_sites_restrictions(
        self, client, people, site, other_site, child
    ):
        today = _today()
        _restriction(child, "Ended Yesterday", ends_on=today - timedelta(days=1))
        _restriction(child, "Starts Tomorrow", starts_on=today + timedelta(days=1))
        left = ChildFactory(site=site, leaving_date=today - timedelta(days=1))
        _restriction(left, "Child Has Left")
        _restriction(ChildFactory(site=other_site), "Other Site")
        _restriction(child, "In Force")

        section = _section(_page(client, people.manager), "in-force")

        assert "In Force" in section
        for hidden in ["Ended Yesterday", "Starts Tomorrow", "Child Has Left", "Other Site"]:
            assert hidden not in section

    def test_each_restriction_links_to_its_page(self, client, people, child):
        restriction = _restriction(child, "Mark Hughes")
        section = _section(_page(client, people.manager), "in-force")
        assert f'href="{restriction.get_absolute_url()}"' in section


class TestUnconfirmedCounts:
    """At `site`, staff, manager and DSL must confirm (SLT and administrators need not)."""

    def test_everyone_who_must_confirm_is_counted_until_they_confirm(self, people, site, child):
        restriction = _restriction(child, "Mark Hughes")

        def unconfirmed():
            (group,) = restrictions_dashboard(user=people.manager, site=site).by_child
            return group.restrictions[0].unconfirmed_count

        assert unconfirmed() == 3
        Acknowledgement.objects.create(restriction=restriction, user=people.staff, version=1)
        assert unconfirmed() == 2
        Acknowledgement.objects.create(restriction=restriction, user=people.dsl, version=1)
        Acknowledgement.objects.create(restriction=restriction, user=people.manager, version=1)
        assert unconfirmed() == 0

    def test_confirming_an_older_version_does_not_count(self, client, people, child):
        restriction = _restriction(child, "Mark Hughes", version=2)
        Acknowledgement.objects.create(restriction=restriction, user=people.staff, version=1)
        Acknowledgement.objects.create(restriction=restriction, user=people.dsl, version=2)

        row = _row_with(_section(_page(client, people.manager), "in-force"), "Mark Hughes")

        assert "2 not confirmed" in row
        assert f'<a class="badge text-bg-warning" href="{restriction.get_absolute_url()}">' in row

    def test_colleagues_of_other_sites_and_inactive_ones_are_not_counted(
        self, people, site, other_site, child
    ):
        _restriction(child, "Mark Hughes")
        MembershipFactory(site=site, role=Role.STAFF, user=UserFactory(is_active=False))
        MembershipFactory(site=other_site, role=Role.STAFF)
        (group,) = restrictions_dashboard(user=people.manager, site=site).by_child
        assert group.restrictions[0].unconfirmed_count == 3

    def test_all_confirmed_shows_as_such(self, client, people, child):
        restriction = _restriction(child, "Mark Hughes")
        for user in (people.staff, people.manager, people.dsl):
            Acknowledgement.objects.create(restriction=restriction, user=user, version=1)
        row = _row_with(_section(_page(client, people.manager), "in-force"), "Mark Hughes")
        assert "All confirmed" in row and "not confirmed" not in row


class TestEndingSoon:
    def test_only_restrictions_ending_within_14_days(self, client, people, site, child):
        today = _today()
        _restriction(child, "Ends Today", ends_on=today)
        _restriction(child, "Ends In A Fortnight", ends_on=today + timedelta(days=14))
        _restriction(child, "Ends In Three Weeks", ends_on=today + timedelta(days=21))
        _restriction(child, "Open Ended")
        _restriction(child, "Ended Yesterday", ends_on=today - timedelta(days=1))
        _restriction(
            ChildFactory(site=people.outsider.memberships.get().site),
            "Other Site Ends Today",
            ends_on=today,
        )

        section = _section(_page(client, people.manager), "ending-soon")

        assert "Ends Today" in section and "Ends In A Fortnight" in section
        assert section.index("Ends Today") < section.index("Ends In A Fortnight")
        for hidden in ["Three Weeks", "Open Ended", "Ended Yesterday", "Other Site"]:
            assert hidden not in section

    def test_says_so_when_nothing_ends_soon(self, client, people, child):
        _restriction(child, "Open Ended")
        section = _section(_page(client, people.manager), "ending-soon")
        assert "No restriction ends in the next 14 days." in section


class TestEmergencyReporting:
    def test_awaiting_report_shows_the_time_left(self, client, people, child):
        _emergency(child, "Uncle Ray", imposed_hours_ago=2.5)

        section = _section(_page(client, people.manager), "reporting")

        row = _row_with(section, "Uncle Ray")
        assert "Report due in 21 h 29 min" in row
        assert "table-danger" not in row

    def test_late_report_is_shown_in_red_with_when_it_was_due(self, client, people, child):
        late = _emergency(child, "Uncle Ray", imposed_hours_ago=30)
        due = date_format(timezone.localtime(late.imposed_at + timedelta(hours=24)), "j M Y, H:i")

        page = _page(client, people.manager)

        row = _row_with(_section(page, "reporting"), "Uncle Ray")
        assert 'class="table-danger"' in row
        assert f"Late: report was due {due}" in row
        assert 'class="alert alert-danger"' in page
        assert "1 emergency restriction not reported" in page

    def test_an_unreported_restriction_that_has_ended_is_still_due(self, client, people, child):
        today = _today()
        _emergency(
            child,
            "Uncle Ray",
            imposed_hours_ago=72,
            starts_on=today - timedelta(days=3),
            ends_on=today - timedelta(days=1),
        )
        row = _row_with(_section(_page(client, people.manager), "reporting"), "Uncle Ray")
        assert "Late: report was due" in row and "(ended" in row

    def test_reported_court_ordered_and_other_sites_restrictions_are_not_listed(
        self, client, people, other_site, child
    ):
        _emergency(
            child,
            "Already Reported",
            imposed_hours_ago=30,
            reported_to_authority_at=timezone.now() - timedelta(hours=20),
            reported_how="phone",
            reported_to="Duty social worker",
        )
        _restriction(
            child,
            "Court Ordered",
            legal_basis=LegalBasis.NON_MOLESTATION_ORDER,
            imposed_at=timezone.now() - timedelta(days=5),
        )
        _emergency(ChildFactory(site=other_site), "Other Site", imposed_hours_ago=30)

        page = _page(client, people.manager)

        section = _section(page, "reporting")
        assert "No emergency restriction is waiting to be reported." in section
        assert "alert-danger" not in page

    def test_managers_get_a_link_to_record_the_report_others_do_not(self, client, people, child):
        late = _emergency(child, "Uncle Ray", imposed_hours_ago=30)
        report_url = reverse("contacts:restriction-report", args=[late.pk])
        assert report_url in _page(client, people.manager)
        assert report_url not in _page(client, people.dsl)


class TestPlansDueForReview:
    def test_due_within_30_days_or_overdue(self, client, people, site, other_site, child):
        today = _today()
        started = today - timedelta(days=200)

        def plan(first_name, review_in_days, on_site=site, **child_fields):
            kid = ChildFactory(site=on_site, legal_first_name=first_name, **child_fields)
            return ContactPlanFactory(
                child=kid,
                effective_date=started,
                review_date=today + timedelta(days=review_in_days),
            )

        overdue = plan("Overdue", -3)
        soon = plan("Soon", 10)
        plan("Later", 45)
        plan("Elsewhere", 1, on_site=other_site)
        plan("Departed", -3, leaving_date=today - timedelta(days=1))

        section = _section(_page(client, people.manager), "plans")

        assert "Overdue" in _row_with(section, "Overdue Example")
        assert 'class="table-warning"' in _row_with(section, "Overdue Example")
        assert "Due in 1" in _row_with(section, "Soon Example")
        assert f'href="{overdue.get_absolute_url()}"' in section
        assert section.index("Overdue Example") < section.index("Soon Example")
        assert soon.child.display_name in section
        for hidden in ["Later", "Elsewhere", "Departed"]:
            assert hidden not in section


class TestFilters:
    def test_child_name_applies_to_every_section(self, client, people, site, child):
        ruby = ChildFactory(site=site, legal_first_name="Ruby", legal_last_name="Fletcher")
        for kid, name in [(child, "Father of Daniel"), (ruby, "Father of Ruby")]:
            _restriction(kid, name, ends_on=_today() + timedelta(days=3))
            _emergency(kid, f"{name} Emergency", imposed_hours_ago=1)

        page = _page(client, people.manager, q="fletch")

        for section_id in ("in-force", "ending-soon", "reporting"):
            section = _section(page, section_id)
            assert "Father of Ruby" in section, section_id
            assert "Father of Daniel" not in section, section_id

    def test_search_uses_the_preferred_name_too(self, client, people, site):
        tom = ChildFactory(
            site=site, legal_first_name="Thomas", preferred_name="Tom", legal_last_name="Ng"
        )
        _restriction(tom, "Uncle of Tom")
        assert "Uncle of Tom" in _section(_page(client, people.manager, q="tom ng"), "in-force")

    def test_legal_basis(self, client, people, child):
        _restriction(child, "Court Ordered", legal_basis=LegalBasis.PROHIBITED_STEPS_ORDER)
        _restriction(child, "Placement Plan", legal_basis=LegalBasis.PLACEMENT_PLAN)

        section = _section(
            _page(client, people.manager, legal_basis=LegalBasis.PLACEMENT_PLAN), "in-force"
        )

        assert "Placement Plan" in section and "Court Ordered" not in section

    def test_only_unconfirmed(self, client, people, child):
        read = _restriction(child, "Everyone Read It")
        _restriction(child, "Nobody Read It")
        for user in (people.staff, people.manager, people.dsl):
            Acknowledgement.objects.create(restriction=read, user=user, version=1)

        section = _section(_page(client, people.manager, unconfirmed="on"), "in-force")

        assert "Nobody Read It" in section and "Everyone Read It" not in section

    @pytest.mark.parametrize(
        "params, error",
        [
            ({"legal_basis": "martial_law"}, "Select a valid choice"),
            ({"q": "x" * 500}, "at most 100 characters"),
            ({"q": "Dan\x00iel"}, "Null characters are not allowed"),
        ],
    )
    def test_bad_values_are_ignored_with_a_message(self, client, people, child, params, error):
        _restriction(child, "Mark Hughes")

        page = _page(client, people.manager, **params)

        assert error in page
        assert "Some filters were not valid and have been ignored" in page
        assert "Mark Hughes" in _section(page, "in-force")

    def test_a_bad_value_does_not_cancel_the_good_ones(self, client, people, site, child):
        ruby = ChildFactory(site=site, legal_first_name="Ruby", legal_last_name="Fletcher")
        _restriction(ruby, "Father of Ruby")
        _restriction(child, "Father of Daniel")

        page = _page(client, people.manager, q="ruby", legal_basis="nonsense", unconfirmed="yes")

        section = _section(page, "in-force")
        assert "Father of Ruby" in section and "Father of Daniel" not in section


class TestAccess:
    @pytest.mark.parametrize("role", ["manager", "dsl", "slt", "admin"])
    def test_oversight_roles_see_it(self, client, people, role):
        assert "Restrictions at Oak Lodge School" in _page(client, getattr(people, role))

    @pytest.mark.parametrize("role", ["staff", "outsider"])
    def test_staff_are_refused(self, client, people, role):
        client.force_login(getattr(people, role))
        assert client.get(URL).status_code == 403

    def test_the_selector_refuses_too(self, people, site):
        with pytest.raises(PermissionDenied):
            restrictions_dashboard(user=people.staff, site=site)
        with pytest.raises(PermissionDenied):
            restrictions_dashboard(user=people.outsider, site=site)

    def test_anonymous_users_are_sent_to_sign_in(self, client):
        response = client.get(URL)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))

    def test_a_manager_elsewhere_sees_only_their_own_site(self, client, people, other_site, child):
        _restriction(child, "Oak Lodge Restriction")
        _restriction(ChildFactory(site=other_site), "Elm House Restriction")
        manager = UserFactory()
        MembershipFactory(user=manager, site=other_site, role=Role.SITE_MANAGER)

        page = _page(client, manager)

        assert "Restrictions at Elm House" in page
        assert "Elm House Restriction" in page and "Oak Lodge Restriction" not in page

    def test_it_follows_the_role_at_the_current_site(self, client, people, site, other_site):
        """Staff at one site, manager at another: refused at the first, allowed at the second."""
        user = UserFactory()
        MembershipFactory(user=user, site=site, role=Role.STAFF)
        MembershipFactory(user=user, site=other_site, role=Role.SITE_MANAGER)
        client.force_login(user)
        client.post(reverse("site-switch", args=[site.pk]))
        assert client.get(URL).status_code == 403
        client.post(reverse("site-switch", args=[other_site.pk]))
        assert client.get(URL).status_code == 200

    def test_only_get(self, client, people):
        client.force_login(people.manager)
        assert client.post(URL).status_code == 405


def _children_with_everything(site, count, *, start):
    today = _today()
    for n in range(start, start + count):
        kid = ChildFactory(site=site, legal_first_name=f"Kid{n:03d}")
        _restriction(kid, f"Parent of {n}", ends_on=today + timedelta(days=5))
        _restriction(kid, f"Sibling of {n}", legal_basis=LegalBasis.PLACEMENT_PLAN)
        _emergency(kid, f"Visitor of {n}", imposed_hours_ago=30 if n % 2 else 3)
        ContactPlanFactory(
            child=kid,
            effective_date=today - timedelta(days=100),
            review_date=today + timedelta(days=n % 20),
        )


def test_the_number_of_queries_does_not_grow_with_children(
    client, people, site, django_assert_max_num_queries
):
    client.force_login(people.manager)
    _children_with_everything(site, 5, start=0)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200

    _children_with_everything(site, 35, start=5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(URL).content.decode()

    assert len(few.captured_queries) <= 18
    dashboard = restrictions_dashboard(user=people.manager, site=site)
    assert len(dashboard.by_child) == 40
    assert len(dashboard.ending_soon) == 40
    assert len(dashboard.late_reports) == 20 and len(dashboard.awaiting_report) == 20
    assert len(dashboard.plans_to_review) == 40
    assert page.count("Late: report was due") == 20
