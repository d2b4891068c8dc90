"""Editors' admin for desks, articles, press conferences and statements.

Articles and conferences keep their history (django-simple-history): an editor
can see every earlier version and revert to it. An article's change form
carries the version it was opened on and is refused if someone saved the
article since, with the editor's input left in the form.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
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
from archive_site.text import to_persian_digits
from articles import newsroom, roles, services
from articles.body import canonical_body
from articles.models import Article, Correction, PressConference, Section, SectionAlias, Statement
from articles.newsroom import HISTORY_M2M_FIELDS, RichTextWidget, historical_link_ids, normalize_newlines
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


class CorrectionInline(admin.StackedInline):
    """Corrections readers see under a published article, with their Jalali date."""

    model = Correction
    extra = 0
    fields = ["note", "created_at_jalali", "created_by"]
    readonly_fields = ["created_at_jalali", "created_by"]
    verbose_name = "اصلاحیه"
    verbose_name_plural = "اصلاحیه‌ها (در صفحهٔ خبر با تاریخ نشان داده می‌شوند)"

    created_at_jalali = jalali_datetime_column("created_at", "زمان")

    def has_add_permission(self, request, obj=None):
        # Only a published article is corrected in public.
        return super().has_add_permission(request, obj) and obj is not None and obj.status == Article.Status.PUBLISHED


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

    # Set by ArticleAdmin.get_form: who is editing (roles decide the statuses
    # offered and allowed) and, on the revert page, the version reverted to.
    request_user = None
    history_record = None

    class Meta:
        model = Article
        fields = "__all__"
        widgets = {"body": RichTextWidget}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # What the article was when the form was built (from the instance,
        # which on the revert page is the old version).
        self._original = {name: getattr(self.instance, name, None) for name in ("lead", "body", "published_at", "withdrawn_at")}
        if self.instance.pk and "expected_version" in self.fields:
            # The row's version, not the instance's: the history view builds
            # this form on an old version, and reverting must not be refused.
            self.fields["expected_version"].initial = self._current_version(lock=False)
        if self.history_record is not None and not self.is_bound:
            # A revert restores the links as they were at that version, not as they are now.
            for name in HISTORY_M2M_FIELDS:
                if name in self.fields:
                    self.initial[name] = historical_link_ids(self.history_record, name)
        if "status" in self.fields and self.request_user is not None:
            current = self._stored_state()["status"] if self.instance.pk else Article.Status.DRAFT
            allowed = roles.allowed_statuses(self.request_user, current)
            self.fields["status"].choices = [c for c in self.fields["status"].choices if c[0] in allowed]

    def _stored_state(self):
        """Status and time of the article as stored now (not as the form's instance says)."""
        if not hasattr(self, "_stored"):
            self._stored = (
                Article.objects.filter(pk=self.instance.pk).values("status", "published_at").first()
                if self.instance.pk else None
            ) or {"status": Article.Status.DRAFT, "published_at": None}
        return self._stored

    def clean_slug(self):
        slug = self.cleaned_data.get("slug")
        # A slug the editor typed must not be another article's: the address
        # carries the id, but two articles under one name confuse readers and editors.
        if slug and slug != self.initial.get("slug"):
            taken = Article.objects.filter(slug=slug).exclude(pk=self.instance.pk).values_list("pk", flat=True).first()
            if taken:
                raise forms.ValidationError(
                    "این نامک از آنِ خبر شمارهٔ %(pk)s است؛ نامک دیگری بنویسید یا خالی بگذارید تا از تیتر ساخته شود.",
                    code="duplicate", params={"pk": to_persian_digits(taken)},
                )
        return slug

    def clean_lead(self):
        return normalize_newlines(self.cleaned_data.get("lead"))

    def clean_body(self):
        body = canonical_body(self.cleaned_data.get("body"))
        # The rich editor gives plain wire copy back as paragraphs: the same text is kept as it was.
        if self._original["body"] is not None and canonical_body(self._original["body"]) == body:
            return self._original["body"]
        return body

    def _keep_minute(self, name):
        """A time the form shows to the minute keeps its stored seconds when the minute is unchanged."""
        value, before = self.cleaned_data.get(name), self._original.get(name)
        if value and before and value.replace(second=0, microsecond=0) == before.replace(second=0, microsecond=0):
            return before
        return value

    def clean_published_at(self):
        return self._keep_minute("published_at")

    def clean_withdrawn_at(self):
        return self._keep_minute("withdrawn_at")

    @cached_property
    def changed_data(self):
        # Django compares what was typed with the stored value as text: a
        # browser's CRLF and the seconds the form does not show would count as
        # changes. A field is changed only if its cleaned value differs.
        changed = super().changed_data
        if not hasattr(self, "cleaned_data"):
            return changed
        same = set()
        for name in ("lead", "body", "published_at", "withdrawn_at"):
            if name in changed and name in self.cleaned_data and self.cleaned_data[name] == self._original[name]:
                same.add(name)
        return [name for name in changed if name not in same]

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
        if status and self.request_user is not None:
            stored = self._stored_state()
            error = roles.transition_error(
                self.request_user, old_status=stored["status"], new_status=status,
                was_live=roles.is_live(stored["status"], stored["published_at"]),
            )
            if error:
                self.add_error("status", error)
        if status == Article.Status.PUBLISHED:
            missing = roles.missing_for_publishing(
                headline=cleaned.get("headline"), lead=cleaned.get("lead"), body=cleaned.get("body")
            )
            if missing:
                raise forms.ValidationError(
                    "برای انتشار، خبر باید " + "، ".join(missing) + " داشته باشد.", code="incomplete"
                )
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
        help_text="برای سابقه نگه داشته می‌شود؛ به خوانندگان فقط اگر گزینهٔ زیر را بزنید نشان داده می‌شود.",
    )
    note_public = forms.BooleanField(
        label="دلیل را در صفحهٔ خبرِ پس‌گرفته به خوانندگان نشان بده", required=False,
    )


@admin.register(Article)
class ArticleAdmin(TimestampColumnsMixin, SimpleHistoryAdmin):
    formfield_overrides = JALALI_FORMFIELDS
    form = ArticleAdminForm
    list_display = [
        "headline", "section", "state_label", "published_at_jalali", "message_code", "statement_count",
    ]
    list_display_links = ["headline"]
    list_select_related = ["section"]
    list_filter = ["status", VisibilityFilter, JalaliMonthFilter, "section", "agency"]
    search_fields = ["headline", "message_code"]
    search_help_text = "تیتر، لید، متن و گفته‌ها، به هر نوشتاری (با نیم‌فاصله یا بی آن)؛ یا کد پیام."
    autocomplete_fields = ["conference", "people", "organizations", "platforms"]
    inlines = [StatementInline, CorrectionInline]
    object_history_form_template = "admin/articles/article/revert.html"
    actions = ["send_to_review_action", "publish_now_action", "withdraw_action", "relink_mentions_action"]
    list_per_page = 50
    readonly_fields = [
        "state_label", "published_at_jalali", "withdrawn_at_jalali", "created_at_jalali", "updated_at_jalali", "version_number",
        "source_name",
    ]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "section", "agency", "dateline_city", "reporter", "message_code"]}),
        ("متن", {"fields": ["lead", "body", "zwnj_repair"]}),
        (
            "انتشار",
            {
                "fields": [
                    "state_label", "status", "published_at", "published_at_jalali", "withdrawn_at", "withdrawn_at_jalali",
                    "withdrawal_note", "withdrawal_note_public",
                ],
                "description": "زمان‌ها را خورشیدی و به وقت تهران بنویسید، مثل <bdi dir=\"ltr\">۱۴۰۵-۰۹-۰۷ ۱۴:۳۰</bdi> (میلادی هم پذیرفته است)، یا از تقویم کنار خانه برگزینید. "
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

    @admin.display(description="وضعیت کنونی", ordering="status")
    def state_label(self, obj):
        return newsroom.state_label(obj)
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

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        match = request.resolver_match
        record = None
        if match and match.url_name == "articles_article_simple_history" and obj is not None:
            # simple-history's revert URL passes (object_id, version_id) positionally.
            version_id = match.kwargs.get("version_id") or (match.args[1] if len(match.args) > 1 else None)
            if str(version_id).isdigit():
                record = Article.history.filter(history_id=int(version_id), id=obj.pk).first()
        return type(form.__name__, (form,), {"request_user": request.user, "history_record": record})

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or not obj.pk:
            return True
        # Decided on the stored article (the revert page's object is an old version).
        stored = Article.objects.filter(pk=obj.pk).only("status").first() or obj
        return roles.can_edit(request.user, stored)

    def has_publish_permission(self, request):
        return roles.can_publish(request.user)

    def has_withdraw_permission(self, request):
        return roles.can_withdraw(request.user)

    def save_model(self, request, obj, form, change):
        reverting = form.history_record is not None
        if change and not reverting and not form.has_changed():
            # Nothing the editor changed: no new version, no history record.
            return
        if not change:
            return super().save_model(request, obj, form, change)
        if reverting and not getattr(obj, "_change_reason", None):
            obj._change_reason = f"بازگرداندن به نسخهٔ {to_persian_digits(form.history_record.version)}"
        # The form's clean() already refused a stale version with the editor's input kept;
        # save_article checks it again under the same lock and moves the version on. (A form
        # without the hidden field, as before, edits the row as it is now.)
        expected = form.cleaned_data.get("expected_version")
        services.save_article(
            article=obj, by=request.user,
            expected_version=expected if expected is not None else services.locked_version(obj),
            reason=getattr(obj, "_change_reason", ""),
        )
        if "status" in form.changed_data:
            services.log_activity(by=request.user, objects=[obj], message=f"وضعیت: {obj.get_status_display()}")

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        added_correction = False
        for instance in instances:
            if isinstance(instance, Correction):
                if instance.pk is None:
                    instance.created_by = request.user
                    added_correction = True
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()
        if added_correction:
            services.touch_for_correction(Article.objects.get(pk=form.instance.pk), by=request.user)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # The change view runs in a transaction; reverting must too, so the
        # version check and the write see the same row.
        record = get_object_or_404(Article.history, id=object_id, history_id=version_id)
        context = {"history_record": record, "version_label": to_persian_digits(record.version), **(extra_context or {})}
        with transaction.atomic():
            return super().history_form_view(request, object_id, version_id, context)

    def history_form_view_title(self, request, obj):
        return f"بازگرداندن «{obj}» به نسخه‌ای پیشین"

    def history_view(self, request, object_id, extra_context=None):
        article = self.get_object(request, object_id)
        if article is None:
            raise Http404("خبری با این شناسه نیست.")
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": f"تاریخچهٔ «{article}»",
            "opts": self.model._meta,
            "original": article,
            "versions": newsroom.history_rows(article),
            "can_revert": self.has_change_permission(request, article),
        }
        return TemplateResponse(request, "admin/articles/article/history.html", context)

    def diff_view(self, request, object_id, version_id):
        article = self.get_object(request, object_id)
        if article is None or not self.has_view_or_change_permission(request, article):
            raise Http404("خبری با این شناسه نیست.")
        record = get_object_or_404(Article.history, id=article.pk, history_id=version_id)
        context = {
            **self.admin_site.each_context(request),
            "title": f"تغییرات نسخهٔ {to_persian_digits(record.version)} از «{article}»",
            "opts": self.model._meta,
            "original": article,
            "record": record,
            "changes": newsroom.version_changes(record),
            "can_revert": self.has_change_permission(request, article),
        }
        return TemplateResponse(request, "admin/articles/article/diff.html", context)

    def preview_view(self, request, object_id):
        article = self.get_object(request, object_id)
        if article is None or not self.has_view_or_change_permission(request, article):
            raise Http404("خبری با این شناسه نیست.")
        link = None
        if request.method == "POST" and roles.can_publish(request.user):
            link = request.build_absolute_uri(newsroom.preview_link(article))
            services.log_activity(by=request.user, objects=[article], message="ساخت پیوند پیش‌نمایش")
        return newsroom.render_preview(request, article, share_link=link, can_share=roles.can_publish(request.user))

    def get_urls(self):
        wrap = self.admin_site.admin_view
        info = self.opts.app_label, self.opts.model_name
        return [
            path("<path:object_id>/preview/", wrap(self.preview_view), name="%s_%s_preview" % info),
            path("<path:object_id>/history/<int:version_id>/diff/", wrap(self.diff_view), name="%s_%s_diff" % info),
            *super().get_urls(),
        ]

    def view_on_site(self, obj):
        # Public only when readers can see it; otherwise the staff preview.
        if obj.is_public:
            return obj.get_absolute_url()
        return reverse("admin:articles_article_preview", args=[obj.pk])

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

    @admin.action(description="انتشار هم‌اکنون", permissions=["publish"])
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

    @admin.action(description="پس‌گرفتن خبر", permissions=["withdraw"])
    def withdraw_action(self, request, queryset):
        # Asks for the reason first, on a page of its own; the action runs
        # again with the answer.
        form = WithdrawForm(request.POST if "confirm" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._run_workflow(
                request, queryset, services.withdraw_article, "{count} خبر پس گرفته شد.",
                note=form.cleaned_data["note"], note_public=form.cleaned_data["note_public"],
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

    def has_confirm_permission(self, request):
        return request.user.has_perm(roles.CONFIRM_CONFERENCE)

    article_count = count_column("_article_count", "خبرها")

    @admin.action(description="تأیید نشست", permissions=["confirm"])
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
