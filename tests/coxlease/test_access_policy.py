"""The access policy beyond the role table: rights from being the site's DSL or deputy, several
roles at one site, and records that only some of a site may see."""

from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError

from coxlease import policy
from coxlease.models import Role
from coxlease.policy import Action, Audience

from ..factories import MembershipFactory, UserFactory


def fresh(user):
    """The policy keeps a user's roles for the request; a new request reads them again."""
    return type(user).objects.get(pk=user.pk)


class TestTheDesignatedSafeguardingLead:
    def test_the_sites_dsl_and_deputy_have_dsl_rights_there_and_only_there(
        self, people, site, other_site
    ):
        deputy = UserFactory(username="deputy")
        MembershipFactory(user=deputy, site=site, role=Role.STAFF)
        MembershipFactory(user=deputy, site=other_site, role=Role.STAFF)
        assert not policy.can(deputy, Action.HEAR_OF_DOOR_ALERTS, site)

        site.deputy_dsl = deputy
        site.full_clean()
        site.save()

        deputy = fresh(deputy)
        assert policy.roles_at(deputy, site) == {Role.STAFF, Role.DSL}
        for action in (Action.HEAR_OF_DOOR_ALERTS, Action.VIEW_RESTRICTIONS_DASHBOARD):
            assert policy.can(deputy, action, site)
            assert not policy.can(deputy, action, other_site)
        assert not policy.can(deputy, Action.MANAGE_ARRANGEMENTS, site)
        assert policy.needs_second_factor(deputy)
        assert deputy in policy.users_who_may(Action.HEAR_OF_DOOR_ALERTS, site)
        assert deputy not in policy.users_who_may(Action.HEAR_OF_DOOR_ALERTS, other_site)

    def test_only_someone_who_works_at_the_site_may_be_its_dsl(self, people, site):
        site.dsl = people.outsider
        with pytest.raises(ValidationError, match="works at this site"):
            site.full_clean()

    def test_a_site_manager_who_is_also_the_dsl_holds_both(self, people, site):
        MembershipFactory(user=people.manager, site=site, role=Role.DSL)
        manager = fresh(people.manager)
        assert policy.roles_at(manager, site) == {Role.SITE_MANAGER, Role.DSL}
        assert policy.can(manager, Action.MANAGE_ARRANGEMENTS, site)
        assert policy.can(manager, Action.HEAR_OF_DOOR_ALERTS, site)
        assert list(policy.users_who_may(Action.HEAR_OF_DOOR_ALERTS, site)).count(manager) == 1


@dataclass
class Confidential:
    """A record like a safeguarding concern: it says who may see it."""

    site_id: int
    author_id: int
    roles: frozenset = frozenset({Role.DSL, Role.SITE_MANAGER, Role.SLT})
    shared_with: frozenset = frozenset()
    excluded: frozenset = frozenset()

    def audience(self):
        return Audience(
            site_id=self.site_id,
            roles=self.roles,
            author_id=self.author_id,
            shared_with=self.shared_with,
            excluded=self.excluded,
        )


class TestRecordsOnlySomeMaySee:
    def sees(self, people):
        return lambda name, record: policy.can(getattr(people, name), Action.VIEW_CHILDREN, record)

    def test_the_author_the_leads_and_slt_see_it_and_other_staff_do_not(self, people, site):
        colleague = UserFactory(username="colleague")
        MembershipFactory(user=colleague, site=site, role=Role.STAFF)
        record = Confidential(site_id=site.pk, author_id=people.staff.pk)
        sees = self.sees(people)

        assert [sees(n, record) for n in ("staff", "manager", "dsl", "slt", "outsider")] == [
            True,
            True,
            True,
            True,
            False,
        ]
        assert not policy.can(colleague, Action.VIEW_CHILDREN, record)
        shared = Confidential(
            site_id=site.pk, author_id=people.staff.pk, shared_with=frozenset({colleague.pk})
        )
        assert policy.can(colleague, Action.VIEW_CHILDREN, shared)

    def test_the_adult_it_names_never_sees_it_whatever_their_role(self, people, site):
        about_the_manager = Confidential(
            site_id=site.pk,
            author_id=people.staff.pk,
            roles=frozenset({Role.SLT}),
            excluded=frozenset({people.manager.pk}),
        )
        sees = self.sees(people)
        assert not sees("manager", about_the_manager)
        assert not sees("dsl", about_the_manager)  # the site's own leads step aside
        assert sees("slt", about_the_manager)
        assert sees("staff", about_the_manager)  # who raised it

    def test_the_role_table_still_has_the_last_word(self, people, site):
        record = Confidential(site_id=site.pk, author_id=people.slt.pk)
        assert not policy.can(people.slt, Action.MANAGE_ARRANGEMENTS, record)
        assert policy.can(people.manager, Action.MANAGE_ARRANGEMENTS, record)


def test_those_told_of_a_late_report_are_the_active_site_managers(people, site, other_site):
    gone = UserFactory(username="gone", is_active=False)
    MembershipFactory(user=gone, site=site, role=Role.SITE_MANAGER)
    elsewhere = UserFactory(username="elsewhere")
    MembershipFactory(user=elsewhere, site=other_site, role=Role.SITE_MANAGER)
    assert list(policy.users_who_may(Action.HEAR_OF_LATE_REPORTS, site)) == [people.manager]
