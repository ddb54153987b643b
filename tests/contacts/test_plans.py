from django.urls import reverse

from contacts.models import ContactArrangement, ContactPlan

from ..factories import ChildFactory, ContactPlanFactory, RelationshipFactory


def _plan_form(people, **overrides):
    data = {
        "effective_date": "2026-09-01",
        "review_date": "2027-03-01",
        "agreed_with_placing_authority": "Hampshire County Council",
        "approved_by": people.manager.pk,
        "reason": "First plan recorded",
    }
    data.update(overrides)
    return data


def _arrangement_form(person, **overrides):
    data = {
        "person": person.pk,
        "contact_type": "visit",
        "supervision": "supervised",
        "supervised_by": "Key worker",
        "frequency": "Fortnightly, Saturdays",
    }
    data.update(overrides)
    return data


def test_manager_records_a_plan_and_its_arrangements(client, people, child):
    father = RelationshipFactory(child=child, person__full_name="Mark Hughes").person
    client.force_login(people.manager)
    client.post(reverse("contacts:plan-edit", args=[child.pk]), _plan_form(people))
    client.post(reverse("contacts:arrangement-add", args=[child.pk]), _arrangement_form(father))
    arrangement = ContactArrangement.objects.get()
    assert arrangement.plan.child == child
    client.force_login(people.staff)
    page = client.get(child.get_absolute_url()).content.decode()
    assert "Mark Hughes" in page and "Supervised" in page and "by Key worker" in page


def test_changing_the_plan_keeps_the_earlier_version_readable(client, people, child):
    plan = ContactPlanFactory(child=child, review_date="2027-01-01", approved_by=people.manager)
    client.force_login(people.manager)
    client.post(
        reverse("contacts:plan-edit", args=[child.pk]),
        _plan_form(people, review_date="2027-06-30", reason="Review brought forward"),
    )
    plan.refresh_from_db()
    assert str(plan.review_date) == "2027-06-30"
    page = client.get(reverse("contacts:plan-history", args=[child.pk])).content.decode()
    assert "Review brought forward" in page
    assert "1 Jan 2027" in page and "30 Jun 2027" in page


def test_review_before_effective_date_is_refused(client, people, child):
    client.force_login(people.manager)
    response = client.post(
        reverse("contacts:plan-edit", args=[child.pk]), _plan_form(people, review_date="2026-01-01")
    )
    assert "The review date cannot be before the effective date." in response.content.decode()
    assert not ContactPlan.objects.exists()


def test_arrangement_for_a_person_of_another_child_is_refused(client, people, site, child):
    ContactPlanFactory(child=child)
    someone_else = RelationshipFactory(child=ChildFactory(site=site)).person
    client.force_login(people.manager)
    response = client.post(
        reverse("contacts:arrangement-add", args=[child.pk]), _arrangement_form(someone_else)
    )
    assert "Choose one of this child&#x27;s people." in response.content.decode()
    assert not ContactArrangement.objects.exists()


def test_duplicate_arrangement_is_refused(client, people, child):
    ContactPlanFactory(child=child)
    father = RelationshipFactory(child=child).person
    client.force_login(people.manager)
    url = reverse("contacts:arrangement-add", args=[child.pk])
    client.post(url, _arrangement_form(father))
    response = client.post(url, _arrangement_form(father, supervision="unsupervised"))
    assert "already has an arrangement for this person and contact type" in (
        response.content.decode()
    )
    assert ContactArrangement.objects.get().supervision == "supervised"


def test_supervised_contact_needs_a_supervisor(client, people, child):
    ContactPlanFactory(child=child)
    father = RelationshipFactory(child=child).person
    client.force_login(people.manager)
    response = client.post(
        reverse("contacts:arrangement-add", args=[child.pk]),
        _arrangement_form(father, supervised_by=""),
    )
    assert "Say who supervises this contact." in response.content.decode()
    assert not ContactArrangement.objects.exists()


def test_arrangements_need_a_plan_first(client, people, child):
    client.force_login(people.manager)
    assert client.get(reverse("contacts:arrangement-add", args=[child.pk])).status_code == 404


def test_dsl_reads_but_cannot_change_the_plan(client, people, child):
    ContactPlanFactory(child=child)
    client.force_login(people.dsl)
    assert client.get(reverse("contacts:plan-detail", args=[child.pk])).status_code == 200
    response = client.post(reverse("contacts:plan-edit", args=[child.pk]), _plan_form(people))
    assert response.status_code == 403


def test_only_a_site_manager_may_be_named_as_approving_the_plan(client, people, child):
    client.force_login(people.manager)
    page = client.get(reverse("contacts:plan-edit", args=[child.pk])).content.decode()
    assert f'<option value="{people.manager.pk}"' in page
    for not_approver in (people.staff, people.dsl, people.slt, people.admin):
        assert f'<option value="{not_approver.pk}"' not in page
    response = client.post(
        reverse("contacts:plan-edit", args=[child.pk]),
        _plan_form(people, approved_by=people.staff.pk),
    )
    assert "Choose a site manager of this site." in response.content.decode()
    assert not ContactPlan.objects.exists()
