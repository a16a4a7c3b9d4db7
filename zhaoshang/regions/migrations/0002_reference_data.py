"""新乡市's divisions and its 13 development zones (sources: regions/data/SOURCES.md)."""

from django.db import migrations

from zhaoshang.regions.reference import load_regions, load_zones


def forwards(apps, schema_editor):
    load_regions(apps)
    load_zones(apps)


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial"), ("industries", "0002_reference_data")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
