"""Issue 9: roles enforced on the server, history that is true, revert that keeps links, corrections, preview."""

import datetime as dt

import pytest

from archive_site.models import APIKey
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles import newsroom, services
from articles.models import Article, Correction, PressConference
from articles.tests.test_admin import form_data

pytestmark = pytest.mark.django_db

ROLE_GROUPS = {"reporter": "خبرنگاران", "editor": "دبیران", "chief": "سردبیران"}


def make_user(role):
    user = get_user_model().objects.create_user(f"{role}-user", password="a-long-password-9", is_staff=True)
    user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
    return user


@pytest.fixture
def users(db):
    return {role: make_user(role) for role in ROLE_GROUPS}


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def article_in(make_article, status):
    kwargs = {"status": status}
    if status == "scheduled":
        kwargs = {"status": Article.Status.PUBLISHED, "published_at": timezone.now() + dt.timedelta(days=1)}
    return make_article(**kwargs)


# Every move by every role, through the change form. (from, to): who may.
MOVES = {
    ("draft", "review"): {"reporter", "editor", "chief"},
    ("review", "draft"): {"reporter", "editor", "chief"},
    ("draft", "published"): {"editor", "chief"},
    ("review", "published"): {"editor", "chief"},
    ("scheduled", "review"): {"editor", "chief"},
    ("published", "withdrawn"): {"chief"},
    ("scheduled", "withdrawn"): {"chief"},
    ("withdrawn", "published"): {"chief"},
    # Once readers have seen it, nobody sends it back.
    ("published", "draft"): set(),
    ("published", "review"): set(),
}


@pytest.mark.parametrize("role", list(ROLE_GROUPS))
@pytest.mark.parametrize("move", list(MOVES), ids=lambda m: f"{m[0]}-to-{m[1]}")
def test_each_role_may_make_only_its_moves_in_the_form(client, users, make_article, role, move):
    source, target = move
    article = article_in(make_article, source)
    before = Article.objects.get(pk=article.pk).status
    client.force_login(users[role])
    page = client.get(change_url(article))
    if page.status_code == 200 and page.context["adminform"].form.fields.get("status") is not None:
        data = form_data(page)
    else:
        # The reporter is shown no form for a published article; a forged POST is built by hand.
        data = {"headline": article.headline, "section": article.section_id, "agency": article.agency,
                "lead": article.lead, "body": article.body, "expected_version": article.version}
    data["status"] = target
    response = client.post(change_url(article), data)
    article.refresh_from_db()
    if role in MOVES[move]:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert article.status == target
        if target == "withdrawn":
            assert article.withdrawn_at is not None
    else:
        # Refused: a form error (the choice is not offered) or no right to change at all.
        assert response.status_code in (200, 403)
        assert article.status == before


@pytest.mark.parametrize("role, action, status, allowed", [
    ("reporter", "publish_now_action", "review", False),
    ("editor", "publish_now_action", "review", True),
    ("chief", "publish_now_action", "review", True),
    ("reporter", "send_to_review_action", "draft", True),
    ("reporter", "withdraw_action", "published", False),
    ("editor", "withdraw_action", "published", False),
    ("chief", "withdraw_action", "published", True),
])
def test_forged_action_posts_are_refused_by_role(client, users, make_article, role, action, status, allowed):
    article = make_article(status=status)
    client.force_login(users[role])
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": action, ACTION_CHECKBOX_NAME: [article.pk], "confirm": "yes", "note": ""},
    )
    article.refresh_from_db()
    assert (article.status != status) is allowed


def test_the_services_refuse_a_role_without_the_permission(make_article, users):
    review = make_article(status=Article.Status.REVIEW)
    with pytest.raises(services.WorkflowError):
        services.publish_article(article=review, by=users["reporter"])
    public = make_article()
    with pytest.raises(services.WorkflowError):
        services.withdraw_article(article=public, by=users["editor"])
    conference = PressConference.objects.create(title="نشست پیشنهادی", confirmed=False)
    with pytest.raises(services.WorkflowError):
        services.confirm_conferences(conferences=PressConference.objects.all(), by=users["reporter"])
    conference.refresh_from_db()
    assert not conference.confirmed
    assert services.confirm_conferences(conferences=PressConference.objects.all(), by=users["editor"]) == 1


def test_the_admin_offers_a_role_only_its_actions_and_statuses(client, users, make_article):
    draft = make_article(status=Article.Status.DRAFT)
    offered = {}
    for role, user in users.items():
        client.force_login(user)
        page = client.get(reverse("admin:articles_article_changelist"))
        offered[role] = {name for name, _ in page.context["action_form"].fields["action"].choices if name}
        form = client.get(change_url(draft)).context["adminform"].form
        offered[role, "statuses"] = {value for value, _ in form.fields["status"].choices}
    assert "publish_now_action" not in offered["reporter"] and "withdraw_action" not in offered["reporter"]
    assert "publish_now_action" in offered["editor"] and "withdraw_action" not in offered["editor"]
    assert {"publish_now_action", "withdraw_action"} <= offered["chief"]
    assert offered["reporter", "statuses"] == {"draft", "review"}
    assert offered["editor", "statuses"] == {"draft", "review", "published"}


def test_only_chief_editors_manage_api_keys(client, users):
    url = reverse("admin:archive_site_apikey_add")
    for role, expected in (("reporter", 403), ("editor", 403), ("chief", 200)):
        client.force_login(users[role])
        assert client.get(url).status_code == expected
    response = client.post(url, {"name": "شریک آزمایشی", "contact": ""})
    # The new key is shown once, on the answer page itself (never in a cookie-borne message).
    assert response.status_code == 200 and APIKey.objects.filter(name="شریک آزمایشی").exists()


@pytest.mark.parametrize("missing", ["lead", "body"])
def test_publishing_needs_headline_lead_and_body(client, users, make_article, missing):
    article = make_article(status=Article.Status.REVIEW, **{missing: ""})
    client.force_login(users["editor"])
    data = form_data(client.get(change_url(article)))
    data["status"] = "published"
    response = client.post(change_url(article), data)
    assert response.status_code == 200
    assert "برای انتشار" in response.content.decode()
    with pytest.raises(services.WorkflowError):
        services.publish_article(article=article, by=users["editor"])
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW


def test_actions_are_in_the_activity_log_with_who(make_article, users):
    review = make_article(status=Article.Status.REVIEW)
    services.publish_article(article=review, by=users["editor"])
    services.withdraw_article(article=review, by=users["chief"], note="نادرست", note_public=True)
    entries = list(LogEntry.objects.filter(object_id=str(review.pk)).order_by("id"))
    assert [(e.user_id, e.change_message) for e in entries] == [
        (users["editor"].pk, "انتشار"), (users["chief"].pk, "پس‌گرفتن"),
    ]


# History that is true.

def test_saving_an_unchanged_form_makes_no_history(client, users, make_article):
    article = make_article(body="بند نخست.\n\nبند دوم.", lead="لید\nدو خطی")
    article.published_at = article.published_at.replace(microsecond=123456)
    article.save()
    versions, records = article.version, article.history.count()
    client.force_login(users["editor"])
    data = form_data(client.get(change_url(article)))
    # As a browser sends it: CRLF line endings, the time to the minute as shown.
    data["body"] = data["body"].replace("\n", "\r\n")
    data["lead"] = data["lead"].replace("\n", "\r\n")
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.history.count() == records and article.version == versions
    assert article.body == "بند نخست.\n\nبند دوم." and article.published_at.microsecond == 123456

    data["headline"] = "تیتر تازه"
    assert client.post(change_url(article), data).status_code == 302
    rows = newsroom.history_rows(article)
    assert rows[0]["changed"] == ["تیتر"]


def test_rich_editor_paragraphs_of_a_plain_body_are_no_change(client, users, make_article):
    article = make_article(body="بند نخست.\n\nبند دوم & سوم.")
    records = article.history.count()
    client.force_login(users["editor"])
    data = form_data(client.get(change_url(article)))
    data["body"] = "<p>بند نخست.</p>\r\n<p>بند دوم &amp; سوم.</p>"
    assert client.post(change_url(article), data).status_code == 302
    assert article.history.count() == records


@pytest.fixture
def founding_import(founding_article_path, db):
    call_command("import_articles", str(founding_article_path), "--publish", verbosity=0)
    return Article.objects.get()


def test_revert_of_the_founding_article_to_its_first_version_keeps_conference_and_links(
    client, users, founding_import
):
    article = founding_import
    assert article.conference_id is not None
    links = {name: sorted(getattr(article, name).values_list("pk", flat=True)) for name in newsroom.HISTORY_M2M_FIELDS}
    assert links["platforms"], "the founding article names platforms"
    first = article.history.order_by("history_date", "history_id").first()
    assert "/" not in first.history_change_reason

    # An editor unlinks everything and edits the headline.
    client.force_login(users["editor"])
    data = form_data(client.get(change_url(article)))
    data.update({"headline": "تیتر دیگر", "conference": "", "people": [], "organizations": [], "platforms": []})
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.conference_id is None and not article.platforms.exists()

    revert_url = reverse("admin:articles_article_simple_history", args=[article.pk, first.history_id])
    page = client.get(revert_url)
    assert page.status_code == 200 and "بازگرداندن به این نسخه" in page.content.decode()
    assert client.post(revert_url, form_data(page)).status_code == 302
    article.refresh_from_db()
    assert article.headline == first.headline
    assert article.conference_id == first.conference_id
    for name, ids in links.items():
        assert sorted(getattr(article, name).values_list("pk", flat=True)) == ids, name


def test_history_and_diff_pages_are_persian_with_a_word_diff(client, users, make_article):
    article = make_article(body="گپ و نوا پیام‌رسان داخلی‌اند.")
    client.force_login(users["editor"])
    data = form_data(client.get(change_url(article)))
    data["body"] = "گپ و سروش پیام‌رسان داخلی‌اند."
    client.post(change_url(article), data)
    page = client.get(reverse("admin:articles_article_history", args=[article.pk])).content.decode()
    from archive_site.jalali import format_datetime

    latest = article.history.order_by("-history_id").first()
    assert "تاریخچه" in page and format_datetime(latest.history_date, weekday=True) in page
    assert "متن" in page and "History" not in page and "+00:00" not in page
    diff = client.get(reverse("admin:articles_article_diff", args=[article.pk, latest.history_id])).content.decode()
    assert "<del>نوا</del>" in diff and "<ins>سروش</ins>" in diff


# Corrections, preview, withdrawal notice.

def test_a_correction_is_public_with_its_date_and_moves_the_update(client, users, make_article):
    article = make_article()
    before = article.updated_at
    services.add_correction(article=article, by=users["editor"], note="نام سخنران درست شد.")
    article.refresh_from_db()
    assert article.updated_at > before
    page = client.get(article.get_absolute_url()).content.decode()
    assert "اصلاحیه" in page and "نام سخنران درست شد." in page and "آخرین به‌روزرسانی" in page
    with pytest.raises(services.WorkflowError):
        services.add_correction(article=article, by=users["reporter"], note="x")
    assert Correction.objects.count() == 1


def test_correction_inline_on_the_form_bumps_the_article(client, users, make_article):
    article = make_article()
    client.force_login(users["editor"])
    data = form_data(client.get(change_url(article)))
    prefix = "corrections"
    data.update({f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-0-note": "تاریخ نشست اصلاح شد."})
    assert client.post(change_url(article), data).status_code == 302
    correction = Correction.objects.get()
    assert correction.created_by == users["editor"]
    assert article.history.count() == 2


def test_staff_preview_and_signed_link(client, users, make_article):
    draft = make_article(status=Article.Status.DRAFT, headline="پیش‌نویس پنهان برای پیش‌نمایش")
    assert client.get(reverse("admin:articles_article_preview", args=[draft.pk])).status_code == 302  # to login
    client.force_login(users["reporter"])
    page = client.get(reverse("admin:articles_article_preview", args=[draft.pk]))
    assert page.status_code == 200 and "پیش‌نمایش" in page.content.decode() and "noindex" in page.content.decode()
    client.force_login(users["editor"])
    response = client.post(reverse("admin:articles_article_preview", args=[draft.pk]))
    link = response.context["share_link"]
    client.logout()
    path = link.split("testserver", 1)[1]
    shown = client.get(path)
    assert shown.status_code == 200 and "پیش‌نویس پنهان برای پیش‌نمایش" in shown.content.decode()
    assert client.get(path[:-3] + "xx/").status_code == 404
    later = timezone.now() + dt.timedelta(seconds=newsroom.PREVIEW_MAX_AGE + 60)
    from unittest import mock

    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        assert client.get(path).status_code == 410
    # The draft itself is still not public.
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_scheduled_article_is_listed_plainly(client, users, make_article):
    make_article(status=Article.Status.PUBLISHED, published_at=timezone.now() + dt.timedelta(days=2), headline="خبر فردا")
    client.force_login(users["editor"])
    page = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "زمان‌بندی‌شده برای" in page


def test_withdrawal_notice_names_the_article_and_the_public_reason(client, users, make_article):
    article = make_article(headline="خبری که پس گرفته می‌شود", body="متنی که نباید دیده شود")
    services.withdraw_article(article=article, by=users["chief"], note="منبع نادرست بود.", note_public=True)
    page = client.get(article.get_absolute_url())
    text = page.content.decode()
    assert page.status_code == 410
    assert "خبری که پس گرفته می‌شود" in text and "منبع نادرست بود." in text and "متنی که نباید" not in text
    other = make_article(headline="خبر دوم")
    services.withdraw_article(article=other, by=users["chief"], note="دلیل درونی", note_public=False)
    assert "دلیل درونی" not in client.get(other.get_absolute_url()).content.decode()


def test_dashboard_shows_what_waits_with_persian_counts_and_fixed_queries(client, users, make_article):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(users["editor"])
    make_article(status=Article.Status.REVIEW, headline="خبر در صف بازبینی")
    make_article(status=Article.Status.PUBLISHED, published_at=timezone.now() + dt.timedelta(hours=5), headline="خبر فردا")
    PressConference.objects.create(title="نشست تأییدنشده آزمایشی", confirmed=False)
    with CaptureQueriesContext(connection) as few:
        page = client.get(reverse("admin:index"))
    text = page.content.decode()
    assert "خبر در صف بازبینی" in text and "خبر فردا" in text and "نشست تأییدنشده آزمایشی" in text
    assert "زمان‌بندی‌شده: <span class=\"count\">۱</span>" in text
    assert "?status__exact=review" in text and "?visible=scheduled" in text and "?confirmed__exact=0" in text
    # Internal tables are edited inside their parents, not listed in the menu.
    assert "/admin/people/participation/" not in text and "/admin/platforms/platformalias/" not in text
    for index in range(6):
        make_article(status=Article.Status.REVIEW)
        services.publish_article(article=make_article(status=Article.Status.REVIEW), by=users["editor"])
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("admin:index"))
    assert len(many) == len(few)


def test_autocomplete_offers_the_exact_name_first(client, users):
    from platforms.models import Platform

    Platform.objects.get_or_create(name="آی‌گپ", defaults={"origin": "domestic"})
    Platform.objects.get_or_create(name="گپ", defaults={"origin": "domestic"})
    Platform.objects.get_or_create(name="گپ‌نما", defaults={"origin": "domestic"})
    client.force_login(users["editor"])
    response = client.get(reverse("admin:autocomplete"), {
        "term": "گپ", "app_label": "articles", "model_name": "article", "field_name": "platforms",
    })
    names = [item["text"] for item in response.json()["results"]]
    assert names[0] == "گپ"
    assert names.index("گپ‌نما") < names.index("آی‌گپ")


def test_a_reporter_cannot_publish_through_the_import_page(client, users, founding_article_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(users["reporter"])
    upload = SimpleUploadedFile("wire.txt", founding_article_path.read_bytes(), content_type="text/plain")
    response = client.post(reverse("article_import:upload"), {"files": [upload], "publish": "on"})
    assert response.status_code == 403
    assert "انتشار با دبیران است" in response.content.decode()
    assert not Article.objects.exists()


def test_a_slug_typed_twice_is_refused(client, users, make_article):
    first = make_article(slug="نامک-یکتا")
    second = make_article()
    client.force_login(users["editor"])
    data = form_data(client.get(change_url(second)))
    data["slug"] = first.slug
    response = client.post(change_url(second), data)
    assert response.status_code == 200 and "نامک از آنِ خبر شمارهٔ" in response.content.decode()


def test_a_correction_reaches_the_api_change_feed(client, users, make_article, settings):
    settings.API_CHANGES_SETTLE_SECONDS = 0
    article = make_article(headline="خبر اصلاح‌شدنی")
    start = client.get("/api/v1/changes/").json()
    services.add_correction(article=article, by=users["editor"], note="رقم درست شد.")
    feed = client.get(start["next"]).json()
    assert [(entry["type"], entry["id"]) for entry in feed["results"]] == [("updated", article.pk)]
