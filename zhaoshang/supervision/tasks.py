"""Scheduled jobs of 督导问效 (run by the huey consumer: ``manage.py run_huey``)."""

import datetime
import zoneinfo

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task

from . import bulletin

_SEVEN_ON_THE_FIRST = crontab(day="1", hour="7", minute="0")


def beijing_schedule(cron):
    """``cron`` read in Beijing time whatever clock huey keeps.

    huey hands periodic tasks a naive UTC timestamp unless ``HUEY["utc"]`` is False, so a bare
    ``crontab(hour="7")`` would fire at 15:00 in Xinxiang; converting first keeps "07:00 on the
    1st" meaning what the office expects in either setting.
    """
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)

    def validate(timestamp):
        if HUEY.utc:
            timestamp = timestamp.replace(tzinfo=datetime.UTC).astimezone(zone).replace(tzinfo=None)
        return cron(timestamp)

    return validate


@db_periodic_task(beijing_schedule(_SEVEN_ON_THE_FIRST))
def publish_monthly_bulletin():
    """At 07:00 on the 1st, publish last month's 月通报 unless it was already published.

    Returns the bulletin's id, or ``None`` when there was nothing to do.
    """
    published = bulletin.publish_last_month()
    return published.pk if published else None
