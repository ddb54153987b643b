from .concerns import (
    ESCALATE_AFTER,
    URGENT_WITHIN,
    Attachment,
    Category,
    Concern,
    ConcernQuerySet,
    NeedToKnow,
    Status,
    Step,
    Urgency,
    attachment_path,
)
from .online import ESafetySession, Harm, OnlineIncident

__all__ = [
    "ESCALATE_AFTER",
    "URGENT_WITHIN",
    "Attachment",
    "Category",
    "Concern",
    "ConcernQuerySet",
    "ESafetySession",
    "Harm",
    "NeedToKnow",
    "OnlineIncident",
    "Status",
    "Step",
    "Urgency",
    "attachment_path",
]
