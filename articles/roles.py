"""The newsroom's roles and what each may do to an article's status.

Roles are groups made by migrations (articles/migrations/0006_newsroom_roles.py):

| group | may |
| --- | --- |
| «خبرنگاران» (reporters) | write drafts, send them for review (or take them back to draft) |
| «دبیران» (editors) | also edit any article, publish, schedule, confirm conferences, add corrections |
| «سردبیران» (chief editors) | also withdraw (and republish a withdrawn article), manage partner API keys |

What a role may do is decided by permissions (`articles.publish_article`,
`articles.withdraw_article`, ...), so a superuser may do everything and a
user given a permission directly is treated like the role that has it. The
admin offers only what these functions allow; the services check them again,
so a forged request is refused the same way.
"""

from django.utils import timezone

REPORTERS = "خبرنگاران"
EDITORS = "دبیران"
CHIEF_EDITORS = "سردبیران"
ROLE_GROUPS = (REPORTERS, EDITORS, CHIEF_EDITORS)

PUBLISH = "articles.publish_article"
WITHDRAW = "articles.withdraw_article"
CHANGE = "articles.change_article"
CONFIRM_CONFERENCE = "articles.confirm_pressconference"
ADD_CORRECTION = "articles.add_correction"


def can_publish(user):
    return user.has_perm(PUBLISH)


def can_withdraw(user):
    return user.has_perm(WITHDRAW)


def is_live(status, published_at):
    """Readers have seen it: published and its time has come."""
    return status == "published" and published_at is not None and published_at <= timezone.now()


def can_edit(user, article):
    """May `user` change `article`'s content? Reporters only while it is a draft or in review."""
    if not user.has_perm(CHANGE):
        return False
    if article is None or article.status in ("draft", "review"):
        return True
    if article.status == "withdrawn":
        return can_withdraw(user)
    return can_publish(user)


def allowed_statuses(user, current_status):
    """The statuses `user` may give an article whose status is now `current_status` (it included)."""
    allowed = {current_status}
    if current_status in ("draft", "review") and user.has_perm(CHANGE):
        allowed |= {"draft", "review"}
    if can_publish(user) and current_status in ("draft", "review", "published"):
        allowed |= {"draft", "review", "published"}
    if can_withdraw(user) and current_status in ("published", "withdrawn"):
        allowed |= {"published", "withdrawn"}
    return allowed


def transition_error(user, *, old_status, new_status, was_live):
    """Why `user` may not move an article from `old_status` to `new_status` (Persian), or None if allowed."""
    if old_status == new_status:
        return None
    if new_status not in allowed_statuses(user, old_status):
        if new_status == "published":
            return "انتشار و زمان‌بندی خبر با دبیران است."
        if new_status == "withdrawn":
            return "پس‌گرفتن خبر با سردبیران است."
        if old_status == "withdrawn":
            return "بازگرداندن خبر پس‌گرفته با سردبیران است."
        return "شما اجازهٔ این تغییر وضعیت را ندارید."
    if was_live and new_status in ("draft", "review"):
        return "این خبر منتشر شده است: یا منتشرشده می‌ماند یا پس گرفته می‌شود، به پیش‌نویس یا بازبینی برنمی‌گردد."
    return None


def missing_for_publishing(*, headline, lead, body):
    """Labels of what an article lacks to be published (headline, lead, body), empty when it is complete."""
    from articles.body import body_text

    missing = []
    if not (headline or "").strip():
        missing.append("تیتر")
    if not (lead or "").strip():
        missing.append("لید")
    if not body_text(body or "").strip():
        missing.append("متن")
    return missing
