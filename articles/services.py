"""Writes to articles and conferences that carry an editorial rule.

The admin's actions and change form, the wire import and the commands call
these, so the workflow (draft -> review -> published -> withdrawn) and the
optimistic locking hold the same way everywhere. Every edit of an existing
article is written by `save_article`, the one place its `version` moves on:
a change form (or an import) working on an older version is refused, not
silently overwritten.
"""

from django.core.exceptions import ValidationError
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import transaction
from django.utils import timezone

from articles import roles
from articles.models import Article, Correction, PressConference

# Columns an edit writes. The statements key follows the statements (see
# articles.signals) and is written only there: an article saved from memory
# must not put back the key it was read with.
EDITED_COLUMNS = tuple(
    field.name for field in Article._meta.concrete_fields if not field.primary_key and field.name != "statements_key"
)


class WorkflowError(Exception):
    """A status change the article's current status (or the user's role) does not allow; the message is in Persian."""


def log_activity(*, by, objects, message):
    """Record `message` for each of `objects` in the activity log (the admin's LogEntry): who, when, what."""
    objects = [obj for obj in objects if obj is not None]
    if by is None or not getattr(by, "pk", None) or not objects:
        return
    LogEntry.objects.log_actions(by.pk, objects, CHANGE, change_message=message, single_object=len(objects) == 1)


def _require(user, permission, message):
    if user is None or not user.has_perm(permission):
        raise WorkflowError(message)


def check_publishable(article):
    missing = roles.missing_for_publishing(headline=article.headline, lead=article.lead, body=article.body)
    if missing:
        raise WorkflowError("برای انتشار، خبر باید " + "، ".join(missing) + " داشته باشد.")


class StaleVersion(ValidationError):
    """The article was saved elsewhere after this edit began; nothing was written. A ValidationError, so
    forms and the import report it as a refused edit, not a server error."""

    def __init__(self, *, current, expected):
        super().__init__(
            "این خبر پس از آغاز این ویرایش جای دیگری ذخیره شده است (نسخهٔ %(current)s؛ این ویرایش بر نسخهٔ "
            "%(expected)s بود). برای این‌که کار کسی از دست نرود، ذخیره انجام نشد.",
            code="stale",
            params={"current": current, "expected": expected},
        )
        self.current, self.expected = current, expected


def locked_version(article):
    """The article's version in the database, its row locked until the transaction ends."""
    return Article.objects.select_for_update().filter(pk=article.pk).values_list("version", flat=True).get()


@transaction.atomic
def save_article(*, article, by, expected_version, reason="", fields=None):
    """Write an edit of an existing article: lock its row, check the version, move it on, record who and why.

    `expected_version` is the version the edit was made on (a change form's
    hidden field, or the row as the service read it): if the row has moved on
    since, StaleVersion is raised and nothing is written. `fields` limits the
    write to those columns (a status change); by default every column an edit
    may touch. `by` (a user, or None for the import) and `reason` go into the
    article's history.
    """
    current = locked_version(article)
    if current != expected_version:
        raise StaleVersion(current=current, expected=expected_version)
    # The row is locked, so a plain increment is safe; an F() expression would
    # also end up, unevaluated, in the history record.
    article.version = current + 1
    if by is not None:
        article._history_user = by
    if reason:
        article._change_reason = reason
    columns = EDITED_COLUMNS if fields is None else [*fields, "version", "updated_at"]
    article.save(update_fields=columns)
    return article


def _save_status_change(*, article, by, reason, fields):
    """A status change, as an edit of the row just read under lock, recorded in the activity log."""
    save_article(article=article, by=by, expected_version=article.version, reason=reason, fields=fields)
    log_activity(by=by, objects=[article], message=reason)
    return article


def _locked(article):
    """The article's current row, locked until the transaction ends (a status is decided on fresh data)."""
    return Article.objects.select_for_update().get(pk=article.pk)


@transaction.atomic
def send_to_review(*, article, by):
    """A draft goes to the desk editor for review."""
    current = _locked(article)
    if by is None or not roles.can_edit(by, current):
        raise WorkflowError("شما اجازهٔ ویرایش این خبر را ندارید.")
    if current.status != Article.Status.DRAFT:
        raise WorkflowError("فقط پیش‌نویس را می‌توان برای بازبینی فرستاد.")
    current.status = Article.Status.REVIEW
    return _save_status_change(article=current, by=by, reason="فرستاده برای بازبینی", fields=["status"])


@transaction.atomic
def publish_article(*, article, by, at=None):
    """Publish now (or at `at`, which may be in the future: then it is scheduled).

    A withdrawn article is not republished from here: withdrawal is a public
    act (its address answers 410), and undoing it is a decision for the
    article's change form, with its history.
    """
    _require(by, roles.PUBLISH, "انتشار و زمان‌بندی خبر با دبیران است.")
    current = _locked(article)
    if current.status == Article.Status.WITHDRAWN:
        raise WorkflowError("خبر پس‌گرفته را نمی‌توان از این‌جا دوباره منتشر کرد.")
    check_publishable(current)
    now = timezone.now()
    if at is None and current.is_public:
        raise WorkflowError("این خبر پیش‌تر منتشر شده است.")
    current.status = Article.Status.PUBLISHED
    current.published_at = at or now
    reason = "زمان‌بندی انتشار" if current.published_at > now else "انتشار"
    return _save_status_change(article=current, by=by, reason=reason, fields=["status", "published_at"])


@transaction.atomic
def withdraw_article(*, article, by, note="", note_public=False):
    """Take a published (or scheduled) article back; its address will then answer 410 with the date.

    `note` is the editor's reason; readers see it on the 410 page only with `note_public`.
    """
    _require(by, roles.WITHDRAW, "پس‌گرفتن خبر با سردبیران است.")
    current = _locked(article)
    if current.status != Article.Status.PUBLISHED:
        raise WorkflowError("فقط خبر منتشرشده یا زمان‌بندی‌شده را می‌توان پس گرفت.")
    current.status = Article.Status.WITHDRAWN
    current.withdrawn_at = timezone.now()
    current.withdrawal_note = (note or "").strip()[:300]
    current.withdrawal_note_public = bool(note_public and current.withdrawal_note)
    return _save_status_change(
        article=current, by=by, reason="پس‌گرفتن", fields=["status", "withdrawn_at", "withdrawal_note", "withdrawal_note_public"]
    )


def confirm_conferences(*, conferences, by):
    """Mark conferences (for instance those the wire import proposed) as confirmed; returns how many changed."""
    _require(by, roles.CONFIRM_CONFERENCE, "تأیید نشست خبری با دبیران است.")
    changed = 0
    confirmed = []
    with transaction.atomic():
        # Locked by primary key: the caller's queryset may join (an admin list
        # selects the host), and rows cannot be locked through an outer join.
        locked = PressConference.objects.select_for_update().filter(pk__in=conferences.values("pk"), confirmed=False)
        for conference in locked:
            conference.confirmed = True
            conference._history_user = by
            conference._change_reason = "تأیید نشست"
            conference.save(update_fields=["confirmed", "updated_at"])
            confirmed.append(conference)
            changed += 1
        log_activity(by=by, objects=confirmed, message="تأیید نشست")
    return changed


@transaction.atomic
def add_correction(*, article, by, note):
    """Attach a public correction to a published article; the article counts as updated (pages, feeds, API)."""
    _require(by, roles.ADD_CORRECTION, "افزودن اصلاحیه با دبیران است.")
    note = (note or "").replace("\r\n", "\n").strip()
    if not note:
        raise WorkflowError("متن اصلاحیه خالی است.")
    current = _locked(article)
    if current.status != Article.Status.PUBLISHED:
        raise WorkflowError("اصلاحیه فقط برای خبر منتشرشده است.")
    correction = Correction.objects.create(article=current, note=note, created_by=by)
    touch_for_correction(current, by=by)
    return correction


def touch_for_correction(article, *, by):
    """A correction is an update of the article: its updated_at (read by the change feed and sitemap) moves on."""
    article.version += 1
    article._history_user = by
    article._change_reason = "اصلاحیه"
    article.save(update_fields=["version", "updated_at"])
    log_activity(by=by, objects=[article], message="اصلاحیه")


def import_change_reason(source_name):
    """The history's reason for an imported article: the file's name, not the server's path to it."""
    return f"ورود از فایل {source_name.replace(chr(92), '/').rsplit('/', 1)[-1]}"[:100]


def record_imported_articles(articles):
    """The one history version and change-log entry of each article an import created, for many at once.

    The import saves a new article without either (skip_history_when_saving,
    _defer_change_log) and links it afterwards; this writes, once it is
    linked, what the save would have: a "+" version holding the article and
    its links (a revert to it brings the links back, issue 9), with the
    reason and date the import set on it (`_change_reason`, `_history_date`),
    and the change-log row (articles.changefeed.articles_saved). A batch of
    files calls it once for all its new articles: a few inserts, not a save
    and a dozen queries per article.
    """
    from simple_history.models import HistoricalRecords

    from articles.changefeed import articles_saved

    if not articles:
        return
    versions = Article.history.bulk_history_create(articles) or []  # None when history is switched off
    version_of = {version.id: version.history_id for version in versions}
    ids = list(version_of)
    for field in Article.history.model._history_m2m_fields:
        through, history_model = field.remote_field.through, HistoricalRecords.m2m_models[field]
        source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
        rows = through.objects.filter(**{f"{source}__in": ids}).order_by("pk").values_list("pk", source, target)
        history_model.objects.bulk_create([
            history_model(**{"id": pk, source: article_id, target: target_id, "history_id": version_of[article_id]})
            for pk, article_id, target_id in rows
        ])
    articles_saved(articles)
