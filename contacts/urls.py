from django.urls import path

from . import views

app_name = "contacts"

urlpatterns = [
    path("children/", views.child_list, name="child-list"),
    path("children/new/", views.child_create, name="child-create"),
    path("children/<int:pk>/", views.child_detail, name="child-detail"),
    path("children/<int:pk>/edit/", views.child_edit, name="child-edit"),
    path("children/<int:pk>/leave/", views.child_mark_left, name="child-mark-left"),
    path("children/<int:pk>/history/", views.child_history, name="child-history"),
]
