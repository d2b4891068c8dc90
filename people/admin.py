"""Editors' admin for people, organizations, their roles and who sat at which conference."""

from django import forms
from django.contrib import admin

from archive_site.admin_site import (
    HiddenFromMenuMixin,
    JALALI_FORMFIELDS,
    KeySearchMixin,
    TimestampColumnsMixin,
    count_column,
    jalali_date_column,
    jalali_datetime_column,
    related_count,
)
from articles.models import Article
from people.models import Organization, OrganizationAlias, Participation, Person, PersonAlias, Role


class PersonAliasInline(admin.TabularInline):
    model = PersonAlias
    extra = 1
    fields = ["name"]
    verbose_name = "نام دیگر (نوشتار دیگر یا نام خانوادگی تنها)"


class RoleInline(admin.TabularInline):
    formfield_overrides = JALALI_FORMFIELDS
    model = Role
    extra = 1
    fields = ["title", "organization", "start_date", "end_date"]
    autocomplete_fields = ["organization"]
    show_change_link = True


class OrganizationAliasInline(admin.TabularInline):
    model = OrganizationAlias
    extra = 1
    fields = ["name"]


@admin.register(Person)
class PersonAdmin(TimestampColumnsMixin, KeySearchMixin, admin.ModelAdmin):
    list_display = ["name", "current_roles", "alias_count", "article_count", "updated_at_jalali"]
    search_fields = ["name", "aliases__name"]
    key_search_fields = ["name_key", "aliases__key"]
    list_filter = ["roles__organization"]
    ordering = ["sort_name"]
    fields = ["name", "surname", "slug", "bio", "created_at_jalali", "updated_at_jalali"]
    readonly_fields = ["created_at_jalali", "updated_at_jalali"]
    inlines = [PersonAliasInline, RoleInline]
    list_per_page = 50


    def get_queryset(self, request):
        # Counts come from the list's own query, and roles in one prefetch,
        # so the page costs the same at any length.
        return (
            super()
            .get_queryset(request)
            .annotate(
                _alias_count=related_count(PersonAlias, "person"),
                _article_count=related_count(Article, "people"),
            )
            .prefetch_related("roles__organization")
        )

    @admin.display(description="سمت‌های کنونی")
    def current_roles(self, obj):
        current = [str(role) for role in obj.roles.all() if role.end_date is None]
        return "؛ ".join(current) or "—"

    alias_count = count_column("_alias_count", "نام‌های دیگر")

    article_count = count_column("_article_count", "خبرها")


@admin.register(Organization)
class OrganizationAdmin(TimestampColumnsMixin, KeySearchMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "role_count", "article_count"]
    list_select_related = ["parent"]
    search_fields = ["name", "aliases__name"]
    key_search_fields = ["name_key", "aliases__key"]
    list_filter = ["kind"]
    ordering = ["sort_name"]
    autocomplete_fields = ["parent"]
    fields = ["name", "slug", "kind", "parent", "website", "description", "created_at_jalali", "updated_at_jalali"]
    readonly_fields = ["created_at_jalali", "updated_at_jalali"]
    inlines = [OrganizationAliasInline]


    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(_role_count=related_count(Role, "organization"), _article_count=related_count(Article, "organizations"))
        )

    role_count = count_column("_role_count", "سمت‌ها")

    article_count = count_column("_article_count", "خبرها")


class RoleStatusFilter(admin.SimpleListFilter):
    title = "وضعیت سمت"
    parameter_name = "held"

    def lookups(self, request, model_admin):
        return [("current", "کنونی"), ("ended", "پایان‌یافته")]

    def queryset(self, request, queryset):
        if self.value() == "current":
            return queryset.filter(end_date__isnull=True)
        if self.value() == "ended":
            return queryset.filter(end_date__isnull=False)
        return queryset


@admin.register(Role)
class RoleAdmin(KeySearchMixin, admin.ModelAdmin):
    formfield_overrides = JALALI_FORMFIELDS
    list_display = ["title", "person", "organization", "start_date_jalali", "end_date_jalali"]
    list_select_related = ["person", "organization"]
    search_fields = ["title", "person__name", "organization__name"]
    key_search_fields = ["title_key", "person__name_key", "organization__name_key"]
    list_filter = [RoleStatusFilter, "organization"]
    autocomplete_fields = ["person", "organization"]
    fields = ["person", "organization", "title", "start_date", "start_date_jalali", "end_date", "end_date_jalali"]
    readonly_fields = ["start_date_jalali", "end_date_jalali"]

    start_date_jalali = jalali_date_column("start_date", "از تاریخ (خورشیدی)")
    end_date_jalali = jalali_date_column("end_date", "تا تاریخ (خورشیدی)")


class ParticipationForm(forms.ModelForm):
    """A participant's role must be one of that person's own roles."""

    class Meta:
        model = Participation
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        person, role = cleaned.get("person"), cleaned.get("role")
        if person and role and role.person_id != person.pk:
            self.add_error("role", f"این سمت از آنِ {role.person} است، نه {person}.")
        return cleaned


@admin.register(Participation)
class ParticipationAdmin(HiddenFromMenuMixin, KeySearchMixin, admin.ModelAdmin):
    form = ParticipationForm
    list_display = ["person", "role", "conference", "conference_time"]
    list_select_related = ["person", "role__organization", "conference"]
    search_fields = ["person__name", "conference__title"]
    key_search_fields = ["person__name_key", "conference__title_key"]
    list_filter = ["conference__confirmed"]
    autocomplete_fields = ["conference", "person", "role"]

    conference_time = jalali_datetime_column("conference__starts_at", "زمان نشست")


@admin.register(PersonAlias)
class PersonAliasAdmin(HiddenFromMenuMixin, KeySearchMixin, admin.ModelAdmin):
    list_display = ["name", "person"]
    list_select_related = ["person"]
    search_fields = ["name", "person__name"]
    key_search_fields = ["key", "person__name_key"]
    autocomplete_fields = ["person"]


@admin.register(OrganizationAlias)
class OrganizationAliasAdmin(HiddenFromMenuMixin, KeySearchMixin, admin.ModelAdmin):
    list_display = ["name", "organization"]
    list_select_related = ["organization"]
    search_fields = ["name", "organization__name"]
    key_search_fields = ["key", "organization__name_key"]
    autocomplete_fields = ["organization"]
