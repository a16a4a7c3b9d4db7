"""A trigram index so that enterprise name searches (LIKE '%…%') use an index on PostgreSQL.

Django's icontains compares UPPER(name); the index is on that expression. SQLite has no
such index and needs none at our sizes.
"""

from django.db import migrations

from zhaoshang.core.db import postgres_only


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0002_stage_total_index"),
        ("enterprises", "0003_industry_action_free_text"),
    ]

    operations = [
        postgres_only(
            [
                "CREATE EXTENSION IF NOT EXISTS pg_trgm",
                "CREATE INDEX IF NOT EXISTS enterprise_name_trgm ON enterprises_enterprise "
                "USING gin (UPPER(name::text) gin_trgm_ops)",
            ],
            [
                "DROP INDEX IF EXISTS enterprise_name_trgm",
            ],
        ),
    ]
