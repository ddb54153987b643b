from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("", views.home, name="home"),
    path("children/<int:pk>/", views.child_detail, name="child-detail"),
    path("children/<int:pk>/chronology/", views.child_chronology, name="child-chronology"),
    path(
        "children/<int:pk>/chronology/print/",
        views.child_chronology_print,
        name="child-chronology-print",
    ),
    path("monitoring/", views.site_report, name="site-report"),
    path("monitoring/flagged-contacts/", views.flagged_contacts, name="flagged-contacts"),
    path(
        "monitoring/planned-not-happened/",
        views.planned_not_happened,
        name="planned-not-happened",
    ),
    path("reports/", views.slt_report, name="slt-report"),
    path("reports/monitoring.csv", views.slt_report_csv, name="slt-report-csv"),
    path("reports/monitoring.pdf", views.slt_report_pdf, name="slt-report-pdf"),
    path("my-tasks/", views.my_tasks, name="my-tasks"),
]
