"""Real processes for tests of the notification outbox: a throw-away Redis, Celery workers (with
beat) on the test database, and an SMTP sink that keeps what it accepts.

A test module uses them through a fixture of its own:

    @pytest.fixture
    def bench(transactional_db, settings, tmp_path):
        with Bench(settings=settings, tmp_path=tmp_path) as bench:
            yield bench
"""

import asyncio
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from email import message_from_bytes
from email.message import Message
from pathlib import Path
from urllib.parse import quote

import kombu.pools
import pytest
import redis
from aiosmtpd.controller import Controller
from django.conf import settings as django_settings
from django.db import connection

from coxlease.celery import app as celery_app

# Short intervals, so that a sweep, a retry and an abandoned send each take seconds. A send is
# taken for abandoned after 15 s only, well above the mail timeout (5 s against a sink that
# answers in milliseconds), so that a slow but live send on a loaded machine is never taken for one.
FAST_OUTBOX = {
    "OUTBOX_SWEEP_SECONDS": 1,
    "OUTBOX_RETRY_SECONDS": 1,
    "OUTBOX_MAX_ATTEMPTS": 5,
    "OUTBOX_SENDING_TIMEOUT_SECONDS": 15,
    "EMAIL_TIMEOUT": 5,
}
TIMEOUT = 90  # seconds to wait for anything a worker does; generous for a loaded 2-core machine


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, *, what: str, timeout: float = TIMEOUT, logs=()):
    """Poll `condition` until it returns something true, and return that; fail after `timeout`
    seconds, showing the end of each log file given."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.1)
    tails = "\n".join(f"--- {log} ---\n{log.read_text()[-4000:]}" for log in logs if log.exists())
    pytest.fail(f"Waited {timeout} s for {what}.\n{tails}")


def require_real_processes():
    """Skip locally, fail in CI, unless the test database is PostgreSQL (a worker is another
    process and cannot open the in-memory SQLite test database) and redis-server is installed."""
    missing = []
    if connection.vendor != "postgresql":
        missing.append("a PostgreSQL test database (set DATABASE_URL)")
    if not shutil.which("redis-server"):
        missing.append("redis-server (apt-get install redis-server)")
    if missing:
        reason = "Tests with a real Celery worker need " + " and ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd tells every command


class SmtpSink:
    """An SMTP server (aiosmtpd, in a thread of this process) that keeps what it accepts.

    `refuse` is how many messages to refuse (451, try again later) before accepting any.
    With `stall` set, the first MAIL FROM gets no answer until the sink is stopped: the client
    hangs with the message not yet handed over.
    """

    def __init__(self):
        self.port = free_port()
        self.received: list[Message] = []
        self.refused = 0
        self.refuse = 0
        self.stall = False
        self.stalled = threading.Event()
        self._stopping = threading.Event()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self):
        self._controller.start()

    def stop(self):
        self._stopping.set()
        self._controller.stop()

    def message_ids(self) -> list[str]:
        return [message["Message-ID"] for message in self.received]

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.stall and not self.stalled.is_set():
            self.stalled.set()
            while not self._stopping.is_set():
                await asyncio.sleep(0.05)
            return "421 4.3.2 Shutting down"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.refused < self.refuse:
            self.refused += 1
            return "451 4.3.0 Mail server busy, try again later"
        self.received.append(message_from_bytes(envelope.original_content))
        return "250 OK: queued"


class RedisServer:
    """A redis-server of our own on a free port, keeping nothing on disk: stopping it loses
    every queued task, as a crash would."""

    def __init__(self, log: Path):
        self.port = free_port()
        self.log = log
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
                + ["--save", "", "--appendonly", "no", "--dir", str(self.log.parent)],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        client = redis.Redis.from_url(self.url)
        wait_for(lambda: self._answers(client), what="redis-server to start", logs=[self.log])

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)

    @staticmethod
    def _answers(client) -> bool:
        try:
            return client.ping()
        except redis.ConnectionError:
            return False


class Worker:
    """`celery -A coxlease worker --beat` in a process group of its own, on the test database."""

    def __init__(self, *, env: dict, log: Path):
        self.env = env
        self.log = log
        self.process = None

    def start(self):
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                [str(Path(sys.executable).with_name("celery")), "-A", "coxlease", "worker"]
                + ["--pool", "solo", "--beat", "--loglevel", "INFO"]
                + ["--without-mingle", "--without-gossip", "--without-heartbeat"],
                cwd=django_settings.BASE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self

    def wait_until_ready(self):
        wait_for(
            lambda: " ready." in self.log.read_text(), what="the worker to start", logs=[self.log]
        )

    def kill(self):
        """SIGKILL, to the worker and its beat: nothing gets to clean up."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self):
        if self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()


class Bench:
    """An SMTP sink, a throw-away Redis, and this process's Celery app sending to it (not eager);
    workers started on demand. Outbox intervals are short here and in the workers alike."""

    def __init__(self, *, settings, tmp_path: Path):
        require_real_processes()
        self.tmp_path = tmp_path
        self.sink = SmtpSink()
        self.redis = RedisServer(tmp_path / "redis.log")
        self.workers: list[Worker] = []
        for name, value in FAST_OUTBOX.items():
            setattr(settings, name, value)
        self._celery_saved = {}

    def __enter__(self):
        self.sink.start()
        self.redis.start()
        overrides = {"broker_url": self.redis.url, "task_always_eager": False}
        self._celery_saved = {key: celery_app.conf[key] for key in overrides}
        celery_app.conf.update(overrides)
        _forget_connections()
        return self

    def __exit__(self, *exc_info):
        for worker in self.workers:
            worker.stop()
        celery_app.conf.update(self._celery_saved)
        _forget_connections()
        self.redis.stop()
        self.sink.stop()

    def worker(self) -> Worker:
        """Start one more worker (with beat) on the test database, this Redis and the sink."""
        db = connection.settings_dict
        env = {
            **os.environ,
            **{name: str(value) for name, value in FAST_OUTBOX.items()},
            "DEBUG": "1",
            "SECURE_HTTPS": "0",
            "DATABASE_URL": (
                f"postgres://{quote(db['USER'] or '')}:{quote(db['PASSWORD'] or '')}"
                f"@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
            ),
            "REDIS_URL": self.redis.url,
            "EMAIL_URL": self.sink.url,
            "SITE_URL": django_settings.SITE_URL,
            "PYTHONUNBUFFERED": "1",
        }
        worker = Worker(env=env, log=self.tmp_path / f"worker-{len(self.workers) + 1}.log")
        self.workers.append(worker)
        return worker.start()

    @property
    def logs(self) -> list[Path]:
        return [worker.log for worker in self.workers] + [self.redis.log]

    def wait_for(self, condition, *, what: str, timeout: float = TIMEOUT):
        return wait_for(condition, what=what, timeout=timeout, logs=self.logs)


def _forget_connections():
    """Drop the broker connections Celery cached under the previous settings."""
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    # Kombu keeps producer pools per connection in a registry of its own: forget those too, or
    # the next task (even an eager one acquires a producer) meets a pool closed above.
    kombu.pools.reset()
