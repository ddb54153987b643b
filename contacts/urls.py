from django.urls import path

from .views import (
    children,
    collection,
    collectors,
    dashboard,
    online,
    people,
    plans,
    restrictions,
)

app_name = "contacts"

urlpatterns = [
    path("children/", children.child_list, name="child-list"),
    path("children/new/", children.child_create, name="child-create"),
    path("children/<int:pk>/edit/", children.child_edit, name="child-edit"),
    path("children/<int:pk>/leave/", children.child_mark_left, name="child-mark-left"),
    path("children/<int:pk>/history/", children.child_history, name="child-history"),
    path("children/<int:pk>/people/new/", people.person_add, name="person-add"),
    path("children/<int:pk>/people/link/", people.person_link, name="person-link"),
    path("people/<int:pk>/", people.person_detail, name="person-detail"),
    path("people/<int:pk>/photo.jpg", people.person_photo, name="person-photo"),
    path("relationships/<int:pk>/edit/", people.relationship_edit, name="relationship-edit"),
    path("children/<int:pk>/plan/", plans.plan_detail, name="plan-detail"),
    path("children/<int:pk>/plan/edit/", plans.plan_edit, name="plan-edit"),
    path("children/<int:pk>/plan/history/", plans.plan_history, name="plan-history"),
    path("children/<int:pk>/plan/arrangements/new/", plans.arrangement_add, name="arrangement-add"),
    path("arrangements/<int:pk>/edit/", plans.arrangement_edit, name="arrangement-edit"),
    path(
        "children/<int:pk>/restrictions/new/", restrictions.restriction_add, name="restriction-add"
    ),
    path("restrictions/", dashboard.restrictions_dashboard, name="restrictions-dashboard"),
    path("restrictions/<int:pk>/", restrictions.restriction_detail, name="restriction-detail"),
    path("restrictions/<int:pk>/edit/", restrictions.restriction_edit, name="restriction-edit"),
    path("restrictions/<int:pk>/end/", restrictions.restriction_end, name="restriction-end"),
    path(
        "restrictions/<int:pk>/report/", restrictions.restriction_report, name="restriction-report"
    ),
    path(
        "restrictions/<int:pk>/imposition/",
        restrictions.restriction_correct_imposition,
        name="restriction-correct-imposition",
    ),
    path(
        "restrictions/<int:pk>/confirm/",
        restrictions.restriction_confirm,
        name="restriction-confirm",
    ),
    path(
        "restrictions/<int:pk>/opened.csv",
        restrictions.restriction_openings,
        name="restriction-openings",
    ),
    path(
        "restrictions/<int:pk>/history/",
        restrictions.restriction_history,
        name="restriction-history",
    ),
    path(
        "restrictions/<int:pk>/child-told/",
        restrictions.child_informed_add,
        name="child-informed-add",
    ),
    path("children/<int:pk>/social-media/new/", online.social_media_add, name="social-media-add"),
    path("social-media/<int:pk>/", online.social_media_detail, name="social-media-detail"),
    path("social-media/<int:pk>/edit/", online.social_media_edit, name="social-media-edit"),
    path(
        "children/<int:pk>/video-calls/new/",
        online.video_call_plan_add,
        name="video-call-plan-add",
    ),
    path("video-calls/<int:pk>/edit/", online.video_call_plan_edit, name="video-call-plan-edit"),
    path("children/<int:pk>/collectors/new/", collectors.collector_add, name="collector-add"),
    path("collectors/<int:pk>/edit/", collectors.collector_edit, name="collector-edit"),
    path("collection-check/", collection.collection_check, name="collection-check"),
    path(
        "collection-check/children/",
        collection.collection_check_children,
        name="collection-check-children",
    ),
    path(
        "collection-check/people/",
        collection.collection_check_people,
        name="collection-check-people",
    ),
    path(
        "collection-check/<int:pk>/",
        collection.collection_check_result,
        name="collection-check-result",
    ),
    path(
        "collection-check/<int:pk>/decide/",
        collection.collection_check_decide,
        name="collection-check-decide",
    ),
    path(
        "collection-check/<int:pk>/password/",
        collection.collection_check_password,
        name="collection-check-password",
    ),
]
