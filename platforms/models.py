from django.db import models
from django.db.models import F, Q

from archive_site.addresses import site_path
from archive_site.aliases import Alias
from archive_site.slugs import unique_slug
from archive_site.text import normalize_key, sort_key


class Platform(models.Model):
    class Origin(models.TextChoices):
        DOMESTIC = "domestic", "داخلی"
        FOREIGN = "foreign", "خارجی"

    class Kind(models.TextChoices):
        MESSENGER = "messenger", "پیام‌رسان"
        UNOFFICIAL_CLIENT = "unofficial_client", "نسخهٔ غیررسمی"
        SOCIAL_NETWORK = "social_network", "شبکهٔ اجتماعی"

    name = models.CharField("نام", max_length=100, help_text="نام فارسی، همان‌طور که در خبرها می‌آید.")
    latin_name = models.CharField("نام لاتین", max_length=100, blank=True)
    slug = models.SlugField("نامک", max_length=80, unique=True, allow_unicode=True, blank=True)
    origin = models.CharField("خاستگاه", max_length=10, choices=Origin.choices)
    kind = models.CharField("گونه", max_length=20, choices=Kind.choices, default=Kind.MESSENGER)
    parent = models.ForeignKey(
        "self", verbose_name="سکوی مادر", null=True, blank=True, on_delete=models.PROTECT,
        related_name="clients", help_text="برای نسخه‌های غیررسمی: سکویی که این نسخه از آن ساخته شده است.",
    )
    launched_on = models.DateField("تاریخ راه‌اندازی", null=True, blank=True)
    shut_down_on = models.DateField("تاریخ توقف", null=True, blank=True)
    website = models.URLField("وب‌گاه", blank=True)
    description = models.TextField("توضیح", blank=True)
    name_key = models.CharField(max_length=200, editable=False, db_index=True)
    sort_name = models.CharField(max_length=255, editable=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "سکو"
        verbose_name_plural = "سکوها"
        ordering = ["sort_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(shut_down_on__isnull=True) | Q(launched_on__isnull=True) | Q(shut_down_on__gte=F("launched_on")),
                name="platform_shutdown_after_launch",
                violation_error_message="تاریخ توقف نمی‌تواند پیش از تاریخ راه‌اندازی باشد.",
            ),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="platform_not_own_parent"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Keys are derived from the display name; deriving them here keeps admin,
        # import and fixtures alike.
        self.name_key = normalize_key(self.name)
        self.sort_name = sort_key(self.name)
        if not self.slug:
            self.slug = unique_slug(self, self.latin_name or self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        # Without reverse() (archive_site.addresses): lists and API answers link many platforms.
        return site_path(f"platforms/{self.slug}/")


class PlatformAlias(Alias):
    """Another way the platform is written: 'پیام رسان گپ', 'Telegram', 'تلگرام'."""

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="aliases", verbose_name="سکو")
    # Platform names are short: these columns were made narrower than the other aliases'.
    name = models.CharField("نام دیگر", max_length=100)
    key = models.CharField(max_length=200, editable=False, db_index=True)

    class Meta:
        verbose_name = "نام دیگر سکو"
        verbose_name_plural = "نام‌های دیگر سکو"
        constraints = [models.UniqueConstraint(fields=["platform", "key"], name="platform_alias_unique")]
