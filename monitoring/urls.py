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
]
