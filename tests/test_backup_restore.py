"""Backups that restore: `make backup` then `make restore` into a new database gives back every
row, and every history row, of every model. PostgreSQL only (CI runs it); refused on SQLite."""

import os
import subprocess
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django_celery_beat.schedulers import DatabaseScheduler
from model_bakery import baker
from simple_history.models import HistoricalChanges

from coxlease.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[1]


def _make(*args, database_url: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "--no-print-directory", "-s", *args],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
    )


def _url(name: str) -> str:
    settings_dict = connection.settings_dict
    user = quote(settings_dict["USER"] or "", safe="")
    password = f":{quote(settings_dict['PASSWORD'], safe='')}" if settings_dict["PASSWORD"] else ""
    host, port = settings_dict["HOST"] or "localhost", settings_dict["PORT"] or "5432"
    return f"postgresql://{user}{password}@{host}:{port}/{name}"


def _models():
    return apps.get_models(include_auto_created=True)


def _is_history(model) -> bool:
    return issubclass(model, HistoricalChanges)


def _rows(database, model) -> list[tuple]:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in model._meta.concrete_fields)
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    return database.execute(f"SELECT {columns} FROM {table} ORDER BY {pk}").fetchall()


def _every_model_has_rows():
    """The demo organisation, the schedule beat writes when it starts, and a made-up row for
    any model still empty, so that the round trip covers every table, including models added
    after this test."""
    call_command("seed_demo")
    DatabaseScheduler(app=celery_app)
    # History rows come from saving their records, so those go first. A made-up row points
    # at existing rows (a demo restriction, say) rather than at made-up parents.
    for model in sorted(_models(), key=_is_history):
        if not model._default_manager.exists():
            parents = {
                field.name: field.related_model._default_manager.first()
                for field in model._meta.fields
                if field.many_to_one and field.related_model._default_manager.exists()
            }
            # A many-to-many history copies the through row's id into a plain column.
            copies_an_id = any(f.name == "id" and not f.primary_key for f in model._meta.fields)
            copied_id = {"id": 1} if copies_an_id else {}
            baker.make(model, **parents, **copied_id)
    empty = [m._meta.label for m in _models() if not m._default_manager.exists()]
    assert empty == []


@pytest.fixture
def restored_name():
    name = f"{connection.settings_dict['NAME']}_restored"
    drop = f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)}"
    with connection.cursor() as cursor:
        cursor.execute(drop)  # left by an interrupted run
    yield name
    with connection.cursor() as cursor:
        cursor.execute(drop)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="backups need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_every_row_and_history_row_of_every_model(
    settings, tmp_path, restored_name
):
    settings.DEBUG = True  # seed_demo refuses to run otherwise
    _every_model_has_rows()
    database_url = _url(connection.settings_dict["NAME"])
    dump = tmp_path / "coxlease.dump"

    backup = _make("backup", f"FILE={dump}", database_url=database_url)
    assert backup.returncode == 0, backup.stderr
    assert dump.stat().st_mode & 0o077 == 0  # readable by its owner only
    restore = _make("restore", f"FILE={dump}", f"DB={restored_name}", database_url=database_url)
    assert restore.returncode == 0, restore.stderr

    assert any(_is_history(model) for model in _models())
    with psycopg.connect(database_url) as original, psycopg.connect(_url(restored_name)) as copy:
        for model in _models():
            assert _rows(copy, model) == _rows(original, model), model._meta.label

    again = _make("restore", f"FILE={dump}", f"DB={restored_name}", database_url=database_url)
    assert again.returncode != 0
    assert "already exists: restore into a new one" in again.stderr


def test_backups_are_refused_on_sqlite_with_a_pointer(tmp_path):
    result = _make("backup", database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert result.returncode != 0
    assert "Backups and restores work on PostgreSQL only" in result.stderr
    assert ".backup" in result.stderr
