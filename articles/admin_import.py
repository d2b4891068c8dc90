"""The admin page that imports wire files: upload, preview, confirm.

Editors are not at a terminal. The page takes .txt files or a .zip of them,
shows what each would become (a dry run of the same service the command
uses), keeps the texts in the session, and imports them when confirmed.
"""

import base64
import datetime as dt
import secrets
import time
import zipfile
import zlib
from functools import wraps
from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods, require_POST

from archive_site.jalali import InvalidDate
from archive_site.text import to_persian_digits
from articles.importer.linking import AliasIndex
from articles.importer.parser import WireError, decode_wire
from articles import roles
from articles.importer.services import FAILED, IMPORTED, UNCHANGED, UPDATED, ImportResult, import_article, parse_published_at
from articles.models import Article

# The most files one upload may carry (also DATA_UPLOAD_MAX_NUMBER_FILES, so
# Django's own refusal says the same number).
MAX_FILES = 200
SESSION_KEY = "article_import"
PREVIEW_LIFETIME_SECONDS = 60 * 60


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data]
        files = [f for f in files if f]
        if not files:
            raise forms.ValidationError("دست‌کم یک فایل برگزینید.", code="required")
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"در هر بار بیش از {MAX_FILES} فایل پذیرفته نیست.")
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class ImportUploadForm(forms.Form):
    files = MultipleFileField(
        label="فایل‌های خبر", help_text="یک یا چند فایل متنی ‎.txt‎ با کدگذاری UTF-8، یا یک فایل ‎.zip‎ از آن‌ها."
    )
    publish = forms.BooleanField(label="بی‌درنگ منتشر شود", required=False,
                                 help_text="بی این گزینه، خبرها «در انتظار بازبینی» می‌مانند.")
    published_at = forms.CharField(
        label="زمان انتشار", required=False, max_length=40,
        help_text="خورشیدی یا میلادی، مانند ۱۴۰۵-۰۹-۰۷ ۱۴:۳۰؛ خالی یعنی اکنون.",
        widget=forms.TextInput(attrs={"dir": "ltr", "placeholder": "1405-09-07 14:30"}),
    )

    def clean_published_at(self):
        value = self.cleaned_data["published_at"].strip()
        if not value:
            return None
        try:
            return parse_published_at(value)
        except InvalidDate as error:
            raise forms.ValidationError(str(error)) from None


def _editor_view(view):
    """Admin login required, and the permission to add articles."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.has_perm("articles.add_article"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return admin.site.admin_view(wrapped)


def _context(request, **extra):
    return {
        **admin.site.each_context(request), "opts": Article._meta, "title": "ورود خبر از فایل",
        "max_file_bytes": settings.IMPORT_MAX_FILE_BYTES, **extra,
    }


def _admin_url(name, *args):
    # The articles admin is registered elsewhere; the page works without it.
    try:
        return reverse(f"admin:articles_article_{name}", args=args)
    except NoReverseMatch:
        return ""


def _rows(results):
    return [
        {"result": result, "url": _admin_url("change", result.article_id) if result.article_id and not result.dry_run else ""}
        for result in results
    ]


def uploaded_wire_files(uploads):
    """(name, data or None, error) for each .txt uploaded or inside an uploaded .zip."""
    limit = settings.IMPORT_MAX_FILE_BYTES
    for upload in uploads:
        name = upload.name
        suffix = PurePosixPath(name).suffix.lower()
        if suffix == ".zip":
            yield from _zip_members(upload, limit)
        elif suffix == ".txt":
            if upload.size > limit:
                yield name, None, f"فایل بیش از اندازه بزرگ است ({upload.size:,} بایت؛ بیشینه {limit:,} بایت)."
            else:
                yield name, upload.read(), ""
        else:
            yield name, None, "فقط فایل ‎.txt‎ یا ‎.zip‎ پذیرفته است."


def _zip_members(upload, limit):
    try:
        archive = zipfile.ZipFile(upload)
        members = [
            info for info in archive.infolist()
            if not info.is_dir() and info.filename.lower().endswith(".txt")
            and "__MACOSX" not in info.filename and not PurePosixPath(info.filename).name.startswith(".")
        ]
    except (zipfile.BadZipFile, OSError):
        yield upload.name, None, "فایل zip خراب است یا zip نیست."
        return
    if not members:
        yield upload.name, None, "فایل zip هیچ فایل ‎.txt‎ ندارد."
        return
    if len(members) > MAX_FILES:
        yield upload.name, None, f"فایل zip بیش از {MAX_FILES} فایل دارد."
        return
    for info in members:
        name = f"{upload.name}/{info.filename}"
        if info.file_size > limit:
            yield name, None, f"فایل بیش از اندازه بزرگ است ({info.file_size:,} بایت؛ بیشینه {limit:,} بایت)."
            continue
        try:
            with archive.open(info) as member:
                data = member.read(limit + 1)  # the size in the header may lie
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError):
            yield name, None, "این فایل درون zip خوانده نشد (خراب یا رمزدار)."
            continue
        if len(data) > limit:
            yield name, None, f"فایل بیش از اندازه بزرگ است (بیشینه {limit:,} بایت)."
            continue
        yield name, data, ""


def _summary(results):
    counts = {outcome: sum(1 for r in results if r.outcome == outcome) for outcome in (IMPORTED, UPDATED, UNCHANGED, FAILED)}
    return counts


def _pack(text):
    """Previewed text as the session keeps it: compressed (Persian wire copy shrinks about fivefold)."""
    return base64.b64encode(zlib.compress(text.encode(), 6)).decode("ascii")


def _unpack(packed):
    return zlib.decompress(base64.b64decode(packed)).decode()


@require_http_methods(["GET", "POST"])
def upload_view(request):
    if request.method == "GET":
        return TemplateResponse(request, "admin/import/upload.html", _context(request, form=ImportUploadForm()))
    form = ImportUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return TemplateResponse(request, "admin/import/upload.html", _context(request, form=form), status=400)
    if form.cleaned_data["publish"] and not roles.can_publish(request.user):
        # Roles (issue 9): a reporter's import waits in review; publishing is an editor's.
        form.add_error("publish", "انتشار با دبیران است؛ بی این گزینه خبرها در انتظار بازبینی وارد می‌شوند.")
        return TemplateResponse(request, "admin/import/upload.html", _context(request, form=form), status=403)
    publish, published_at = form.cleaned_data["publish"], form.cleaned_data["published_at"]
    index = AliasIndex.load()
    results, keep = [], []
    # A preview runs in the request: bounded in bytes and in time per upload,
    # so one upload cannot hold a worker past the server's timeout (nor, on
    # SQLite, the write lock for long). What does not fit is named, not lost.
    byte_budget, deadline = settings.IMPORT_PREVIEW_MAX_BYTES, time.monotonic() + settings.IMPORT_PREVIEW_SECONDS
    previewed_bytes = 0
    for name, data, error in uploaded_wire_files(form.cleaned_data["files"]):
        if error:
            results.append(ImportResult(source_name=name, error=error, dry_run=True))
            continue
        if previewed_bytes + len(data) > byte_budget:
            results.append(ImportResult(source_name=name, dry_run=True, error=to_persian_digits(
                f"حجم روی‌هم فایل‌های این بارگذاری از {byte_budget // 1024:,} کیلوبایت گذشت؛ "
                "این فایل را در بارگذاری جداگانه‌ای بفرستید.")))
            continue
        if time.monotonic() > deadline:
            results.append(ImportResult(source_name=name, dry_run=True, error=to_persian_digits(
                f"پیش‌نمایش این بارگذاری از {settings.IMPORT_PREVIEW_SECONDS} ثانیه گذشت؛ "
                "این فایل بررسی نشد، آن را در بارگذاری جداگانه‌ای بفرستید.")))
            continue
        previewed_bytes += len(data)
        try:
            text = decode_wire(data, max_bytes=settings.IMPORT_MAX_FILE_BYTES)
        except WireError as wire_error:
            results.append(ImportResult(source_name=name, error=str(wire_error), dry_run=True))
            continue
        result = import_article(text=text, source_name=name, publish=publish, published_at=published_at,
                                dry_run=True, index=index)
        if not result.failed:
            keep.append({"name": name, "text": _pack(text)})
        results.append(result)
    token = ""
    if keep:
        token = secrets.token_urlsafe(16)
        # One pending preview per editor: a new upload replaces the last one.
        request.session[SESSION_KEY] = {
            "token": token, "files": keep, "publish": publish, "created": time.time(),
            "published_at": published_at.isoformat() if published_at else None,
        }
    return TemplateResponse(request, "admin/import/preview.html", _context(
        request, rows=_rows(results), token=token, publish=publish, published_at=published_at,
        importable=len(keep), counts=_summary(results),
    ))


@require_POST
def confirm_view(request):
    pending = request.session.get(SESSION_KEY)
    token = request.POST.get("token", "")
    if (not pending or not token or not secrets.compare_digest(pending.get("token", ""), token)
            or time.time() - pending.get("created", 0) > PREVIEW_LIFETIME_SECONDS):
        messages.error(request, "پیش‌نمایش این ورود دیگر معتبر نیست (منقضی یا جایگزین شده)؛ فایل‌ها را دوباره بارگذاری کنید.")
        return redirect("article_import:upload")
    del request.session[SESSION_KEY]
    published_at = dt.datetime.fromisoformat(pending["published_at"]) if pending["published_at"] else None
    index = AliasIndex.load()
    results = [
        import_article(text=_unpack(item["text"]), source_name=item["name"],
                       publish=pending["publish"] and roles.can_publish(request.user),
                       published_at=published_at, index=index)
        for item in pending["files"]
    ]
    counts = _summary(results)
    text = to_persian_digits(f"{counts[IMPORTED]} خبر وارد شد، {counts[UPDATED]} به‌روز شد، "
                             f"{counts[UNCHANGED]} بدون تغییر ماند و {counts[FAILED]} ناموفق بود.")
    messages.add_message(request, messages.ERROR if counts[FAILED] else messages.SUCCESS, text)
    return TemplateResponse(request, "admin/import/done.html", _context(
        request, rows=_rows(results), counts=counts, changelist_url=_admin_url("changelist"),
    ))


upload = _editor_view(upload_view)
confirm = _editor_view(confirm_view)
