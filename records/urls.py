from django.urls import path

from . import planned_views, views

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
    path("planned/", planned_views.planned_list, name="planned-list"),
    path("planned/settings/", planned_views.site_settings_edit, name="planned-settings"),
    path("children/<int:pk>/planned/new/", planned_views.planned_add, name="planned-add"),
    path("planned/<int:pk>/", planned_views.planned_detail, name="planned-detail"),
    path("planned/<int:pk>/did-not-happen/", planned_views.planned_end, name="planned-end"),
    path("planned/<int:pk>/happened/", planned_views.planned_happened, name="planned-happened"),
    path("planned/<int:pk>/leaving/", planned_views.outing_add, name="outing-add"),
    path("outings/<int:pk>/back/", planned_views.outing_return, name="outing-return"),
    path("outings/<int:pk>/step/", planned_views.outing_step, name="outing-step"),
]
