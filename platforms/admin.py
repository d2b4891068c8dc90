"""Editors' admin for messaging platforms and the ways their names are written."""

from django.contrib import admin

from archive_site.admin_site import (
    HiddenFromMenuMixin,
    JALALI_FORMFIELDS,
    KeySearchMixin,
    TimestampColumnsMixin,
    count_column,
    jalali_date_column,
    related_count,
)
from articles.models import Article, Statement
from platforms.models import Platform, PlatformAlias


class PlatformAliasInline(admin.TabularInline):
    model = PlatformAlias
    extra = 1
    fields = ["name"]


@admin.register(Platform)
class PlatformAdmin(TimestampColumnsMixin, KeySearchMixin, admin.ModelAdmin):
    formfield_overrides = JALALI_FORMFIELDS
    list_display = [
        "name", "latin_name", "origin", "kind", "parent", "launched_on_jalali", "shut_down_on_jalali",
        "statement_count", "article_count",
    ]
    list_select_related = ["parent"]
    search_fields = ["name", "latin_name", "aliases__name"]
    key_search_fields = ["name_key", "aliases__key"]
    list_filter = ["origin", "kind"]
    ordering = ["sort_name"]
    autocomplete_fields = ["parent"]
    fieldsets = [
        (None, {"fields": ["name", "latin_name", "slug", "origin", "kind", "parent", "website", "description"]}),
        (
            "زمان‌نما",
            {
                "fields": ["launched_on", "launched_on_jalali", "shut_down_on", "shut_down_on_jalali"],
                "description": "تاریخ‌ها را خورشیدی بنویسید، مثل ۱۳۹۶-۰۱-۱۵ (میلادی هم پذیرفته است). "
                "تاریخی را که مطمئن نیستید خالی بگذارید.",
            },
        ),
        ("سابقه", {"fields": ["created_at_jalali", "updated_at_jalali"]}),
    ]
    readonly_fields = ["launched_on_jalali", "shut_down_on_jalali", "created_at_jalali", "updated_at_jalali"]
    inlines = [PlatformAliasInline]

    launched_on_jalali = jalali_date_column("launched_on", "راه‌اندازی (خورشیدی)")
    shut_down_on_jalali = jalali_date_column("shut_down_on", "توقف (خورشیدی)")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _statement_count=related_count(Statement, "platforms"), _article_count=related_count(Article, "platforms")
            )
        )

    statement_count = count_column("_statement_count", "گفته‌ها")

    article_count = count_column("_article_count", "خبرها")


@admin.register(PlatformAlias)
class PlatformAliasAdmin(HiddenFromMenuMixin, KeySearchMixin, admin.ModelAdmin):
    list_display = ["name", "platform"]
    list_select_related = ["platform"]
    search_fields = ["name", "platform__name"]
    key_search_fields = ["key", "platform__name_key"]
    list_filter = ["platform"]
    autocomplete_fields = ["platform"]
