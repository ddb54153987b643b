"""With real processes: a child due back at 17:00 and not back at 17:31 (the clock moved on by
the outing's times being set in the past): beat runs the check on a real worker, and whoever is
on call receives the alert at a real SMTP server, once, naming nobody."""

import time
from datetime import timedelta

import pytest

from ..coxlease.processes import Bench
from .planning import go_out, mum_of, on_call, plan


@pytest.fixture
def bench(transactional_db, settings, tmp_path, monkeypatch):
    monkeypatch.setenv("LATE_RETURN_CHECK_SECONDS", "1")  # beat checks every second
    with Bench(settings=settings, tmp_path=tmp_path) as bench:
        yield bench


def test_whoever_is_on_call_receives_the_alert_once(bench, people, child):
    child.preferred_name = "Danny"
    child.save()
    on_call(child.site, people.dsl)
    outing = go_out(
        plan(child, mum_of(child), people.manager), people.staff, due_in=timedelta(minutes=-31)
    )
    bench.worker()

    (message,) = bench.wait_for(lambda: bench.sink.received, what="the alert")
    assert message["To"] == people.dsl.email
    subject = " ".join(message["Subject"].split())  # unfolded
    assert subject.startswith("Immediate, Oak Lodge School: a child who went out is not back")
    text = message.as_string()
    assert outing.get_absolute_url() in text
    for name in ("Daniel", "Danny", "Hughes", "Karen"):
        assert name not in text
    time.sleep(3)  # beat checks again, three times over
    assert len(bench.sink.received) == 1
    outing.refresh_from_db()
    assert outing.alerted_at is not None
