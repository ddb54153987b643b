"""The demo organisation, floor by floor: each app seeds its own records, in order."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from contacts.demo import contacts_demo_seed
from coxlease.demo import core_demo_seed, demo_refuse_unless_safe
from coxlease.models import Site
from records.demo import records_demo_seed
from safeguarding.demo import safeguarding_demo_seed


@transaction.atomic
def demo_seed(*, today: date | None = None) -> dict[str, Site]:
    """Create (or refresh) the demo organisation. Refuses if real sites exist."""
    demo_refuse_unless_safe()
    today = today or timezone.localdate()
    sites = core_demo_seed()
    contacts_demo_seed(sites=sites, today=today)
    records_demo_seed(sites=sites, today=today)
    safeguarding_demo_seed(sites=sites, today=today)
    return sites
