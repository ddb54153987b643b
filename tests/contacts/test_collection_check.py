"""The collection check at the door: the page, its two htmx steps, the logged answer and the
answer page, bad input and refusals."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contacts.forms.collection import CHILD_NOT_HERE, DESCRIBE_THEM, NOT_THEIR_PERSON
from contacts.models import CollectionCheck, ContactType, Outcome
from contacts.rules import PASSWORD_CONDITION, WRONG_PASSWORD
from coxlease.models import Notification

from ..factories import (
    AuthorisedCollectorFactory,
    ChildFactory,
    PersonFactory,
    RelationshipFactory,
    RestrictionFactory,
)

CHECK = reverse("contacts:collection-check")
CHILDREN = reverse("contacts:collection-check-children")
PEOPLE = reverse("contacts:collection-check-people")


def post_check(client, child, person, handover=ContactType.COLLECTION, **extra):
    data = {"child": child.pk, "person": person, "handover": handover, **extra}
    return client.post(CHECK, data)


def html(response):
    return response.content.decode()


class TestFindingTheChild:
    def test_the_page_offers_the_search(self, client, people, child):
        client.force_login(people.staff)
        response = client.get(CHECK)
        assert response.status_code == 200
        page = html(response)
        assert "Child's name" in page
        assert 'hx-get="/collection-check/children/"' in page
        assert "Find and choose the child first." in page

    def test_search_lists_children_on_roll_at_the_current_site_only(
        self, client, people, site, other_site, child
    ):
        ChildFactory(site=other_site, legal_first_name="Darren", legal_last_name="Hughes")
        ChildFactory(
            site=site,
            legal_first_name="Lily",
            legal_last_name="Hughes",
            leaving_date=timezone.localdate() - timedelta(1),
        )
        ChildFactory(site=site, legal_first_name="Amelia", legal_last_name="Jones")
        client.force_login(people.staff)

        fragment = html(client.get(CHILDREN, {"q": "hugh"}))

        assert "Daniel Hughes" in fragment
        assert f'hx-get="/collection-check/people/?child={child.pk}"' in fragment
        assert "Darren" not in fragment and "Lily" not in fragment and "Amelia" not in fragment
        assert "1 child on roll at Oak Lodge School matches" in fragment

    def test_every_word_typed_must_match(self, client, people, site, child):
        ChildFactory(site=site, legal_first_name="Daniel", legal_last_name="Jones")
        client.force_login(people.staff)
        fragment = html(client.get(CHILDREN, {"q": "dan hug"}))
        assert "Daniel Hughes" in fragment and "Jones" not in fragment

    def test_no_match_and_no_text_say_so(self, client, people, child):
        client.force_login(people.staff)
        assert "No child on roll at Oak Lodge School matches" in html(
            client.get(CHILDREN, {"q": "zzz"})
        )
        assert "Type part of the child's first or last name." in html(client.get(CHILDREN))

    def test_many_matches_ask_for_more_of_the_name(self, client, people, site):
        ChildFactory.create_batch(12, site=site, legal_last_name="Smith")
        client.force_login(people.staff)
        fragment = html(client.get(CHILDREN, {"q": "smith"}))
        assert "type more of the name" in fragment
        assert fragment.count('name="child"') == 10

    def test_choosing_the_child_lists_their_people(self, client, people, child, father, aunt):
        someone_elses = RelationshipFactory(child__site=child.site, person__full_name="Not Theirs")
        client.force_login(people.staff)

        fragment = html(client.get(PEOPLE, {"child": child.pk}))

        assert "Checking for <strong>Daniel Hughes</strong>" in fragment
        assert f'value="{father.pk}"' in fragment and "Mark Hughes" in fragment
        assert f'value="{aunt.pk}"' in fragment and "(aunt)" in fragment
        assert "Someone not listed" in fragment
        assert "Not Theirs" not in fragment and f'value="{someone_elses.person_id}"' not in fragment
        assert 'name="csrfmiddlewaretoken"' in fragment

    @pytest.mark.parametrize("raw", ["nonsense", "99999999", "99999999999999999999999"])
    def test_a_child_who_cannot_be_chosen_is_explained(self, client, people, raw):
        client.force_login(people.staff)
        response = client.get(PEOPLE, {"child": raw})
        assert response.status_code == 200
        assert CHILD_NOT_HERE in html(response)
        assert "<form" not in html(response)

    def test_another_sites_child_cannot_be_chosen(self, client, people, other_site):
        elsewhere = ChildFactory(site=other_site)
        client.force_login(people.staff)
        for response in (
            client.get(PEOPLE, {"child": elsewhere.pk}),
            client.get(CHECK, {"child": elsewhere.pk}),
        ):
            assert response.status_code == 200
            assert CHILD_NOT_HERE in html(response)
            assert elsewhere.legal_first_name not in html(response)

    def test_without_javascript_the_page_reloads_with_the_choices(
        self, client, people, child, father
    ):
        client.force_login(people.staff)
        page = html(client.get(CHECK, {"q": "daniel", "child": child.pk}))
        assert 'value="daniel"' in page
        assert f'name="child" value="{child.pk}"' in page  # the result, as a submit button
        assert "aria-pressed" in page
        assert "Mark Hughes" in page and "Someone not listed" in page


class TestRunningTheCheck:
    def test_the_restricted_father_is_refused_and_the_refusal_logged(
        self, client, people, site, child, father
    ):
        site.dsl = people.dsl
        site.save()
        client.force_login(people.staff)

        response = post_check(client, child, father.pk)

        check = CollectionCheck.objects.get()
        assert response.status_code == 302
        assert response.url == check.get_absolute_url()
        assert check.child == child and check.person == father
        assert check.checked_by == people.staff
        assert check.handover == ContactType.COLLECTION
        assert check.result == Outcome.NOT_ALLOWED
        assert "Non-molestation order (FD25P00123)" in check.reasons[0]
        assert list(check.applied_restrictions.all()) == [father.restrictions.get()]
        assert abs(check.checked_at - timezone.now()) < timedelta(minutes=1)

        page = html(client.get(response.url))
        assert "No – do not hand over Daniel Hughes" in page
        assert "text-bg-danger" in page
        assert "Non-molestation order (FD25P00123)" in page
        assert "This refusal has been recorded in the collection log." in page
        assert (
            "Phone the designated safeguarding lead now: the DSL, <strong>Gareth Tester</strong>"
            in (page)
        )
        assert "Breaking a non-molestation order is a criminal offence" in page
        assert "Checked by Sam Tester" in page
        assert "Check someone else" in page

    def test_without_a_dsl_on_record_the_answer_says_your_dsl(self, client, people, child, father):
        client.force_login(people.staff)
        page = html(client.get(post_check(client, child, father.pk).url))
        assert "<strong>your DSL</strong>" in page

    def test_an_authorised_collector_without_a_word_gets_the_green_answer(
        self, client, people, child
    ):
        uncle = AuthorisedCollectorFactory(
            child=child, person__full_name="Tom Price", identification_notes="Tall, grey beard"
        ).person
        RelationshipFactory(child=child, person=uncle, relationship="uncle")
        client.force_login(people.dsl)

        response = post_check(client, child, uncle.pk)

        check = CollectionCheck.objects.get()
        assert check.result == Outcome.ALLOWED
        assert check.checked_by == people.dsl
        assert check.reasons == ["Tom Price is an authorised collector."]
        assert check.conditions == ["Identification: Tall, grey beard"]
        page = html(client.get(response.url))
        assert "Yes – may collect" in page and "text-bg-success" in page
        assert "refusal" not in page and "What to do now" not in page

    def test_a_drop_off_is_checked_as_a_drop_off(self, client, people, child):
        uncle = AuthorisedCollectorFactory(child=child, person__full_name="Tom Price").person
        RelationshipFactory(child=child, person=uncle, relationship="uncle")
        client.force_login(people.manager)
        page = html(client.get(post_check(client, child, uncle.pk, ContactType.DROP_OFF).url))
        assert CollectionCheck.objects.get().handover == ContactType.DROP_OFF
        assert "Yes – may drop off" in page

    def test_someone_not_listed_is_refused_and_described_in_the_log(self, client, people, child):
        client.force_login(people.staff)

        response = post_check(
            client, child, "unlisted", unlisted_description="  Man saying he is an uncle  "
        )

        check = CollectionCheck.objects.get()
        assert check.person is None
        assert check.unlisted_description == "Man saying he is an uncle"
        assert check.result == Outcome.NOT_ALLOWED
        page = html(client.get(response.url))
        assert "Man saying he is an uncle" in page
        assert "No – do not hand over Daniel Hughes" in page

    def test_a_conditional_answer_is_amber_with_words(self, client, people, child, aunt):
        check = CollectionCheck.objects.create(
            child=child,
            person=aunt,
            handover=ContactType.COLLECTION,
            result=Outcome.CONDITIONAL,
            reasons=["Allowed."],
            conditions=["Must be supervised."],
            checked_by=people.staff,
        )
        client.force_login(people.staff)
        page = html(client.get(check.get_absolute_url()))
        assert "Yes, with conditions" in page and "text-bg-warning" in page
        assert "<li>Must be supervised.</li>" in page


def password(client, check, word):
    return client.post(
        reverse("contacts:collection-check-password", args=[check.pk]), {"word": word}
    )


class TestThePasswordWord:
    """A collector with a password word gets amber until the desk types the word they said."""

    def test_the_answer_waits_for_the_word_and_never_shows_it(self, client, people, child, aunt):
        client.force_login(people.staff)

        page = html(client.get(post_check(client, child, aunt.pk).url))

        check = CollectionCheck.objects.get()
        assert (check.result, check.asks_password) == (Outcome.CONDITIONAL, True)
        assert check.conditions == [PASSWORD_CONDITION]
        assert "Wait – ask for their password word" in page and "text-bg-warning" in page
        assert "What word did they give?" in page
        assert "heron" not in page
        assert "What to do now" not in page  # waiting for a word is not a refusal

    @pytest.mark.parametrize("said", ["heron", "  HERON ", "Heron"])
    def test_the_right_word_turns_it_green(self, client, people, child, aunt, said):
        client.force_login(people.staff)
        post_check(client, child, aunt.pk)
        first = CollectionCheck.objects.get()

        response = password(client, first, said)

        answer = CollectionCheck.objects.get(follows=first)
        assert response.url == answer.get_absolute_url()
        assert (answer.result, answer.password_given) == (Outcome.ALLOWED, True)
        assert "They gave the right password word." in answer.reasons
        page = html(client.get(response.url))
        assert "Yes – may collect" in page and "heron" not in page.lower()
        assert "heron" not in str(CollectionCheck.objects.values_list()).lower()

    def test_a_wrong_word_turns_it_red_and_is_logged(self, client, people, child, aunt):
        client.force_login(people.staff)
        post_check(client, child, aunt.pk)
        first = CollectionCheck.objects.get()

        page = html(client.get(password(client, first, "eagle").url))

        answer = CollectionCheck.objects.get(follows=first)
        assert (answer.result, answer.password_given) == (Outcome.NOT_ALLOWED, False)
        assert WRONG_PASSWORD in answer.reasons
        assert "No – do not hand over Daniel Hughes" in page
        assert "What to do now" in page
        assert "eagle" not in str(CollectionCheck.objects.values_list())

    def test_the_word_is_recorded_once_by_whoever_checked_within_minutes(
        self, client, people, child, aunt
    ):
        client.force_login(people.staff)
        post_check(client, child, aunt.pk)
        first = CollectionCheck.objects.get()

        client.force_login(people.manager)  # someone else at the desk
        password(client, first, "heron")
        assert not CollectionCheck.objects.filter(follows=first).exists()
        assert "What word did they give?" not in html(client.get(first.get_absolute_url()))

        client.force_login(people.staff)
        password(client, first, "heron")
        password(client, first, "heron")  # a second try cannot overwrite the first answer
        assert CollectionCheck.objects.filter(follows=first).count() == 1

        stale = CollectionCheck.objects.create(
            child=child,
            person=aunt,
            handover=ContactType.COLLECTION,
            result=Outcome.CONDITIONAL,
            asks_password=True,
            checked_by=people.staff,
            checked_at=timezone.now() - timedelta(minutes=16),
        )
        page = html(client.get(password(client, stale, "heron").url))
        assert not CollectionCheck.objects.filter(follows=stale).exists()
        assert "no longer waits for a password word" in page

    def test_an_empty_word_is_refused(self, client, people, child, aunt):
        client.force_login(people.staff)
        post_check(client, child, aunt.pk)
        first = CollectionCheck.objects.get()
        response = password(client, first, "   ")
        assert response.status_code == 200
        assert 'id="word-error">Type the word they said.' in html(response)
        assert not CollectionCheck.objects.filter(follows=first).exists()


class TestBadInput:
    def assert_refused_with(self, response, message):
        assert response.status_code == 200
        assert message in html(response)
        assert not CollectionCheck.objects.exists()

    def test_a_person_of_another_child_is_refused(self, client, people, site, child):
        other = RelationshipFactory(child=ChildFactory(site=site)).person
        client.force_login(people.staff)
        response = post_check(client, child, other.pk)
        self.assert_refused_with(response, NOT_THEIR_PERSON.replace("'", "&#x27;"))
        # The form is shown again for the same child.
        assert "Checking for <strong>Daniel Hughes</strong>" in html(response)

    @pytest.mark.parametrize("value", ["abc", "-1", "99999999999999999999999", "²"])
    def test_a_person_that_is_not_a_person_is_refused(self, client, people, child, value):
        client.force_login(people.staff)
        response = post_check(client, child, value)
        self.assert_refused_with(response, NOT_THEIR_PERSON.replace("'", "&#x27;"))

    def test_someone_not_listed_must_be_described(self, client, people, child):
        client.force_login(people.staff)
        response = post_check(client, child, "unlisted", unlisted_description="   ")
        self.assert_refused_with(response, DESCRIBE_THEM)
        assert 'aria-invalid="true"' in html(response)

    def test_who_is_there_is_required(self, client, people, child):
        client.force_login(people.staff)
        self.assert_refused_with(post_check(client, child, ""), "Choose who is there.")

    def test_a_child_of_another_site_is_a_form_error_not_a_crash(self, client, people, other_site):
        elsewhere = RelationshipFactory(child=ChildFactory(site=other_site))
        client.force_login(people.staff)
        response = post_check(client, elsewhere.child, elsewhere.person_id)
        self.assert_refused_with(response, CHILD_NOT_HERE)

    def test_a_child_who_has_left_cannot_be_checked(self, client, people, site):
        left = RelationshipFactory(
            child=ChildFactory(site=site, leaving_date=timezone.localdate() - timedelta(1))
        )
        client.force_login(people.staff)
        self.assert_refused_with(post_check(client, left.child, left.person_id), CHILD_NOT_HERE)

    @pytest.mark.parametrize("raw", ["", "x", "99999999999999999999999"])
    def test_a_missing_or_nonsense_child_is_a_form_error(self, client, people, raw):
        client.force_login(people.staff)
        response = client.post(CHECK, {"child": raw, "person": "unlisted", "handover": "x"})
        assert response.status_code == 200
        assert "Choose the child first." in html(response) or CHILD_NOT_HERE in html(response)
        assert not CollectionCheck.objects.exists()

    def test_a_handover_that_is_not_one_is_refused(self, client, people, child, aunt):
        client.force_login(people.staff)
        response = post_check(client, child, aunt.pk, handover=ContactType.VISIT)
        self.assert_refused_with(response, "Select a valid choice.")


class TestWhoMayCheck:
    def test_slt_and_administrators_may_not_run_checks(self, client, people, child, aunt):
        for user in (people.slt, people.admin):
            client.force_login(user)
            assert post_check(client, child, aunt.pk).status_code == 403
            assert client.get(CHECK).status_code == 403
            assert client.get(PEOPLE, {"child": child.pk}).status_code == 403
        assert not CollectionCheck.objects.exists()

    def test_an_outsider_cannot_check_this_sites_child(self, client, people, child, aunt):
        client.force_login(people.outsider)
        response = post_check(client, child, aunt.pk)
        assert CHILD_NOT_HERE in html(response)
        assert not CollectionCheck.objects.exists()

    def test_an_outsider_gets_404_for_this_sites_answer(self, client, people, child, aunt):
        client.force_login(people.staff)
        url = post_check(client, child, aunt.pk).url
        client.force_login(people.outsider)
        assert client.get(url).status_code == 404

    def test_slt_may_read_an_answer_but_not_check_again(self, client, people, child, aunt):
        client.force_login(people.staff)
        url = post_check(client, child, aunt.pk).url
        client.force_login(people.slt)
        response = client.get(url)
        assert response.status_code == 200
        assert "Wait – ask for their password word" in html(response)
        assert "Check someone else" not in html(response)
        assert "What word did they give?" not in html(response)

    def test_anonymous_visitors_are_sent_to_sign_in(self, client, child):
        response = client.post(CHECK, {"child": child.pk, "person": "unlisted"})
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


class TestRecentChecks:
    def make_checks(self, n, *, site, checked_by):
        for i in range(n):
            relationship = RelationshipFactory(child=ChildFactory(site=site))
            CollectionCheck.objects.create(
                child=relationship.child,
                person=relationship.person if i % 2 else None,
                unlisted_description="" if i % 2 else f"Visitor {i}",
                handover=ContactType.COLLECTION,
                result=Outcome.NOT_ALLOWED if i % 3 else "allowed",
                reasons=["Because."],
                checked_by=checked_by,
                checked_at=timezone.now() - timedelta(minutes=i),
            )

    def test_the_page_lists_the_last_ten_checks_of_this_site(
        self, client, people, site, other_site
    ):
        self.make_checks(12, site=site, checked_by=people.staff)
        outsider_person = PersonFactory(site=other_site, full_name="Elsewhere Person")
        CollectionCheck.objects.create(
            child=ChildFactory(site=other_site),
            person=outsider_person,
            handover=ContactType.COLLECTION,
            result="allowed",
            reasons=["x"],
            checked_by=people.outsider,
        )
        client.force_login(people.staff)

        page = html(client.get(CHECK))

        assert len(re.findall(r'href="/collection-check/\d+/"', page)) == 10
        assert "Visitor 0" in page and "Visitor 10" not in page  # the 11th most recent
        assert "Elsewhere Person" not in page

    def test_queries_stay_flat_however_many_checks(
        self, client, people, site, django_assert_max_num_queries
    ):
        client.force_login(people.staff)
        self.make_checks(2, site=site, checked_by=people.staff)
        with CaptureQueriesContext(connection) as few:
            client.get(CHECK)
        self.make_checks(20, site=site, checked_by=people.manager)
        with django_assert_max_num_queries(len(few)):
            response = client.get(CHECK)
        assert response.status_code == 200


class TestAnOrderAboutAnotherChild:
    def test_the_desk_gets_amber_and_the_dsl_sees_it(self, client, people, site, child):
        uncle = AuthorisedCollectorFactory(child=child, person__full_name="Ray Hughes").person
        RelationshipFactory(child=child, person=uncle, relationship="uncle")
        cousin = ChildFactory(site=site, legal_first_name="Ella", legal_last_name="Stone")
        RestrictionFactory(child=cousin, person=uncle, order_reference="NM26/0777")
        client.force_login(people.staff)

        page = html(client.get(post_check(client, child, uncle.pk).url))

        check = CollectionCheck.objects.get()
        assert check.result == Outcome.CONDITIONAL and check.names_in_other_order
        assert check.for_the_dsl
        assert "Wait – the DSL must decide" in page
        assert "An order about another child at this site names Ray Hughes." in page
        assert "What to do now" in page
        assert "Ella" not in page and "NM26/0777" not in page
        assert "At the door: answers waiting" not in html(client.get(reverse("monitoring:home")))

        client.force_login(people.dsl)
        home = html(client.get(reverse("monitoring:home")))
        assert "At the door: answers waiting for the DSL (1)" in home
        assert "Ray Hughes for Daniel Hughes" in home
        assert "(named in an order about another child here, checked by" in home

        # The DSL and the site manager are told at once, by an e-mail that names nobody.
        told = Notification.objects.order_by("recipient")
        assert [n.recipient for n in told] == [people.dsl.email, people.manager.email]
        for notification in told:
            assert notification.body.startswith("Immediate: someone at the door needs the DSL")
            assert check.get_absolute_url() in notification.body
            for name in ("Ray", "Hughes", "Daniel", "Ella", "NM26"):
                assert name not in notification.subject + notification.body


def test_the_door_page_is_ready_to_type_into_and_tells_children_apart(client, people, site, child):
    child.group = "Year 8, Oak House"
    child.save()
    ChildFactory(site=site, legal_first_name="Danielle", legal_last_name="Hughes")
    client.force_login(people.staff)
    page = html(client.get(CHECK))
    assert re.search(r'id="child-q"[^>]*autofocus', page)
    fragment = html(client.get(CHILDREN, {"q": "hughes"}))
    assert "born 17 May 2012, Year 8, Oak House" in fragment


def test_the_door_shows_the_photo_on_record_and_the_id_to_ask_for(client, people, child):
    from ..conftest import a_photo

    uncle = AuthorisedCollectorFactory(
        child=child,
        person__full_name="Tom Price",
        person__photo=a_photo(),
        identification_to_ask="photo_id",
    ).person
    RelationshipFactory(child=child, person=uncle, relationship="uncle")
    client.force_login(people.staff)
    page = html(client.get(post_check(client, child, uncle.pk).url))
    assert f'src="/people/{uncle.pk}/photo.jpg" alt="Photo of Tom Price on record"' in page
    assert "Ask to see: Photo ID (passport or driving licence)." in page


class TestTheDslAtTheDoor:
    """Answers that need the DSL reach them at once, stay on their start page until answered,
    and their answer reaches the desk."""

    def test_someone_refused_under_this_childs_own_order_reaches_the_dsl(
        self, client, people, child, father
    ):
        client.force_login(people.staff)
        url = post_check(client, child, father.pk).url
        check = CollectionCheck.objects.get()
        assert check.for_the_dsl
        page = html(client.get(url))
        assert "Do not discuss any order" in page and "They have been sent an e-mail" in page
        assert Notification.objects.filter(recipient=people.dsl.email).count() == 1
        post_check(client, child, father.pk)  # checked again: no second e-mail today
        assert Notification.objects.filter(recipient=people.dsl.email).count() == 1

        client.force_login(people.dsl)
        home = html(client.get(reverse("monitoring:home")))
        assert url in home
        assert "answers waiting for the DSL" in home
        assert "refused under an order, checked by Sam Tester" in home

    def test_the_dsl_answers_and_the_desk_sees_it(self, client, people, site, child):
        uncle = AuthorisedCollectorFactory(child=child, person__full_name="Ray Hughes").person
        RelationshipFactory(child=child, person=uncle, relationship="uncle")
        RestrictionFactory(child=ChildFactory(site=site), person=uncle)
        client.force_login(people.staff)
        url = post_check(client, child, uncle.pk).url
        held = CollectionCheck.objects.get()
        waiting = html(client.get(url))
        assert "Your answer, as DSL" not in waiting
        assert 'data-hx-trigger="every 10s"' in waiting  # the desk's page looks for the answer

        client.force_login(people.dsl)
        assert "Your answer, as DSL" in html(client.get(url))
        response = client.post(
            reverse("contacts:collection-check-decide", args=[held.pk]),
            {"decision": "go_ahead", "note": "Spoke to the social worker: he may collect Danny."},
        )
        decided = CollectionCheck.objects.get(follows=held)
        assert response.url == decided.get_absolute_url()
        assert decided.result == Outcome.ALLOWED and decided.checked_by == people.dsl
        assert "Spoke to the social worker" in decided.reasons[1]
        home = html(client.get(reverse("monitoring:home")))
        assert "At the door" not in home  # answered: off the list

        client.force_login(people.staff)
        page = html(client.get(url))
        assert "Gareth Tester answered at" in page
        latest = page.split('id="latest">', 1)[1]
        assert latest.startswith("Yes – may collect")  # the DSL's answer, first and large
        assert "The earlier answer" in page and "data-hx-trigger" not in page
        assert "Yes – may collect" in html(client.get(decided.get_absolute_url()))

    def test_an_order_starting_in_three_days_holds_the_handover_for_the_dsl(
        self, client, people, child
    ):
        """Friday afternoon: dad collects for the week's half-term; an order from Monday."""
        dad = AuthorisedCollectorFactory(child=child, person__full_name="Carl Hughes").person
        RelationshipFactory(child=child, person=dad, relationship="father")
        RestrictionFactory(
            child=child, person=dad, starts_on=timezone.localdate() + timedelta(days=3)
        )
        client.force_login(people.staff)
        page = html(client.get(post_check(client, child, dad.pk).url))

        check = CollectionCheck.objects.get()
        assert check.result == Outcome.CONDITIONAL and check.for_the_dsl
        assert "Wait – the DSL must decide" in page
        assert Notification.objects.filter(recipient=people.dsl.email).count() == 1
        client.force_login(people.dsl)
        home = html(client.get(reverse("monitoring:home")))
        assert "Carl Hughes for Daniel Hughes</a> (an order starts within days, checked by" in home

    def test_a_refusal_under_an_order_cannot_be_let_go_ahead(self, client, people, child, father):
        client.force_login(people.staff)
        post_check(client, child, father.pk)
        refused = CollectionCheck.objects.get()
        client.force_login(people.dsl)
        assert "They may go ahead" not in html(client.get(refused.get_absolute_url()))
        response = client.post(
            reverse("contacts:collection-check-decide", args=[refused.pk]),
            {"decision": "go_ahead", "note": "Kept as typed"},
        )
        assert "Select a valid choice" in html(response) and "Kept as typed" in html(response)
        assert not CollectionCheck.objects.filter(follows=refused).exists()
        client.post(
            reverse("contacts:collection-check-decide", args=[refused.pk]),
            {"decision": "hold", "note": "Police called; he left before they came."},
        )
        assert CollectionCheck.objects.get(follows=refused).result == Outcome.NOT_ALLOWED

    def test_staff_cannot_answer_for_the_dsl(self, client, people, child, father):
        client.force_login(people.staff)
        post_check(client, child, father.pk)
        refused = CollectionCheck.objects.get()
        response = client.post(
            reverse("contacts:collection-check-decide", args=[refused.pk]),
            {"decision": "hold", "note": "x"},
        )
        assert response.status_code == 403

    def test_a_wrong_word_is_remembered_for_the_day(self, client, people, child, aunt):
        client.force_login(people.staff)
        post_check(client, child, aunt.pk)
        password(client, CollectionCheck.objects.get(), "robin")
        assert CollectionCheck.objects.get(password_given=False).for_the_dsl

        post_check(client, child, aunt.pk)
        again = CollectionCheck.objects.order_by("-pk").first()
        assert again.asks_password
        assert "A wrong password word was given for them earlier today." in again.reasons
        password(client, again, "sparrow")
        third = html(client.get(post_check(client, child, aunt.pk).url))
        assert "no handover to them today" in third

    def test_someone_simply_not_on_the_list_gets_the_milder_script(self, client, people, child):
        granny = RelationshipFactory(child=child, relationship="grandmother").person
        client.force_login(people.staff)
        page = html(client.get(post_check(client, child, granny.pk).url))
        assert "No – do not hand over" in page
        assert "Ask them to wait, and check with the child" in page
        assert "away from them" not in page
        assert not CollectionCheck.objects.get().for_the_dsl
