from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("sites/<int:pk>/switch/", views.site_switch, name="site-switch"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("contacts.urls")),
    path("admin/", admin.site.urls),
]
