"""The review queue of what the import discovered: accept, merge into an existing entry, or reject."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from archive_site.admin_site import KeySearchMixin
from articles.importer.suggestions import accept_suggestion, merge_suggestion, reject_suggestion
from articles.models import ImportSuggestion, Section
from people.models import Organization, Person
from platforms.models import Platform

_TARGETS = {
    ImportSuggestion.Kind.PERSON: Person,
    ImportSuggestion.Kind.ORGANIZATION: Organization,
    ImportSuggestion.Kind.PLATFORM: Platform,
    ImportSuggestion.Kind.SECTION: Section,
}


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(queryset=Person.objects.none(), label="ادغام در")

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = _TARGETS[kind].objects.order_by("sort_name")


@admin.register(ImportSuggestion)
class ImportSuggestionAdmin(KeySearchMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "role", "seen_count", "status", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["name", "role"]
    key_search_fields = ["name_key"]
    readonly_fields = ["kind", "name", "role", "evidence", "status", "seen_count", "article_links", "person",
                       "organization", "platform", "section", "created_at", "decided_at", "decided_by"]
    fields = readonly_fields
    actions = ["accept_action", "merge_action", "reject_action"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("decided_by")

    def has_add_permission(self, request):
        return False  # suggestions come from imports

    def has_delete_permission(self, request, obj=None):
        return False  # a rejection is kept, so the name is not suggested again

    @admin.display(description="خبرها")
    def article_links(self, obj):
        return format_html_join(
            mark_safe("<br>"), '<a href="{}">{}</a>',
            ((reverse("admin:articles_article_change", args=[a.pk]), a.headline) for a in obj.articles.all()[:20]),
        ) or "—"

    def _decide(self, request, queryset, service, done, **kwargs):
        count = 0
        for suggestion in queryset:
            try:
                service(suggestion=suggestion, by=request.user, **kwargs)
                count += 1
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, f"«{suggestion.name}»: {' '.join(getattr(error, 'messages', [str(error)]))}",
                                  messages.WARNING)
        if count:
            self.message_user(request, done.format(count=count), messages.SUCCESS)

    @admin.action(description="پذیرفتن (ساختن شخص، سازمان یا گروه خبری)", permissions=["change"])
    def accept_action(self, request, queryset):
        self._decide(request, queryset, accept_suggestion,
                     "{count} پیشنهاد پذیرفته شد و خبرهایی که نامش را دارند دوباره پیوند داده شدند.")

    @admin.action(description="رد کردن (دوباره پیشنهاد نمی‌شود)", permissions=["change"])
    def reject_action(self, request, queryset):
        self._decide(request, queryset, reject_suggestion, "{count} پیشنهاد رد شد.")

    @admin.action(description="ادغام در موردی که در آرشیو هست", permissions=["change"])
    def merge_action(self, request, queryset):
        kinds = set(queryset.values_list("kind", flat=True))
        if len(kinds) != 1:
            self.message_user(request, "برای ادغام، پیشنهادهایی از یک گونه برگزینید.", messages.WARNING)
            return None
        kind = kinds.pop()
        form = MergeForm(request.POST if "confirm" in request.POST else None, kind=kind)
        if form.is_bound and form.is_valid():
            self._decide(request, queryset, merge_suggestion, "{count} پیشنهاد ادغام شد.", into=form.cleaned_data["target"])
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "ادغام پیشنهاد در موردی موجود",
            "opts": self.model._meta,
            "suggestions": queryset,
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
        }
        return TemplateResponse(request, "admin/articles/importsuggestion/merge.html", context)
