"""Database housekeeping that works on SQLite and PostgreSQL alike."""

from django.db import connection


def refresh_statistics():
    """Let the query planner see new row counts after a bulk load (ANALYZE on both)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
