"""Writes to articles and conferences that carry an editorial rule.

The admin's actions call these, and so can a command or a future API: the
workflow (draft -> review -> published -> withdrawn) holds the same way
everywhere. Each status change is an edit, so it moves the article's
`version` on: a change form opened before it is refused, not silently
overwritten.
"""

from django.db import transaction
from django.utils import timezone

from articles.models import Article, PressConference


class WorkflowError(Exception):
    """A status change the article's current status does not allow; the message is in Persian."""


def _save_status_change(*, article, by, reason, fields):
    """Save `fields` of `article` and move its version on, recorded in its history as done by `by`."""
    # The row is locked (see _locked), so a plain increment is safe; an F()
    # expression would also end up, unevaluated, in the history record.
    article.version += 1
    article._history_user = by
    article._change_reason = reason
    article.save(update_fields=[*fields, "version", "updated_at"])
    return article


def _locked(article):
    """The article's current row, locked until the transaction ends (a status is decided on fresh data)."""
    return Article.objects.select_for_update().get(pk=article.pk)


@transaction.atomic
def send_to_review(*, article, by):
    """A draft goes to the desk editor for review."""
    current = _locked(article)
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
    current = _locked(article)
    if current.status == Article.Status.WITHDRAWN:
        raise WorkflowError("خبر پس‌گرفته را نمی‌توان از این‌جا دوباره منتشر کرد.")
    now = timezone.now()
    if at is None and current.is_public:
        raise WorkflowError("این خبر پیش‌تر منتشر شده است.")
    current.status = Article.Status.PUBLISHED
    current.published_at = at or now
    return _save_status_change(article=current, by=by, reason="انتشار", fields=["status", "published_at"])


@transaction.atomic
def withdraw_article(*, article, by, note=""):
    """Take a published (or scheduled) article back; its address will then answer 410 with the date."""
    current = _locked(article)
    if current.status != Article.Status.PUBLISHED:
        raise WorkflowError("فقط خبر منتشرشده یا زمان‌بندی‌شده را می‌توان پس گرفت.")
    current.status = Article.Status.WITHDRAWN
    current.withdrawn_at = timezone.now()
    current.withdrawal_note = (note or "").strip()[:300]
    return _save_status_change(
        article=current, by=by, reason="پس‌گرفتن", fields=["status", "withdrawn_at", "withdrawal_note"]
    )


def confirm_conferences(*, conferences, by):
    """Mark conferences (for instance those the wire import proposed) as confirmed; returns how many changed."""
    changed = 0
    with transaction.atomic():
        # Locked by primary key: the caller's queryset may join (an admin list
        # selects the host), and rows cannot be locked through an outer join.
        locked = PressConference.objects.select_for_update().filter(pk__in=conferences.values("pk"), confirmed=False)
        for conference in locked:
            conference.confirmed = True
            conference._history_user = by
            conference._change_reason = "تأیید نشست"
            conference.save(update_fields=["confirmed", "updated_at"])
            changed += 1
    return changed

