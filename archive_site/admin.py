"""Admin for partner API keys: issue (the raw key is shown once), revoke, and see each key's daily use."""

from django.contrib import admin, messages
from django.db.models import Q, Sum
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from archive_site.models import APIKey, APIKeyUsage


class APIKeyUsageInline(admin.TabularInline):
    model = APIKeyUsage
    fields = ["day", "requests"]
    readonly_fields = ["day", "requests"]
    extra = 0
    max_num = 0
    can_delete = False
    ordering = ["-day"]
    verbose_name_plural = "درخواست‌ها در هر روز"

    def get_queryset(self, request):
        # The latest two months are enough to read a partner's pattern of use.
        return super().get_queryset(request).filter(day__gte=timezone.localdate() - timezone.timedelta(days=60))


@admin.register(APIKey)
class APIKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "state", "created_at", "last_used_at", "requests_today", "requests_total"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "contact", "prefix"]
    readonly_fields = ["prefix", "created_at", "created_by", "last_used_at", "revoked_at"]
    fields = ["name", "contact", "prefix", "created_at", "created_by", "last_used_at", "revoked_at"]
    inlines = [APIKeyUsageInline]
    actions = ["revoke_keys"]

    @admin.display(description="وضعیت")
    def state(self, key):
        if key.is_active:
            return "فعال"
        return format_html("<strong>باطل‌شده</strong>")

    @admin.display(description="درخواست‌های امروز")
    def requests_today(self, key):
        return key.requests_today or 0

    @admin.display(description="همهٔ درخواست‌ها")
    def requests_total(self, key):
        return key.requests_total or 0

    def get_queryset(self, request):
        today = timezone.localdate()
        return (
            super()
            .get_queryset(request)
            .annotate(
                requests_total=Sum("usage__requests"),
                requests_today=Sum("usage__requests", filter=Q(usage__day=today)),
            )
        )

    def get_inlines(self, request, obj):
        # A key being issued has no use yet.
        return self.inlines if obj is not None else []

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        # A new key: made by APIKey.issue(); its raw value is shown now and never again.
        key, raw = APIKey.issue(name=obj.name, contact=obj.contact, created_by=request.user)
        obj.pk = key.pk
        obj.__dict__.update({f.attname: getattr(key, f.attname) for f in APIKey._meta.concrete_fields})
        # Shown on the answer to this request only (response_add), never put in
        # a message: messages travel in a cookie and would carry the key.
        obj._raw_key = raw

    def response_add(self, request, obj, post_url_continue=None):
        raw = getattr(obj, "_raw_key", None)
        if raw is None:
            return super().response_add(request, obj, post_url_continue)
        response = TemplateResponse(request, "admin/archive_site/apikey/issued.html", {
            **self.admin_site.each_context(request), "opts": self.model._meta, "key": obj, "raw_key": raw,
            "title": "کلید API ساخته شد",
            "changelist_url": reverse("admin:archive_site_apikey_changelist"),
            "change_url": reverse("admin:archive_site_apikey_change", args=[obj.pk]),
        })
        response["Cache-Control"] = "no-store"
        return response

    def save_related(self, request, form, formsets, change):
        # The usage inline is read-only; nothing else relates to a key.
        if change:
            super().save_related(request, form, formsets, change)

    @admin.action(description="باطل کردن کلیدهای برگزیده")
    def revoke_keys(self, request, queryset):
        count = 0
        for key in queryset.filter(revoked_at__isnull=True):
            key.revoke()
            count += 1
        self.message_user(request, f"{count} کلید باطل شد.", messages.SUCCESS)

    def has_delete_permission(self, request, obj=None):
        # Revoke instead: a deleted key would take its record of use with it.
        return False



# Partner API 1.1: webhooks with their delivery log, and the daily exports (read-only records of the worker's work).

from archive_site.models import Export, Webhook, WebhookAttempt, WebhookDelivery  # noqa: E402


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    list_display = ["url", "key", "events", "active", "created_at"]
    list_filter = ["active"]
    search_fields = ["url", "key__name"]
    fields = ["key", "url", "events", "active", "created_at"]
    readonly_fields = ["key", "url", "events", "created_at"]  # the partner registers them; editors may pause one

    def has_add_permission(self, request):
        return False


class WebhookAttemptInline(admin.TabularInline):
    model = WebhookAttempt
    fields = ["at", "status_code", "error", "duration_ms"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["id", "event", "article_id", "webhook", "status", "attempts", "created_at", "delivered_at", "next_attempt_at"]
    list_filter = ["status", "event"]
    search_fields = ["webhook__url", "article_id"]
    list_select_related = ["webhook"]
    fields = ["webhook", "event", "article_id", "status", "attempts", "created_at", "delivered_at", "next_attempt_at", "body"]
    inlines = [WebhookAttemptInline]


@admin.register(Export)
class ExportAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "day", "items", "size", "sha256", "created_at"]
    list_filter = ["kind"]
