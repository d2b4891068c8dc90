"""The newsroom's admin helpers: history rows and word-level diffs, preview, article states, the rich-text widget.

Kept out of admin.py so the admin stays a thin layer over these and the
services; tests call these directly too.
"""

import datetime as dt
import difflib
import re

from django import forms
from django.conf import settings
from django.core import signing
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from archive_site.jalali import format_datetime
from archive_site.text import to_persian_digits
from articles.body import body_text
from articles.models import Article, Statement

HISTORY_M2M_FIELDS = ("people", "organizations", "platforms")
# The fields a version's history compares, in the form's order; keys and
# bookkeeping (version, timestamps, source file) are not an editor's change.
HISTORY_FIELDS = (
    "headline", "slug", "section", "agency", "dateline_city", "reporter", "message_code", "lead", "body",
    "status", "published_at", "withdrawn_at", "withdrawal_note", "withdrawal_note_public", "conference",
)
TEXT_FIELDS = {"headline", "lead", "body", "withdrawal_note"}
HISTORY_LIMIT = 200

PREVIEW_SALT = "articles.preview"
PREVIEW_MAX_AGE = int(getattr(settings, "PREVIEW_LINK_MAX_AGE", 24 * 60 * 60))

_FILE_REASON_RE = re.compile(r"(ورود (?:دوباره )?از فایل )(.+)$")


def normalize_newlines(text):
    return (text or "").replace("\r\n", "\n").replace("\r", "\n")


def label(name):
    return str(Article._meta.get_field(name).verbose_name)


# States.

def state_label(article, now=None):
    """The article's state in plain words: a scheduled article is not called «منتشرشده»."""
    now = now or timezone.now()
    if article.status == Article.Status.PUBLISHED and article.published_at and article.published_at > now:
        return f"زمان‌بندی‌شده برای {format_datetime(article.published_at, weekday=False)}"
    return article.get_status_display()


# History.

def historical_link_ids(record, name):
    """Ids of the objects `record` (a historical article) was linked to through m2m field `name`."""
    field = Article._meta.get_field(name)
    target = field.m2m_reverse_field_name()
    return sorted(getattr(row, f"{target}_id") for row in getattr(record, name).all())


def _links_by_record(records):
    """{history_id: {field: sorted ids}} for `records`, one query per m2m field (not per record)."""
    links = {record.history_id: {name: [] for name in HISTORY_M2M_FIELDS} for record in records}
    history_model = Article.history.model
    for name in HISTORY_M2M_FIELDS:
        target = Article._meta.get_field(name).m2m_reverse_field_name()
        rows = getattr(history_model, name).model.objects.filter(history__in=list(links)).values_list(
            "history_id", f"{target}_id"
        )
        for history_id, target_id in rows:
            links[history_id][name].append(target_id)
    for per_record in links.values():
        for ids in per_record.values():
            ids.sort()
    return links


def _snapshot(record, links):
    values = {name: getattr(record, Article._meta.get_field(name).attname) for name in HISTORY_FIELDS}
    values.update(links[record.history_id])
    return values


def _changed(before, after):
    if before is None:
        return []
    return [name for name in (*HISTORY_FIELDS, *HISTORY_M2M_FIELDS) if before[name] != after[name]]


def clean_reason(reason):
    """A change reason as an editor reads it: a file's name, never the server's path to it."""
    if not reason:
        return ""
    match = _FILE_REASON_RE.match(reason)
    if match:
        return match[1] + match[2].replace("\\", "/").rsplit("/", 1)[-1]
    return reason


def _records(article):
    return list(
        article.history.select_related("history_user")
        .order_by("history_date", "history_id")[:HISTORY_LIMIT]
    )


def history_rows(article):
    """The article's versions, newest first: number, Jalali time, who, why, which fields (labels) changed."""
    rows = []
    previous = None
    records = _records(article)
    links = _links_by_record(records)
    for record in records:
        snapshot = _snapshot(record, links)
        changed = _changed(previous, snapshot)
        rows.append({
            "record": record,
            "version": to_persian_digits(record.version),
            "when": format_datetime(record.history_date, weekday=True),
            "who": _user_name(record.history_user),
            "reason": clean_reason(record.history_change_reason) or ("ایجاد" if previous is None else "ویرایش"),
            "changed": [label(name) for name in changed],
            "first": previous is None,
        })
        previous = snapshot
    rows.reverse()
    return rows


def _user_name(user):
    if user is None:
        return "سامانه"
    return user.get_full_name() or user.get_username()


def _display(name, value):
    if value is None or value == "" or value == []:
        return "—"
    field = Article._meta.get_field(name)
    if name in HISTORY_M2M_FIELDS:
        model = field.related_model
        names = dict(model._default_manager.filter(pk__in=value).values_list("pk", "name"))
        return "، ".join(names.get(pk, f"(حذف‌شده {to_persian_digits(pk)})") for pk in value)
    if field.is_relation:
        obj = field.related_model._default_manager.filter(pk=value).first()
        return str(obj) if obj else f"(حذف‌شده {to_persian_digits(value)})"
    if isinstance(value, dt.datetime):
        return format_datetime(value, weekday=False)
    if isinstance(value, bool):
        return "بله" if value else "خیر"
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    return str(value)


def word_diff(before, after):
    """HTML of a word-level diff: removed words in <del>, added in <ins>, the rest as it was (escaped)."""
    old, new = (before or "").split(), (after or "").split()
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape(" ".join(old[i1:i2])))
            continue
        if op in ("delete", "replace"):
            parts.append(f"<del>{escape(' '.join(old[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{escape(' '.join(new[j1:j2]))}</ins>")
    return mark_safe(" ".join(parts))


def version_changes(record):
    """What `record` changed against the version before it: label, before, after (a word diff for text)."""
    earlier = (
        record.instance_type.history.filter(id=record.id)
        .filter(history_date__lt=record.history_date)
        .order_by("-history_date", "-history_id")
        .first()
    )
    links = _links_by_record([r for r in (record, earlier) if r is not None])
    after = _snapshot(record, links)
    before = _snapshot(earlier, links) if earlier else {name: None for name in after}
    changes = []
    for name in (*HISTORY_FIELDS, *HISTORY_M2M_FIELDS):
        if earlier is not None and before[name] == after[name]:
            continue
        if earlier is None and after[name] in (None, "", [], False):
            continue
        entry = {"label": label(name), "before": _display(name, before[name]), "after": _display(name, after[name])}
        if name in TEXT_FIELDS:
            old_text = body_text(before[name] or "") if name == "body" else before[name]
            new_text = body_text(after[name] or "") if name == "body" else after[name]
            entry["diff"] = word_diff(old_text, new_text)
        changes.append(entry)
    return changes


# Preview.

def preview_link(article):
    """A signed address showing `article` as readers would see it, valid for PREVIEW_MAX_AGE seconds."""
    token = signing.dumps({"article": article.pk}, salt=PREVIEW_SALT, compress=True)
    return reverse("articles:preview", kwargs={"token": token})


def _article_for_preview(pk):
    from people.models import Person
    from platforms.models import Platform

    return (
        Article.objects.filter(pk=pk)
        .select_related("section", "conference", "conference__host")
        .prefetch_related(
            Prefetch("people", queryset=Person.objects.order_by("sort_name")),
            "organizations",
            Prefetch("platforms", queryset=Platform.objects.order_by("sort_name")),
            Prefetch(
                "statements",
                queryset=Statement.objects.select_related("speaker").prefetch_related("platforms").order_by("position", "id"),
            ),
            "corrections",
        )
        .first()
    )


def render_preview(request, article, *, share_link=None, can_share=False, expires_at=None):
    """The public article template for any state, marked as a preview and kept out of search engines."""
    article = _article_for_preview(article.pk)
    response = render(
        request,
        "articles/preview.html",
        {
            "article": article,
            "conference": article.conference,
            "related": [],
            "canonical_url": settings.SITE_URL + article.get_absolute_url(),
            "json_ld": {},
            "preview_state": state_label(article),
            "share_link": share_link,
            "can_share": can_share,
            "link_hours": to_persian_digits(PREVIEW_MAX_AGE // 3600),
            "expires_at": expires_at,
        },
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


def preview_by_link(request, token):
    """The signed preview link: anyone holding it may read the article until it expires."""
    try:
        data = signing.loads(token, salt=PREVIEW_SALT, max_age=PREVIEW_MAX_AGE)
    except signing.SignatureExpired:
        return render(request, "articles/preview_expired.html", status=410)
    except signing.BadSignature:
        raise Http404("پیوند پیش‌نمایش نادرست است.") from None
    article = Article.objects.filter(pk=data.get("article")).first()
    if article is None or article.status == Article.Status.WITHDRAWN:
        # A withdrawn article is not shown to anyone outside the newsroom.
        return render(request, "articles/preview_expired.html", status=410)
    return render_preview(request, article)


# The rich-text editor.

class RichTextWidget(forms.Textarea):
    """A textarea the admin's script turns into a small right-to-left rich-text editor.

    Without the script it stays a textarea of plain paragraphs; either way
    the server sanitises what comes back (articles/body.py).
    """

    template_name = "articles/widgets/rich_text.html"  # in the app: the form renderer reads app templates

    class Media:
        js = ["admin/js/rich_text.js"]

    def __init__(self, attrs=None):
        super().__init__({"rows": 18, "dir": "rtl", "class": "rich-text-source", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        from articles.body import render_body

        context["widget"]["html"] = render_body(value or "")
        return context
