"""Database housekeeping that works on SQLite and PostgreSQL alike."""

from django.db import connection


def refresh_statistics():
    """Let the query planner see new row counts after a bulk load (ANALYZE on both)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def postgres_only(sql, reverse_sql):
    """A migration operation that runs SQL on PostgreSQL and does nothing on SQLite."""
    from django.db import migrations

    def run(statements):
        def apply(apps, schema_editor):
            if schema_editor.connection.vendor == "postgresql":
                for statement in statements:
                    schema_editor.execute(statement)

        return apply

    return migrations.RunPython(run(sql), run(reverse_sql))
