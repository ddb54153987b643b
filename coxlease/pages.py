"""The shape most of our editing pages share: a form, saved by a service, then back."""

from collections.abc import Callable

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from .forms import save_or_show_errors


def form_page(
    request,
    form,
    *,
    heading: str,
    save: Callable[[], object],
    success: str | Callable[[object], str],
    done_url: str | None = None,
    cancel_url: str | None = None,
    submit: str = "Save",
    intro: str = "",
    template: str = "form_page.html",
    context: dict | None = None,
):
    """Render `form` (in `template`, which extends form_page.html, with `context`: a `child`
    in it puts the child's breadcrumb on top); on a valid POST call `save()` and go to
    `done_url` (by default, the saved record's page) with the `success` message (or what
    `success(saved)` says)."""
    if request.method == "POST" and form.is_valid():
        saved = save_or_show_errors(form, save)
        if saved is not None:
            messages.success(request, success(saved) if callable(success) else success)
            return redirect(done_url or saved)
    return render(
        request,
        template,
        {
            **(context or {}),
            "form": form,
            "heading": heading,
            "submit": submit,
            "intro": intro,
            "cancel_url": cancel_url or done_url,
        },
    )


def current_site_or_404(request):
    """The site the user is working in; someone who belongs to no site has no such pages."""
    if request.current_site is None:
        raise Http404("You do not belong to any site yet.")
    return request.current_site


def safe_next(request, default: str) -> str:
    """The `next` address sent with a form or in the address, if it is a path on this site;
    else `default`. (A bare word such as "45" would be taken by redirect() for a view name.)"""
    next_url = request.POST.get("next") or request.GET.get("next", "")
    if next_url.startswith("/") and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return default
