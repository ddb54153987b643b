from base64 import b32encode
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import LogoutView
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from . import policy, two_factor
from .demo import demo_code_hint
from .forms import SecondFactorForm
from .middleware import SESSION_KEY
from .pages import safe_next

WRONG_CODE = (
    "That code is not right, or has been used already. After several wrong codes you must "
    "wait a little before trying again."
)


@require_http_methods(["GET", "POST"])
def sign_out(request):
    """Signing out is a POST (so that no link or image can do it); a GET, from a bookmark or
    a typed address, shows the button instead of an empty "method not allowed"."""
    if request.method == "POST":
        return LogoutView.as_view()(request)
    return render(request, "registration/logout.html")


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


@require_POST
def site_switch(request, pk):
    site = get_object_or_404(policy.sites_for(request.user), pk=pk)
    request.session[SESSION_KEY] = site.pk
    messages.info(request, f"You are now working in {site}.")
    return redirect(safe_next(request, resolve_url(settings.LOGIN_REDIRECT_URL)))


@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    if not two_factor.has_second_factor(request.user):
        return redirect(_with_next(request, "two-factor-setup"))
    form = SecondFactorForm(request.POST or None)
    if form.is_valid():
        if two_factor.second_factor_verify(request=request, code=form.cleaned_data["code"]):
            return redirect(_next_or_home(request))
        form.add_error("code", WRONG_CODE)
    return render(
        request,
        "registration/two_factor_verify.html",
        {"form": form, "demo_code": demo_code_hint(request.user)},
    )


@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    if two_factor.has_second_factor(request.user):
        return redirect(_with_next(request, "two-factor-verify"))
    device = two_factor.authenticator_pending(request.user)
    form = SecondFactorForm(request.POST or None)
    if form.is_valid():
        codes = two_factor.authenticator_confirm(
            request=request, device=device, code=form.cleaned_data["code"]
        )
        if codes is not None:
            return render(
                request,
                "registration/two_factor_backup_codes.html",
                {"codes": codes, "next": _next_or_home(request)},
            )
        form.add_error("code", WRONG_CODE)
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "qr_code": segno.make(device.config_url).svg_data_uri(scale=5),
            "secret": b32encode(device.bin_key).decode(),
        },
    )


def _next_or_home(request) -> str:
    return safe_next(request, resolve_url(settings.LOGIN_REDIRECT_URL))


def _with_next(request, name: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': _next_or_home(request)})}"
