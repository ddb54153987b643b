from django.db import migrations

# On PostgreSQL the view log refuses UPDATE and DELETE from anyone, whatever code runs. SQLite
# (a first look only) goes without: Django's test runner empties its tables with DELETE.
APPEND_ONLY = """
CREATE FUNCTION coxlease_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END
$$;
CREATE TRIGGER coxlease_recordview_append_only
    BEFORE UPDATE OR DELETE ON coxlease_recordview
    FOR EACH ROW EXECUTE FUNCTION coxlease_append_only();
"""
DROP_APPEND_ONLY = """
DROP TRIGGER coxlease_recordview_append_only ON coxlease_recordview;
DROP FUNCTION coxlease_append_only();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('coxlease', '0006_user_session_generation'),
    ]

    operations = [
        migrations.RunPython(_on_postgresql(APPEND_ONLY), _on_postgresql(DROP_APPEND_ONLY)),
    ]
