"""The newsroom dashboard (the admin's index): what waits for an editor, each a click from its list.

A fixed number of queries whatever the archive's size (pinned by a test).
"""

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from archive_site.jalali import format_datetime
from articles.models import Article, PressConference

PANEL_SIZE = 8


def _changelist(model, query=""):
    try:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    except NoReverseMatch:
        return None
    return f"{url}?{query}" if query else url


def _change(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def _articles(queryset, *, when):
    return [
        {"title": a.headline, "url": _change(a), "meta": f"{a.section.name} · {when(a)}"}
        for a in queryset.select_related("section")[:PANEL_SIZE]
    ]


def _import_suggestions():
    """The importer's suggestions waiting for review, if this installation has them (articles.ImportSuggestion)."""
    try:
        model = apps.get_model("articles", "ImportSuggestion")
    except LookupError:
        return None
    queryset = model._default_manager.all()
    field_names = {f.name for f in model._meta.get_fields()}
    if "status" in field_names:
        queryset = queryset.filter(status="pending")
    return {"count": queryset.count(), "url": _changelist(model)}


def dashboard(user):
    now = timezone.now()
    review = Article.objects.filter(status=Article.Status.REVIEW).order_by("updated_at", "pk")
    scheduled = Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=now).order_by("published_at")
    unconfirmed = PressConference.objects.filter(confirmed=False).select_related("host").order_by("created_at", "pk")
    imported = Article.objects.exclude(source_name="").order_by("-created_at", "-pk")
    panels = [
        {
            "key": "review", "title": "در انتظار بازبینی (قدیمی‌ترین در بالا)", "count": review.count(),
            "url": _changelist(Article, "status__exact=review"),
            "items": _articles(review, when=lambda a: "فرستاده " + format_datetime(a.updated_at, weekday=False)),
            "empty": "خبری در انتظار بازبینی نیست.",
        },
        {
            "key": "scheduled", "title": "زمان‌بندی‌شده", "count": scheduled.count(),
            "url": _changelist(Article, "visible=scheduled"),
            "items": _articles(scheduled, when=lambda a: "انتشار در " + format_datetime(a.published_at, weekday=True)),
            "empty": "خبری زمان‌بندی نشده است.",
        },
        {
            "key": "conferences", "title": "نشست‌های تأییدنشده", "count": unconfirmed.count(),
            "url": _changelist(PressConference, "confirmed__exact=0"),
            "items": [
                {"title": c.title, "url": _change(c), "meta": c.host.name if c.host else "میزبان نامعلوم"}
                for c in unconfirmed[:PANEL_SIZE]
            ],
            "empty": "همهٔ نشست‌ها تأیید شده‌اند.",
        },
        {
            "key": "imports", "title": "تازه‌های ورود از فایل", "count": imported.count(),
            "url": _changelist(Article),
            "items": _articles(imported, when=lambda a: f"{a.get_status_display()} · " + format_datetime(a.created_at, weekday=False)),
            "empty": "هنوز خبری از فایل وارد نشده است.",
        },
    ]
    suggestions = _import_suggestions()
    if suggestions is not None:
        panels.insert(3, {
            "key": "suggestions", "title": "پیشنهادهای ورود در انتظار", "count": suggestions["count"],
            "url": suggestions["url"], "items": [], "empty": "پیشنهادی در انتظار نیست.",
        })
    activity = [
        {
            "who": (e.user.get_full_name() or e.user.get_username()) if e.user_id else "سامانه",
            "what": e.get_change_message() if e.is_change() else ("افزودن" if e.is_addition() else "حذف"),
            "object": e.object_repr,
            "url": e.get_admin_url() or None,
            "when": format_datetime(e.action_time, weekday=False),
        }
        for e in LogEntry.objects.select_related("user", "content_type").order_by("-action_time", "-pk")[:12]
    ]
    return {"panels": panels, "activity": activity}
