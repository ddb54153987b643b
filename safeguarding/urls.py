from django.urls import path

from . import online_views, views

app_name = "safeguarding"

urlpatterns = [
    path("concerns/", views.concern_list, name="concern-list"),
    path("concerns/new/", views.concern_raise, name="concern-raise"),
    path("concerns/<int:pk>/", views.concern_detail, name="concern-detail"),
    path("concerns/<int:pk>/review/", views.concern_review, name="concern-review"),
    path("concerns/<int:pk>/decision/", views.concern_decision, name="concern-decision"),
    path("concerns/<int:pk>/escalate/", views.concern_escalate, name="concern-escalate"),
    path("concerns/<int:pk>/close/", views.concern_close, name="concern-close"),
    path("concerns/<int:pk>/reopen/", views.concern_reopen, name="concern-reopen"),
    path(
        "concerns/<int:pk>/need-to-know/", views.concern_need_to_know, name="concern-need-to-know"
    ),
    path("concerns/<int:pk>/attach/", views.concern_attach, name="concern-attach"),
    path("attachments/<int:pk>/download", views.attachment_download, name="attachment-download"),
    path("children/<int:pk>/e-safety/new/", online_views.esafety_add, name="esafety-add"),
    path("children/<int:pk>/online-incidents/new/", online_views.incident_add, name="incident-add"),
    path("online-incidents/", online_views.incident_list, name="incident-list"),
    path("online-incidents/<int:pk>/", online_views.incident_detail, name="incident-detail"),
    path(
        "online-incidents/<int:pk>/learning/",
        online_views.incident_learning,
        name="incident-learning",
    ),
    path("on-call/", views.on_call_rota, name="on-call"),
    path("on-call/new/", views.on_call_add, name="on-call-add"),
    path("on-call/<int:pk>/edit/", views.on_call_edit, name="on-call-edit"),
    path("on-call/<int:pk>/remove/", views.on_call_remove, name="on-call-remove"),
]
