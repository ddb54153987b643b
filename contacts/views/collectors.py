from django.http import HttpRequest

from coxlease import policy
from coxlease.pages import form_page
from coxlease.policy import Action

from .. import selectors, services
from ..forms.collectors import AuthorisedCollectorForm
from ..models import AuthorisedCollector


def collector_add(request: HttpRequest, pk: int):
    child = selectors.child_get_for_user(user=request.user, pk=pk)
    return _collector_page(request, AuthorisedCollector(child=child), reason="Authorised")


def collector_edit(request: HttpRequest, pk: int):
    collector = selectors.child_record_get_for_user(
        user=request.user,
        queryset=AuthorisedCollector.objects.select_related("child__site", "person"),
        pk=pk,
    )
    return _collector_page(request, collector, reason=None)


def _collector_page(request, collector: AuthorisedCollector, *, reason: str | None):
    child = collector.child
    policy.require(request.user, Action.MANAGE_ARRANGEMENTS, child.site)
    form = AuthorisedCollectorForm(request.POST or None, instance=collector, child=child)
    return form_page(
        request,
        form,
        heading=f"Authorised collector for {child}",
        context={"child": child},
        intro="Restrictions still apply: someone authorised here is refused at the door "
        "while a restriction forbids it.",
        save=lambda: services.collector_save(
            collector=form.instance,
            changed_by=request.user,
            reason=reason or form.cleaned_data["reason"],
        ),
        success="Saved.",
        done_url=child.get_absolute_url() + "#collectors",
    )
