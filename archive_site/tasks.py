"""Work that must not run in a request, on Django's tasks framework (backend: django-tasks-db, the database).

The worker is `python manage.py run_worker`. Its `tick` task enqueues itself
again every WORKER_TICK_SECONDS: it announces scheduled articles whose time
has come (change log), turns new log entries into webhook deliveries, and
starts the daily exports once a day.
"""

import datetime as dt
import logging

from django.conf import settings
from django.tasks import task
from django.utils import timezone

logger = logging.getLogger(__name__)


def tick_seconds():
    return getattr(settings, "WORKER_TICK_SECONDS", 5)


@task
def deliver_webhook(delivery_id):
    from archive_site.webhooks import WebhookDelivery, attempt

    delivery = WebhookDelivery.objects.select_related("webhook").filter(pk=delivery_id).first()
    if delivery is None or delivery.status in (WebhookDelivery.Status.DELIVERED, WebhookDelivery.Status.FAILED):
        return None
    wait = attempt(delivery)
    if wait is not None:
        deliver_webhook.using(run_after=timezone.now() + dt.timedelta(seconds=wait)).enqueue(delivery_id)
    return delivery.status


@task
def build_exports():
    from archive_site.exports import build_daily_exports

    return [export.name for export in build_daily_exports()]


@task
def tick():
    """The worker's clock: announce, dispatch, export; then the next tick."""
    from archive_site.exports import exports_due
    from archive_site.webhooks import dispatch
    from articles.changefeed import announce_due

    try:
        announce_due()
        for delivery in dispatch():
            deliver_webhook.enqueue(delivery.pk)
        if exports_due():
            build_exports.enqueue()
    finally:
        schedule_tick(delay=tick_seconds())
        prune_ticks()


def schedule_tick(delay=0):
    """Enqueue the next tick unless one is already waiting (several workers share one clock)."""
    from django_tasks_db.models import DBTaskResult

    if DBTaskResult.objects.filter(task_path=tick.module_path, status="READY").exists():
        return
    tick.using(run_after=timezone.now() + dt.timedelta(seconds=delay)).enqueue()


def prune_ticks(keep=dt.timedelta(hours=1)):
    """Finished ticks are noise in the task table: keep the last hour's."""
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(
        task_path=tick.module_path, status="SUCCESSFUL", finished_at__lt=timezone.now() - keep
    ).delete()
