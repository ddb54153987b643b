from django.urls import path

from .views import children

app_name = "contacts"

urlpatterns = [
    path("children/", children.child_list, name="child-list"),
    path("children/new/", children.child_create, name="child-create"),
    path("children/<int:pk>/", children.child_detail, name="child-detail"),
    path("children/<int:pk>/edit/", children.child_edit, name="child-edit"),
    path("children/<int:pk>/leave/", children.child_mark_left, name="child-mark-left"),
    path("children/<int:pk>/history/", children.child_history, name="child-history"),
]
