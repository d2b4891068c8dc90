"""Partner API keys: shown once, stored only as a hash, revocable, with daily use counts."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

KEY_PREFIX_LENGTH = 8


def hash_key(raw_key):
    return hashlib.sha256(raw_key.encode()).hexdigest()


class APIKeyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class APIKey(models.Model):
    name = models.CharField("نام شریک", max_length=200, help_text="سازمان یا شخصی که این کلید را می‌گیرد.")
    contact = models.CharField("راه تماس", max_length=200, blank=True)
    prefix = models.CharField("پیشوند", max_length=KEY_PREFIX_LENGTH, unique=True, editable=False)
    hashed_key = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("ساخته‌شده", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False, verbose_name="سازنده"
    )
    revoked_at = models.DateTimeField("باطل‌شده", null=True, blank=True)
    last_used_at = models.DateTimeField("آخرین استفاده", null=True, blank=True, editable=False)

    objects = APIKeyQuerySet.as_manager()

    class Meta:
        verbose_name = "کلید API"
        verbose_name_plural = "کلیدهای API"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, *, name, contact="", created_by=None):
        """A new key and its raw value; the raw value exists only in this return."""
        raw = secrets.token_urlsafe(32)
        key = cls.objects.create(
            name=name, contact=contact, created_by=created_by, prefix=raw[:KEY_PREFIX_LENGTH], hashed_key=hash_key(raw)
        )
        return key, raw

    @property
    def is_active(self):
        return self.revoked_at is None

    def revoke(self):
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])


class APIKeyUsage(models.Model):
    key = models.ForeignKey(APIKey, on_delete=models.CASCADE, related_name="usage", verbose_name="کلید")
    day = models.DateField("روز")
    requests = models.PositiveIntegerField("درخواست‌ها", default=0)

    class Meta:
        verbose_name = "مصرف روزانه"
        verbose_name_plural = "مصرف روزانه"
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["key", "day"], name="api_key_usage_unique_day")]


# Partner API 1.1: webhooks and daily exports (their own modules).
from archive_site.exports import Export  # noqa: E402, F401
from archive_site.webhooks import Webhook, WebhookAttempt, WebhookDelivery, WebhookDispatchState  # noqa: E402, F401
