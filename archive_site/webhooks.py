"""Webhooks: partners register a URL, events and a secret with their key; the worker posts each change, signed.

- Events come from the change log, in its order (`dispatch`, run by the
  worker's tick): `article.published`, `article.updated`, `article.withdrawn`.
  The body is the change feed's entry (the article with its default fields).
- Signature: `X-Archive-Signature: sha256=<hex>`, the HMAC-SHA256 of
  `<X-Archive-Timestamp>.<body>` under the webhook's secret. A receiver checks
  it and refuses old timestamps (replays).
- A delivery answered by anything but 2xx (or not answered in
  WEBHOOK_TIMEOUT_SECONDS) is retried with exponential backoff
  (WEBHOOK_RETRY_BASE_SECONDS × 2^n) up to WEBHOOK_MAX_ATTEMPTS; every attempt
  is logged (the admin shows deliveries and attempts).
- Deliveries are made by the worker (`manage.py run_worker`), never in a request.
"""

import datetime as dt
import hashlib
import hmac
import ipaddress
import json
import socket
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

EVENTS = ("article.published", "article.updated", "article.withdrawn")
USER_AGENT = "press-archive-webhooks/1.1"


def setting(name, default):
    return getattr(settings, name, default)


class Webhook(models.Model):
    key = models.ForeignKey("archive_site.APIKey", on_delete=models.CASCADE, related_name="webhooks", verbose_name="کلید")
    url = models.URLField("نشانی", max_length=500)
    events = models.JSONField("رویدادها", default=list)
    secret = models.CharField("راز امضا", max_length=200)
    active = models.BooleanField("فعال", default=True)
    created_at = models.DateTimeField("ساخته‌شده", auto_now_add=True)

    class Meta:
        app_label = "archive_site"
        verbose_name = "وب‌هوک"
        verbose_name_plural = "وب‌هوک‌ها"
        ordering = ["-created_at"]

    def __str__(self):
        return self.url


class WebhookDelivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "در صف"
        RETRYING = "retrying", "در انتظار تلاش دوباره"
        DELIVERED = "delivered", "رسیده"
        FAILED = "failed", "نرسید (تلاش‌ها تمام شد)"

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries", verbose_name="وب‌هوک")
    event = models.CharField("رویداد", max_length=40)
    article_id = models.BigIntegerField("خبر")
    body = models.TextField("بدنه")
    status = models.CharField("وضعیت", max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField("تلاش‌ها", default=0)
    next_attempt_at = models.DateTimeField("تلاش بعدی", null=True, blank=True)
    created_at = models.DateTimeField("ساخته‌شده", auto_now_add=True)
    delivered_at = models.DateTimeField("رسیدن", null=True, blank=True)

    class Meta:
        app_label = "archive_site"
        verbose_name = "تحویل وب‌هوک"
        verbose_name_plural = "تحویل‌های وب‌هوک"
        ordering = ["-id"]

    def __str__(self):
        return f"{self.event} #{self.article_id} → {self.webhook.url}"


class WebhookAttempt(models.Model):
    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="log", verbose_name="تحویل")
    at = models.DateTimeField("زمان", auto_now_add=True)
    status_code = models.PositiveSmallIntegerField("پاسخ HTTP", null=True, blank=True)
    error = models.CharField("خطا", max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField("مدت (ms)", default=0)

    class Meta:
        app_label = "archive_site"
        verbose_name = "تلاش"
        verbose_name_plural = "تلاش‌ها"
        ordering = ["at", "id"]


class WebhookDispatchState(models.Model):
    """Where in the change log dispatch has got to (one row)."""

    txid = models.BigIntegerField(default=-1)
    entry_id = models.BigIntegerField(default=0)

    class Meta:
        app_label = "archive_site"


def sign(secret, timestamp, body):
    return "sha256=" + hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def backoff(attempts):
    """Seconds before attempt `attempts + 1`."""
    return setting("WEBHOOK_RETRY_BASE_SECONDS", 30) * 2 ** (attempts - 1)


def host_is_private(url):
    """Whether the URL's host resolves to loopback, private or link-local addresses (refused unless allowed)."""
    host = urlsplit(url).hostname or ""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except OSError:
        return False  # unresolvable: the attempt fails and is logged
    return any(
        (ip := ipaddress.ip_address(a.split("%")[0])).is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved
        for a in addresses
    )


def dispatch(batch=200):
    """Create deliveries for log entries past the dispatch position; returns them (the caller enqueues)."""
    from archive_site.api.changes import latest_per_article, page, render_entries
    from articles.api import article_queryset, public_articles

    created = []
    with transaction.atomic():
        state = WebhookDispatchState.objects.select_for_update().filter(pk=1).first()
        if state is None:
            # First run: start from the end of the log, not its whole history.
            from archive_site.api.changes import visible_entries

            last = visible_entries().order_by("-txid", "-id").values_list("txid", "id").first() or (-1, 0)
            WebhookDispatchState.objects.create(pk=1, txid=last[0], entry_id=last[1])
            return created
        hooks = list(Webhook.objects.filter(active=True, key__revoked_at__isnull=True))
        cursor = [state.txid, state.entry_id]
        while True:
            entries = page(cursor, batch)
            more = len(entries) > batch
            entries = entries[:batch]
            if not entries:
                break
            cursor = [entries[-1].txid, entries[-1].id]
            entries = latest_per_article(entries)
            if hooks:
                ids = [e.article_id for e in entries]
                articles = {a.pk: a for a in article_queryset(public_articles().filter(pk__in=ids), set())}
                context = {"request": None, "show_fields": set()}
                for entry in render_entries(entries, articles, context):
                    event = f"article.{entry['type']}"
                    body = json.dumps({"event": event, "change": entry}, ensure_ascii=False)
                    created += WebhookDelivery.objects.bulk_create(
                        [WebhookDelivery(webhook=h, event=event, article_id=entry["id"], body=body)
                         for h in hooks if event in h.events]
                    )
            if not more:
                break
        WebhookDispatchState.objects.filter(pk=1).update(txid=cursor[0], entry_id=cursor[1])
    return created


def attempt(delivery):
    """One POST of `delivery`; records the attempt and decides what comes next. Returns the seconds to wait, or None."""
    hook = delivery.webhook
    body = delivery.body.encode()
    timestamp = str(int(time.time()))
    request = urllib.request.Request(hook.url, data=body, method="POST", headers={
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        "X-Archive-Event": delivery.event,
        "X-Archive-Delivery": str(delivery.pk),
        "X-Archive-Timestamp": timestamp,
        "X-Archive-Signature": sign(hook.secret, timestamp, body),
    })
    started = time.monotonic()
    status_code, error = None, ""
    if not setting("WEBHOOK_ALLOW_PRIVATE_HOSTS", False) and host_is_private(hook.url):
        error = "نشانی به شبکهٔ خصوصی یا خود سرور می‌رسد؛ پذیرفته نیست."
    else:
        try:
            with urllib.request.urlopen(request, timeout=setting("WEBHOOK_TIMEOUT_SECONDS", 10)) as response:
                status_code = response.status
        except urllib.error.HTTPError as failure:
            status_code = failure.code
        except (urllib.error.URLError, OSError, ValueError) as failure:
            error = str(getattr(failure, "reason", failure))[:300]
    WebhookAttempt.objects.create(
        delivery=delivery, status_code=status_code, error=error, duration_ms=int((time.monotonic() - started) * 1000)
    )
    delivery.attempts += 1
    if status_code is not None and 200 <= status_code < 300:
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = WebhookDelivery.Status.DELIVERED, timezone.now(), None
        wait = None
    elif delivery.attempts >= setting("WEBHOOK_MAX_ATTEMPTS", 6):
        delivery.status, delivery.next_attempt_at = WebhookDelivery.Status.FAILED, None
        wait = None
    else:
        wait = backoff(delivery.attempts)
        delivery.status = WebhookDelivery.Status.RETRYING
        delivery.next_attempt_at = timezone.now() + dt.timedelta(seconds=wait)
    delivery.save(update_fields=["attempts", "status", "delivered_at", "next_attempt_at"])
    return wait
