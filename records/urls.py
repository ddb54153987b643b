from django.urls import path

from . import views

app_name = "records"

urlpatterns = [
    path("children/<int:pk>/contacts/new/", views.entry_add, name="entry-add"),
    path("children/<int:pk>/contacts/preview/", views.entry_preview, name="entry-preview"),
    path("contact-log/", views.entry_list, name="entry-list"),
    path("contact-log/<int:pk>/", views.entry_detail, name="entry-detail"),
    path("contact-log/<int:pk>/edit/", views.entry_edit, name="entry-edit"),
    path("contact-log/<int:pk>/history/", views.entry_history, name="entry-history"),
    path("contact-log/<int:pk>/entered-in-error/", views.entry_in_error, name="entry-in-error"),
    path("local-rules/", views.local_rules, name="local-rules"),
    path("local-rules/new/", views.local_rule_edit, name="local-rule-add"),
    path("local-rules/<int:pk>/edit/", views.local_rule_edit, name="local-rule-edit"),
]
