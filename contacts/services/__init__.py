from .children import child_create, child_mark_left, child_update
from .collection import (
    collection_check_run,
    collection_dsl_decide,
    collection_password_record,
    collector_save,
)
from .online import social_media_assessment_save, video_call_plan_save
from .people import relationship_record
from .plans import arrangement_save, plan_save
from .restrictions import (
    child_informed_record,
    restriction_confirm,
    restriction_correct_imposition,
    restriction_end,
    restriction_record,
    restriction_report,
    restriction_update,
)

__all__ = [
    "arrangement_save",
    "child_create",
    "child_informed_record",
    "child_mark_left",
    "child_update",
    "collection_check_run",
    "collection_dsl_decide",
    "collection_password_record",
    "collector_save",
    "plan_save",
    "social_media_assessment_save",
    "video_call_plan_save",
    "relationship_record",
    "restriction_confirm",
    "restriction_correct_imposition",
    "restriction_end",
    "restriction_record",
    "restriction_report",
    "restriction_update",
]
