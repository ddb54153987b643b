"""E-safety teaching and online incidents (LP 38 sections 8 and 10): anyone who works with
the child records them; the site's DSL, manager and SLT see the incident log, and the leads
record what each incident taught."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from coxlease.models import Notification
from safeguarding.models import Concern, ESafetySession, Harm, OnlineIncident
from safeguarding.models.online import NOT_YET, SHARED_BEFORE, SHARED_WHEN
from safeguarding.online_services import incident_record

from ..factories import ChildFactory, MembershipFactory

LIST = reverse("safeguarding:incident-list")


def html(response):
    return response.content.decode()


def incident_form(**fields):
    when = timezone.localtime() - timedelta(hours=3)
    return {
        "happened_at": when.strftime("%Y-%m-%dT%H:%M"),
        "platform": "Roblox",
        "what_happened": "Another player asked him to move to a private chat app.",
        "harm": "risk",
        "action_taken": "Blocked and reported the player with him.",
        **fields,
    }


def an_incident(child, by, **fields):
    return incident_record(
        incident=OnlineIncident(
            child=child,
            happened_at=fields.pop("happened_at", timezone.now() - timedelta(days=2)),
            platform=fields.pop("platform", "Snapchat"),
            what_happened="A stranger added her.",
            harm=fields.pop("harm", Harm.RISK),
            **fields,
        ),
        recorded_by=by,
    )


class TestESafety:
    def test_staff_record_a_session_and_the_child_page_lists_it(self, client, people, child):
        client.force_login(people.staff)
        url = reverse("safeguarding:esafety-add", args=[child.pk])
        assert f'value="{people.staff.pk}" selected' in html(client.get(url))
        response = client.post(
            url,
            {
                "held_on": timezone.localdate().isoformat(),
                "topic": "Privacy settings",
                "taught_by": people.staff.pk,
                "understanding": "some",
                "notes": "Knew how to block; not how to report.",
            },
        )
        assert response.url == child.get_absolute_url() + "#esafety"
        session = ESafetySession.objects.get()
        assert session.recorded_by == people.staff
        page = html(client.get(child.get_absolute_url()))
        assert "Privacy settings, taught by" in page and "understanding some" in page

    def test_a_session_in_the_future_is_refused_next_to_the_date(self, client, people, child):
        client.force_login(people.staff)
        response = client.post(
            reverse("safeguarding:esafety-add", args=[child.pk]),
            {
                "held_on": (timezone.localdate() + timedelta(2)).isoformat(),
                "topic": "Sharing photos",
                "taught_by": people.staff.pk,
                "understanding": "good",
            },
        )
        assert NOT_YET in html(response)
        assert 'value="Sharing photos"' in html(response)
        assert not ESafetySession.objects.exists()


class TestOnlineIncidents:
    def test_staff_record_one_and_the_leads_are_told_naming_no_child(self, client, people, child):
        client.force_login(people.staff)
        response = client.post(
            reverse("safeguarding:incident-add", args=[child.pk]), incident_form()
        )
        incident = OnlineIncident.objects.get()
        assert response.url == incident.get_absolute_url()
        page = html(client.get(incident.get_absolute_url()))
        assert "Raise a concern from it" in page
        assert "Record what it taught" not in page  # the leads do
        told = sorted(Notification.objects.values_list("recipient", flat=True))
        assert told == sorted([people.dsl.email, people.manager.email])
        assert all(child.legal_last_name not in n.body for n in Notification.objects.all())

    def test_an_incident_in_the_future_is_refused(self, client, people, child):
        client.force_login(people.staff)
        later = timezone.localtime() + timedelta(hours=3)
        response = client.post(
            reverse("safeguarding:incident-add", args=[child.pk]),
            incident_form(happened_at=later.strftime("%Y-%m-%dT%H:%M")),
        )
        assert NOT_YET in html(response)
        assert not OnlineIncident.objects.exists()
        assert not Notification.objects.exists()

    def test_another_staff_member_cannot_read_it(self, client, people, site, child):
        incident = an_incident(child, people.staff)
        colleague = MembershipFactory(site=site).user
        client.force_login(colleague)
        assert client.get(incident.get_absolute_url()).status_code == 403
        client.force_login(people.outsider)
        assert client.get(incident.get_absolute_url()).status_code == 404

    def test_the_dsl_records_the_learning_and_with_whom_it_was_shared(self, client, people, child):
        incident = an_incident(child, people.staff)
        client.force_login(people.dsl)
        url = reverse("safeguarding:incident-learning", args=[incident.pk])
        data = {
            "learning": "Children did not know the report button: added to e-safety sessions.",
            "learning_shared_with": "All care staff",
            "learning_shared_on": "",
            "reason": "Learning points recorded",
            "edit_version": incident.edit_version,
        }
        assert SHARED_WHEN in html(client.post(url, data))
        early = (timezone.localdate() - timedelta(days=10)).isoformat()
        assert SHARED_BEFORE in html(client.post(url, {**data, "learning_shared_on": early}))
        incident.refresh_from_db()
        assert not incident.learning

        today = timezone.localdate().isoformat()
        client.post(url, {**data, "learning_shared_on": today})
        incident.refresh_from_db()
        assert incident.learning_shared_with == "All care staff"
        page = html(client.get(incident.get_absolute_url()))
        assert "Shared with All care staff on" in page
        assert "Learning points recorded" in page  # in the history

    def test_a_concern_raised_from_it_is_filled_in_and_linked(self, client, people, child):
        incident = an_incident(child, people.staff, platform="Instagram")
        client.force_login(people.staff)
        raise_url = (
            f"{reverse('safeguarding:concern-raise')}?child={child.pk}&incident={incident.pk}"
        )
        form = html(client.get(raise_url))
        assert "Online incident on Instagram: A stranger added her." in form
        assert 'value="online" checked' in form or 'value="online" selected' in form
        when = timezone.localtime(incident.happened_at).strftime("%Y-%m-%dT%H:%M")
        response = client.post(
            raise_url,
            {
                "category": "online",
                "urgency": "routine",
                "happened_at": when,
                "what_happened": "Online incident on Instagram: A stranger added her.",
                "incident": incident.pk,
            },
        )
        concern = Concern.objects.get()
        assert response.url == concern.get_absolute_url()
        incident.refresh_from_db()
        assert incident.concern == concern
        page = html(client.get(incident.get_absolute_url()))
        assert "Raise a concern from it" not in page
        assert concern.get_absolute_url() in page

    def test_an_incident_about_another_child_cannot_fill_in_a_concern(
        self, client, people, site, child
    ):
        incident = an_incident(ChildFactory(site=site), people.staff)
        client.force_login(people.staff)
        url = f"{reverse('safeguarding:concern-raise')}?child={child.pk}&incident={incident.pk}"
        assert client.get(url).status_code == 404


class TestTheIncidentLog:
    @pytest.fixture
    def incidents(self, people, site, child):
        an_incident(child, people.staff, platform="Snapchat", harm=Harm.HARM)
        an_incident(
            ChildFactory(site=site, legal_first_name="Erin"),
            people.staff,
            platform="TikTok",
            harm=Harm.NONE,
            learning="Talked it through",
            learning_shared_with="Care team",
            learning_shared_on=timezone.localdate(),
        )

    @pytest.mark.parametrize(
        ("query", "shown", "hidden"),
        [
            ("", ["Snapchat", "TikTok"], []),
            ("?platform=snap", ["Snapchat"], ["TikTok"]),
            ("?harm=harm", ["Snapchat"], ["TikTok"]),
            ("?learning=unshared", ["Snapchat"], ["TikTok"]),
            ("?learning=shared", ["TikTok"], ["Snapchat"]),
            ("?child=Erin", ["TikTok"], ["Snapchat"]),
        ],
    )
    def test_filters(self, client, people, incidents, query, shown, hidden):
        client.force_login(people.manager)
        page = html(client.get(LIST + query))
        for platform in shown:
            assert f"<td>{platform}</td>" in page
        for platform in hidden:
            assert f"<td>{platform}</td>" not in page

    def test_a_bad_filter_is_not_a_crash(self, client, people, incidents):
        client.force_login(people.dsl)
        assert client.get(LIST + "?since=yesterday&harm=lots&page=x").status_code == 200

    def test_paginated_with_flat_queries(
        self, client, people, child, django_assert_max_num_queries
    ):
        for n in range(3):
            an_incident(child, people.staff, platform=f"App {n}")
        client.force_login(people.slt)
        client.get(LIST)
        with django_assert_max_num_queries(20) as few:
            client.get(LIST)
        for n in range(3, 30):
            an_incident(child, people.staff, platform=f"App {n}")
        with django_assert_max_num_queries(len(few)):
            page = html(client.get(LIST))
        assert "30 incidents" in page and "page=2" in page


def test_the_chronology_shows_teaching_to_all_and_incidents_to_the_leads(client, people, child):
    ESafetySession.objects.create(
        child=child,
        held_on=timezone.localdate() - timedelta(days=3),
        topic="Strangers online",
        taught_by=people.staff,
        understanding="good",
        recorded_by=people.staff,
    )
    an_incident(child, people.staff, platform="Discord")
    url = reverse("monitoring:child-chronology", args=[child.pk])
    client.force_login(people.dsl)
    page = html(client.get(url))
    assert "E-safety session: Strangers online" in page
    assert "Online incident on Discord" in page
    client.force_login(people.staff)
    page = html(client.get(url))
    assert "E-safety session: Strangers online" in page
    assert "Online incident on Discord" not in page
