from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("", views.home, name="home"),
    path("children/<int:pk>/", views.child_detail, name="child-detail"),
]
