from django.contrib import admin
from django.contrib.auth.views import LoginView
from django.urls import include, path

from . import views
from .forms import SignInForm

urlpatterns = [
    path("", include("monitoring.urls")),
    path("sites/<int:pk>/switch/", views.site_switch, name="site-switch"),
    path("accounts/two-factor/", views.two_factor_verify, name="two-factor-verify"),
    path("accounts/two-factor/setup/", views.two_factor_setup, name="two-factor-setup"),
    path(
        "accounts/login/",
        LoginView.as_view(authentication_form=SignInForm),
        name="login",
    ),
    path("accounts/logout/", views.sign_out, name="logout"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("contacts.urls")),
    path("", include("records.urls")),
    path("", include("safeguarding.urls")),
    path("admin/", admin.site.urls),
]

handler404 = views.not_found
