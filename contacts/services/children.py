"""Writes about children. Each records who made the change and why."""

from datetime import date

from django.db import transaction

from coxlease import policy
from coxlease.history import save_with_history
from coxlease.policy import Action

from ..models import Child


@transaction.atomic
def child_create(*, child: Child, created_by) -> Child:
    policy.require(created_by, Action.MANAGE_CHILDREN, child.site)
    return save_with_history(child, user=created_by, reason="Admitted")


@transaction.atomic
def child_update(*, child: Child, changed_by, reason: str) -> Child:
    policy.require(changed_by, Action.MANAGE_CHILDREN, child.site)
    return save_with_history(child, user=changed_by, reason=reason)


@transaction.atomic
def child_mark_left(*, child: Child, leaving_date: date, reason: str, changed_by) -> Child:
    policy.require(changed_by, Action.MANAGE_CHILDREN, child.site)
    child.leaving_date = leaving_date
    return save_with_history(child, user=changed_by, reason=f"Left: {reason}")
