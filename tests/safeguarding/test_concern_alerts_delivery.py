"""With real processes: raising a concern e-mails the DSL through a real worker and a real SMTP
server, naming nobody; raised while Redis is down, the e-mail goes once it is back."""

import pytest

from ..coxlease.processes import Bench
from .test_concerns import raise_as


@pytest.fixture
def bench(transactional_db, settings, tmp_path):
    with Bench(settings=settings, tmp_path=tmp_path) as bench:
        yield bench


def test_the_dsl_receives_the_e_mail_naming_nobody(bench, people, child):
    bench.worker()
    child.preferred_name = "Danny"
    child.save()

    concern = raise_as(people.staff, child)

    received = bench.wait_for(
        lambda: len(bench.sink.received) == 2 and bench.sink.received, what="both e-mails"
    )
    assert sorted(m["To"] for m in received) == sorted([people.dsl.email, people.manager.email])
    for message in received:
        text = message.as_string()
        assert "a safeguarding concern was raised" in text
        assert concern.get_absolute_url() in text
        for name in ("Danny", "Daniel", "Hughes", "worrying"):
            assert name not in text


def test_raised_while_redis_is_down_it_goes_once_redis_is_back(bench, people, child):
    bench.worker().wait_until_ready()
    bench.redis.stop()

    raise_as(people.staff, child)  # raising never fails for want of Redis

    bench.redis.start()
    bench.wait_for(lambda: len(bench.sink.received) == 2, what="both e-mails")
    assert sorted(m["To"] for m in bench.sink.received) == sorted(
        [people.dsl.email, people.manager.email]
    )
