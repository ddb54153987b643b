from django.db import transaction

from coxlease import policy
from coxlease.history import save_with_history
from coxlease.policy import Action

from ..models import ContactArrangement, ContactPlan


@transaction.atomic
def plan_save(*, plan: ContactPlan, changed_by, reason: str) -> ContactPlan:
    policy.require(changed_by, Action.MANAGE_ARRANGEMENTS, plan.child.site)
    return save_with_history(plan, user=changed_by, reason=reason)


@transaction.atomic
def arrangement_save(
    *, arrangement: ContactArrangement, changed_by, reason: str
) -> ContactArrangement:
    policy.require(changed_by, Action.MANAGE_ARRANGEMENTS, arrangement.plan.child.site)
    return save_with_history(arrangement, user=changed_by, reason=reason)
