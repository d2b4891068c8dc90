"""Editors' admin for desks, articles, press conferences and statements.

Articles and conferences keep their history (django-simple-history): an editor
can see every earlier version and revert to it. An article's change form
carries the version it was opened on and is refused if someone saved the
article since, with the editor's input left in the form.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from archive_site.admin_site import (
    JALALI_FORMFIELDS,
    KeySearchMixin,
    TimestampColumnsMixin,
    count_column,
    jalali_datetime_column,
    related_count,
)
from archive_site.jalali import InvalidDate, current_jalali, format_month, jalali_month_range, start_of_day, step_month
from archive_site.search import parse_query, search_articles
from articles import services
from articles.models import Article, PressConference, Section, SectionAlias, Statement
from people.admin import ParticipationForm
from people.models import Participation

# How many Jalali months the "month of publication" filter offers.
MONTH_FILTER_SPAN = 12


@admin.register(Section)
class SectionAdmin(KeySearchMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "position", "article_count"]
    list_editable = ["position"]
    search_fields = ["name"]
    key_search_fields = ["name_key"]
    fields = ["name", "slug", "position", "description"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_article_count=related_count(Article, "section"))

    article_count = count_column("_article_count", "خبرها")


class StatementInline(admin.StackedInline):
    model = Statement
    extra = 0
    fields = ["speaker", "text", "conference", "platforms", "position"]
    autocomplete_fields = ["speaker", "conference", "platforms"]


class VisibilityFilter(admin.SimpleListFilter):
    """What a reader sees now: published, scheduled for later, or nothing."""

    title = "دیده‌شدن در سایت"
    parameter_name = "visible"

    def lookups(self, request, model_admin):
        return [("public", "دیده می‌شود"), ("scheduled", "زمان‌بندی‌شده"), ("hidden", "دیده نمی‌شود")]

    def queryset(self, request, queryset):
        if self.value() == "public":
            return queryset.filter(Article.public_q())
        if self.value() == "scheduled":
            return queryset.filter(pk__in=Article.objects.scheduled().values("pk"))
        if self.value() == "hidden":
            return queryset.exclude(Article.public_q())
        return queryset


class JalaliMonthFilter(admin.SimpleListFilter):
    """Month of publication in the Jalali calendar (Django's date filters are Gregorian)."""

    title = "ماه انتشار"
    parameter_name = "month"

    def lookups(self, request, model_admin):
        today = current_jalali()
        year, month = today.year, today.month
        choices = []
        for _ in range(MONTH_FILTER_SPAN):
            choices.append((f"{year:04d}-{month:02d}", format_month(year, month)))
            year, month = step_month(year, month, -1)
        return choices

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        try:
            year, month = (int(part) for part in self.value().split("-"))
            start, end = jalali_month_range(year, month)
        except (ValueError, InvalidDate) as error:
            raise IncorrectLookupParameters(error) from None
        return queryset.filter(published_at__gte=start_of_day(start), published_at__lt=start_of_day(end))


class ArticleAdminForm(forms.ModelForm):
    # The version this form was opened on; saving is refused if the article
    # has moved on since (optimistic locking, see clean()).
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    class Meta:
        model = Article
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "expected_version" in self.fields:
            # The row's version, not the instance's: the history view builds
            # this form on an old version, and reverting must not be refused.
            self.fields["expected_version"].initial = self._current_version(lock=False)

    def _current_version(self, *, lock):
        rows = Article.objects.filter(pk=self.instance.pk)
        if lock and transaction.get_connection().in_atomic_block:
            # Held until the save commits: no other edit can slip in between
            # this check and the write. (SQLite runs IMMEDIATE transactions,
            # which serialize writers anyway.)
            rows = rows.select_for_update()
        return rows.values_list("version", flat=True).first()

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and "expected_version" in self.fields:
            expected = cleaned.get("expected_version")
            current = self._current_version(lock=True)
            if expected is None or current != expected:
                raise forms.ValidationError(
                    "این خبر پس از باز کردن این فرم، جای دیگری ذخیره شده است (نسخهٔ %(current)s؛ فرم شما نسخهٔ "
                    "%(expected)s را ویرایش می‌کرد). برای این‌که کار کسی از دست نرود، ذخیره انجام نشد. "
                    "نوشته‌های شما در همین فرم مانده است: آن‌ها را نگه دارید، خبر را دوباره باز کنید "
                    "(و در «تاریخچه» تغییر دیگری را ببینید) و تغییرات خود را دوباره اعمال کنید.",
                    code="stale",
                    params={"current": current, "expected": expected or "نامعلوم"},
                )
        status = cleaned.get("status")
        # The database requires these times; an editor choosing the status in
        # the form means "now" when no time was given.
        if status == Article.Status.PUBLISHED and not cleaned.get("published_at"):
            cleaned["published_at"] = timezone.now()
        if status == Article.Status.WITHDRAWN and not cleaned.get("withdrawn_at"):
            cleaned["withdrawn_at"] = timezone.now()
        return cleaned


class WithdrawForm(forms.Form):
    note = forms.CharField(
        label="دلیل پس‌گرفتن", max_length=300, required=False, widget=forms.TextInput(attrs={"size": 80}),
        help_text="به خواننده‌ای که نشانی خبر را باز کند نشان داده نمی‌شود مگر قالب صفحه آن را بیاورد.",
    )


@admin.register(Article)
class ArticleAdmin(TimestampColumnsMixin, SimpleHistoryAdmin):
    formfield_overrides = JALALI_FORMFIELDS
    form = ArticleAdminForm
    list_display = [
        "headline", "section", "status", "published_at_jalali", "agency", "message_code", "statement_count",
        "version_number",
    ]
    list_display_links = ["headline"]
    list_select_related = ["section"]
    list_filter = ["status", VisibilityFilter, JalaliMonthFilter, "section", "agency"]
    search_fields = ["headline", "message_code"]
    search_help_text = "تیتر، لید، متن و گفته‌ها، به هر نوشتاری (با نیم‌فاصله یا بی آن)؛ یا کد پیام."
    autocomplete_fields = ["conference", "people", "organizations", "platforms"]
    inlines = [StatementInline]
    actions = ["send_to_review_action", "publish_now_action", "withdraw_action", "relink_mentions_action"]
    list_per_page = 50
    readonly_fields = [
        "published_at_jalali", "withdrawn_at_jalali", "created_at_jalali", "updated_at_jalali", "version_number",
        "source_name",
    ]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "section", "agency", "dateline_city", "reporter", "message_code"]}),
        ("متن", {"fields": ["lead", "body", "zwnj_repair"]}),
        (
            "انتشار",
            {
                "fields": [
                    "status", "published_at", "published_at_jalali", "withdrawn_at", "withdrawn_at_jalali",
                    "withdrawal_note",
                ],
                "description": "زمان‌ها را خورشیدی و به وقت تهران بنویسید، مثل ۱۴۰۵-۰۹-۰۷ ۱۴:۳۰ (میلادی هم پذیرفته است). "
                "زمانی در آینده، خبر را زمان‌بندی می‌کند.",
            },
        ),
        ("پیوندها", {"fields": ["conference", "people", "organizations", "platforms"]}),
        (
            "سابقه",
            {"fields": ["version_number", "created_at_jalali", "updated_at_jalali", "source_name", "expected_version"]},
        ),
    ]

    published_at_jalali = jalali_datetime_column("published_at", "زمان انتشار (خورشیدی)")
    withdrawn_at_jalali = jalali_datetime_column("withdrawn_at", "زمان پس‌گرفتن (خورشیدی)")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_statement_count=related_count(Statement, "article"))

    statement_count = count_column("_statement_count", "گفته‌ها")

    @admin.display(description="نسخه", ordering="version")
    def version_number(self, obj):
        return obj.version

    def get_search_results(self, request, queryset, search_term):
        # Django's own search finds codes and exact headlines; the archive's
        # full-text search finds words however they were typed.
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        query = parse_query(search_term)
        if not query.usable:
            return results, may_have_duplicates
        found = search_articles(Article.objects.all(), query).values("pk")
        return results | queryset.filter(pk__in=found), may_have_duplicates

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        # The form's clean() already refused a stale version with the editor's input kept;
        # save_article checks it again under the same lock and moves the version on. (A form
        # without the hidden field, as before, edits the row as it is now.)
        expected = form.cleaned_data.get("expected_version")
        services.save_article(
            article=obj, by=request.user,
            expected_version=expected if expected is not None else services.locked_version(obj),
            reason=getattr(obj, "_change_reason", ""),
        )

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # The change view runs in a transaction; reverting must too, so the
        # version check and the write see the same row.
        with transaction.atomic():
            return super().history_form_view(request, object_id, version_id, extra_context)

    def _run_workflow(self, request, queryset, service, done_message, **kwargs):
        done = failed = 0
        for article in queryset:
            try:
                service(article=article, by=request.user, **kwargs)
                done += 1
            except services.WorkflowError as error:
                failed += 1
                self.message_user(request, f"«{article}»: {error}", messages.WARNING)
        if done:
            self.message_user(request, done_message.format(count=done), messages.SUCCESS)
        return done, failed

    @admin.action(description="فرستادن برای بازبینی", permissions=["change"])
    def send_to_review_action(self, request, queryset):
        self._run_workflow(request, queryset, services.send_to_review, "{count} خبر برای بازبینی فرستاده شد.")

    @admin.action(description="انتشار هم‌اکنون", permissions=["change"])
    def publish_now_action(self, request, queryset):
        self._run_workflow(request, queryset, services.publish_article, "{count} خبر منتشر شد.")

    @admin.action(description="پیوند دوبارهٔ اشخاص، سازمان‌ها و سکوها", permissions=["change"])
    def relink_mentions_action(self, request, queryset):
        # The same service as `manage.py relink_mentions`: run after adding a
        # person or an alias, it only adds links, never removes an editor's.
        from articles.importer.services import relink_mentions

        result = relink_mentions(articles=queryset)
        self.message_user(
            request,
            f"{result.articles} خبر بررسی شد؛ {result.links_added} پیوند تازه در {result.articles_changed} خبر افزوده شد.",
            messages.SUCCESS,
        )

    @admin.action(description="پس‌گرفتن خبر", permissions=["change"])
    def withdraw_action(self, request, queryset):
        # Asks for the reason first, on a page of its own; the action runs
        # again with the answer.
        form = WithdrawForm(request.POST if "confirm" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._run_workflow(
                request, queryset, services.withdraw_article, "{count} خبر پس گرفته شد.", note=form.cleaned_data["note"]
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "پس‌گرفتن خبر",
            "opts": self.model._meta,
            "articles": queryset.select_related("section"),
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
        }
        return TemplateResponse(request, "admin/articles/article/withdraw_confirmation.html", context)


class ParticipationInline(admin.TabularInline):
    model = Participation
    form = ParticipationForm
    extra = 1
    fields = ["person", "role", "order"]
    autocomplete_fields = ["person", "role"]


@admin.register(PressConference)
class PressConferenceAdmin(TimestampColumnsMixin, KeySearchMixin, SimpleHistoryAdmin):
    formfield_overrides = JALALI_FORMFIELDS
    list_display = ["title", "host", "starts_at_jalali", "confirmed", "participant_count", "article_count"]
    list_select_related = ["host"]
    list_filter = ["confirmed", "host"]
    search_fields = ["title", "venue", "host__name"]
    key_search_fields = ["title_key", "host__name_key"]
    autocomplete_fields = ["host"]
    inlines = [ParticipationInline]
    actions = ["confirm_action"]
    readonly_fields = ["starts_at_jalali", "created_at_jalali", "updated_at_jalali"]
    fields = [
        "title", "slug", "host", "venue", "starts_at", "starts_at_jalali", "time_note", "description", "confirmed",
        "created_at_jalali", "updated_at_jalali",
    ]

    starts_at_jalali = jalali_datetime_column("starts_at", "زمان برگزاری (خورشیدی)")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _participant_count=related_count(Participation, "conference"),
                _article_count=related_count(Article, "conference"),
            )
        )

    participant_count = count_column("_participant_count", "حاضران")

    article_count = count_column("_article_count", "خبرها")

    @admin.action(description="تأیید نشست", permissions=["change"])
    def confirm_action(self, request, queryset):
        changed = services.confirm_conferences(conferences=queryset, by=request.user)
        self.message_user(request, f"{changed} نشست تأیید شد.", messages.SUCCESS)


@admin.register(Statement)
class StatementAdmin(KeySearchMixin, admin.ModelAdmin):
    list_display = ["excerpt", "speaker", "article", "conference", "platform_names"]
    list_select_related = ["speaker", "article", "conference"]
    list_filter = ["platforms", "conference__confirmed"]
    search_fields = ["text", "speaker__name", "article__headline"]
    key_search_fields = ["text_key", "speaker__name_key"]
    autocomplete_fields = ["speaker", "article", "conference", "platforms"]
    fields = ["article", "speaker", "text", "conference", "platforms", "position"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("platforms")

    @admin.display(description="سخن")
    def excerpt(self, obj):
        return obj.text if len(obj.text) <= 90 else obj.text[:90].rsplit(" ", 1)[0] + "…"

    @admin.display(description="دربارهٔ سکوها")
    def platform_names(self, obj):
        return "، ".join(platform.name for platform in obj.platforms.all()) or "—"

from articles import admin_suggestions  # noqa: E402,F401  (the review queue of import suggestions)


@admin.register(SectionAlias)
class SectionAliasAdmin(KeySearchMixin, admin.ModelAdmin):
    list_display = ["name", "section"]
    list_filter = ["section"]
    search_fields = ["name"]
    key_search_fields = ["key"]
