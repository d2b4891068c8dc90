"""The editorial workflow services: allowed moves, times, versions and history."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from articles import services
from articles.models import Article, PressConference, Statement


@pytest.fixture
def chief(db):
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user("desk-chief", password="a-long-password-3", is_staff=True)
    user.groups.add(Group.objects.get(name="سردبیران"))  # the role that may do every move tested here
    return user


def test_send_to_review_moves_a_draft_only(make_article, chief):
    draft = make_article(status=Article.Status.DRAFT)
    services.send_to_review(article=draft, by=chief)
    draft.refresh_from_db()
    assert draft.status == Article.Status.REVIEW and draft.version == 2
    with pytest.raises(services.WorkflowError):
        services.send_to_review(article=draft, by=chief)


def test_publish_now_sets_the_time_and_records_who(make_article, chief):
    article = make_article(status=Article.Status.REVIEW)
    before = timezone.now()
    services.publish_article(article=article, by=chief)
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert before <= article.published_at <= timezone.now()
    assert Article.objects.public().filter(pk=article.pk).exists()
    record = article.history.first()
    assert record.history_user == chief and record.history_change_reason == "انتشار"
    assert record.version == 2


def test_publish_at_a_future_time_schedules(make_article, chief):
    article = make_article(status=Article.Status.DRAFT)
    later = timezone.now() + dt.timedelta(days=2)
    returned = services.publish_article(article=article, by=chief, at=later)
    assert not Article.objects.public().filter(pk=article.pk).exists()
    # Written to the row, not only to the instance returned.
    row = Article.objects.get(pk=article.pk)
    assert (row.status, row.published_at, row.version) == (Article.Status.PUBLISHED, later, 2)
    assert returned.version == 2
    assert Article.objects.scheduled().filter(pk=article.pk).exists()
    record = row.history.first()
    assert record.history_user == chief and record.history_change_reason == "زمان‌بندی انتشار" and record.published_at == later


def test_publish_at_a_past_time_is_public_at_once(make_article, chief):
    article = make_article(status=Article.Status.REVIEW)
    earlier = timezone.now() - dt.timedelta(hours=3)
    services.publish_article(article=article, by=chief, at=earlier)
    row = Article.objects.get(pk=article.pk)
    assert row.published_at == earlier
    assert Article.objects.public().filter(pk=article.pk).exists()


def test_publishing_twice_or_a_withdrawn_article_is_refused(make_article, chief):
    public = make_article()
    with pytest.raises(services.WorkflowError):
        services.publish_article(article=public, by=chief)
    withdrawn = make_article(status=Article.Status.WITHDRAWN)
    with pytest.raises(services.WorkflowError):
        services.publish_article(article=withdrawn, by=chief)
    withdrawn.refresh_from_db()
    assert withdrawn.status == Article.Status.WITHDRAWN and withdrawn.version == 1


def test_withdraw_sets_time_and_note(make_article, chief):
    article = make_article()
    services.withdraw_article(article=article, by=chief, note="  نادرست بود  ")
    article.refresh_from_db()
    assert article.status == Article.Status.WITHDRAWN
    assert article.withdrawn_at is not None and article.withdrawal_note == "نادرست بود"
    assert not Article.objects.public().filter(pk=article.pk).exists()
    with pytest.raises(services.WorkflowError):
        services.withdraw_article(article=article, by=chief)


def test_withdraw_refuses_a_draft(make_article, chief):
    draft = make_article(status=Article.Status.DRAFT)
    with pytest.raises(services.WorkflowError):
        services.withdraw_article(article=draft, by=chief)


def test_services_decide_on_the_row_not_a_stale_instance(make_article, chief):
    article = make_article(status=Article.Status.DRAFT)
    stale = Article.objects.get(pk=article.pk)
    services.publish_article(article=article, by=chief)
    # The stale copy still says "draft"; the service reads the row and refuses.
    with pytest.raises(services.WorkflowError):
        services.send_to_review(article=stale, by=chief)


def test_confirm_conferences_counts_only_changes(db, chief):
    proposed = PressConference.objects.create(title="نشست پیشنهادی")
    confirmed = PressConference.objects.create(title="نشست تأییدشده", confirmed=True)
    changed = services.confirm_conferences(conferences=PressConference.objects.all(), by=chief)
    assert changed == 1
    proposed.refresh_from_db()
    assert proposed.confirmed and confirmed.history.count() == 1
    assert proposed.history.first().history_user == chief


def test_save_article_moves_the_version_on_and_records_who_and_why(make_article, chief):
    article = make_article()
    article.headline = "تیتر ویراسته"
    services.save_article(article=article, by=chief, expected_version=1, reason="ویرایش آزمایشی")
    row = Article.objects.get(pk=article.pk)
    assert (row.headline, row.version) == ("تیتر ویراسته", 2)
    record = row.history.first()
    assert record.history_user == chief and record.history_change_reason == "ویرایش آزمایشی" and record.version == 2


def test_save_article_refuses_a_stale_version_and_writes_nothing(make_article, chief):
    article = make_article(headline="تیتر نخست")
    colleague = Article.objects.get(pk=article.pk)
    colleague.lead = "لید همکار"
    services.save_article(article=colleague, by=chief, expected_version=1)
    article.headline = "تیتر دیرهنگام"
    with pytest.raises(services.StaleVersion) as refused:
        services.save_article(article=article, by=chief, expected_version=1)
    assert (refused.value.current, refused.value.expected) == (2, 1)
    assert "نسخهٔ" in refused.value.messages[0]
    row = Article.objects.get(pk=article.pk)
    assert (row.headline, row.lead, row.version) == ("تیتر نخست", "لید همکار", 2)


def test_save_article_leaves_the_statements_key_to_the_statements(make_article, chief):
    article = make_article()
    stale = Article.objects.get(pk=article.pk)  # read before the statement was added
    Statement.objects.create(article=article, text="سخنی دربارهٔ سروش")
    stale.headline = "تیتر تازه"
    services.save_article(article=stale, by=chief, expected_version=1)
    assert "سروش" in Article.objects.get(pk=article.pk).statements_key
