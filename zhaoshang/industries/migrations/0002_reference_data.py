"""GB/T 4754-2017 codes and the "542" clusters (sources: industries/data/SOURCES.md)."""

from django.db import migrations

from zhaoshang.industries.reference import load_clusters, load_industry_codes


def forwards(apps, schema_editor):
    load_industry_codes(apps)
    load_clusters(apps)


class Migration(migrations.Migration):
    dependencies = [("industries", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
