from .children import (
    child_get_for_user,
    child_record_get_for_user,
    children_for_user,
    children_like,
    people_like,
    person_get_for_user,
    plan_of,
)
from .collection import (
    children_matching,
    children_to_check,
    door_alerts,
    password_check_is_open,
)
from .dashboard import restrictions_dashboard
from .restrictions import (
    colleagues_who_must_confirm,
    restriction_confirmations,
    restriction_get_for_user,
    restrictions_in_force,
    restrictions_to_confirm,
    with_unconfirmed_counts,
)

__all__ = [
    "child_get_for_user",
    "child_record_get_for_user",
    "children_matching",
    "children_to_check",
    "children_for_user",
    "children_like",
    "people_like",
    "colleagues_who_must_confirm",
    "door_alerts",
    "password_check_is_open",
    "person_get_for_user",
    "plan_of",
    "restriction_confirmations",
    "restriction_get_for_user",
    "restrictions_dashboard",
    "restrictions_in_force",
    "restrictions_to_confirm",
    "with_unconfirmed_counts",
]
