from django.shortcuts import render

from .selectors import start_page_for


def home(request):
    """The start page: what needs this user's attention at their current site."""
    return render(
        request,
        "monitoring/home.html",
        {
            "site": request.current_site,
            "start": start_page_for(user=request.user, site=request.current_site),
        },
    )
