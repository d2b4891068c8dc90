"""The change feed through a publish, an edit and a withdrawal."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from articles.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_settling(settings):
    # The feed holds back the last few seconds; these tests look at once.
    settings.API_CHANGES_SETTLE_SECONDS = 0


def _since(next_url):
    return parse_qs(urlsplit(next_url).query)["since"][0]


def test_publish_edit_withdraw(api, make_article):
    start = api.get("/api/v1/changes/").json()
    assert start["results"] == [] and start["more"] is False
    article = make_article("خبر آینه", status=Article.Status.DRAFT, published_at=None)
    # A draft that was never public does not appear.
    assert api.get(start["next"]).json()["results"] == []

    article.status = Article.Status.PUBLISHED
    article.published_at = timezone.now()
    article.save()
    published = api.get(start["next"]).json()
    assert [(e["type"], e["id"]) for e in published["results"]] == [("published", article.pk)]
    assert published["results"][0]["article"]["headline"] == "خبر آینه"
    assert published["results"][0]["at_jalali"]

    article.headline = "خبر آینه (ویراسته)"
    article.save()
    updated = api.get(published["next"]).json()
    assert [(e["type"], e["id"]) for e in updated["results"]] == [("updated", article.pk)]
    assert updated["results"][0]["article"]["headline"] == "خبر آینه (ویراسته)"

    article.status = Article.Status.WITHDRAWN
    article.withdrawn_at = timezone.now()
    article.save()
    withdrawn = api.get(updated["next"]).json()
    assert withdrawn["results"] == [
        {"type": "withdrawn", "id": article.pk, "at": withdrawn["results"][0]["at"], "at_jalali": withdrawn["results"][0]["at_jalali"]}
    ]
    assert "آینه" not in api.get(updated["next"]).content.decode()
    # Read from the start, the feed shows each article once, in its latest state.
    assert [(e["type"], e["id"]) for e in api.get("/api/v1/changes/").json()["results"]] == [("withdrawn", article.pk)]
    # Nothing further: the cursor stays put for the next poll.
    final = api.get(withdrawn["next"]).json()
    assert final["results"] == [] and _since(final["next"]) == _since(withdrawn["next"])


def test_a_scheduled_article_appears_when_its_time_comes(api, make_article):
    soon = timezone.now() + dt.timedelta(hours=1)
    article = make_article("خبر زمان‌بندی‌شده", published_at=soon)
    assert article.pk not in [e["id"] for e in api.get("/api/v1/changes/").json()["results"]]
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - dt.timedelta(seconds=1))
    assert article.pk in [e["id"] for e in api.get("/api/v1/changes/").json()["results"]]


def test_entries_are_in_order_and_paged(api, make_article):
    articles = [make_article(f"خبر {n}") for n in range(7)]
    seen, url = [], "/api/v1/changes/?page-size=3"
    for _ in range(5):
        body = api.get(url).json()
        seen += body["results"]
        url = body["next"]
        if not body["more"]:
            break
    assert sorted(e["id"] for e in seen) == sorted(a.pk for a in articles)
    times = [(e["at"], e["id"]) for e in seen]
    assert [e["id"] for e in seen] == [i for _, i in sorted(times, key=lambda t: (dt.datetime.fromisoformat(t[0]), t[1]))]


@pytest.mark.parametrize("since", ["2018-11-20", "1397-08-29", "۱۳۹۷-۰۸-۲۹", "2018-11-20T10:00:00+03:30"])
def test_since_takes_a_time_in_either_calendar(api, archive, since):
    Article.objects.filter(pk=archive["founding"].pk).update(updated_at=archive["founding"].published_at)
    Article.objects.filter(pk=archive["politics_article"].pk).update(updated_at=archive["politics_article"].published_at)
    ids = [e["id"] for e in api.get("/api/v1/changes/", {"since": since}).json()["results"]]
    assert ids == [archive["founding"].pk, archive["politics_article"].pk]
    later = [e["id"] for e in api.get("/api/v1/changes/", {"since": "1397-12-01"}).json()["results"]]
    assert later == [archive["politics_article"].pk]


@pytest.mark.parametrize("since", ["not-a-cursor", "2018-02-30", "1404-12-30", "eyJvIjoibmV3ZXN0IiwidiI6W119"])
def test_bad_since_is_a_400_naming_since(api, archive, since):
    response = api.get("/api/v1/changes/", {"since": since})
    assert response.status_code == 400
    assert "since" in response.json()["error"]["fields"]


def test_non_public_articles_never_appear_with_content(api, non_public_articles):
    body = api.get("/api/v1/changes/?page-size=100")
    assert "زرافه" not in body.content.decode()
    entries = {e["id"]: e["type"] for e in body.json()["results"]}
    assert entries == {non_public_articles["withdrawn"].pk: "withdrawn"}


def test_feed_query_count_does_not_grow(api, make_article, django_assert_num_queries):
    for n in range(12):
        make_article(f"خبر {n}")
    with django_assert_num_queries(4):
        api.get("/api/v1/changes/?page-size=2")
    with django_assert_num_queries(4):
        api.get("/api/v1/changes/?page-size=12")


def test_a_scheduled_article_reaches_a_mirror_whose_cursor_passed_its_last_edit(api, make_article):
    """A scheduled article is saved long before it comes out: its change time is its publication, not its last edit.

    The mirror's cursor is past the scheduled article's last edit (another
    article came out after it); when the scheduled one's time comes, it must
    still appear after that cursor, as "published".
    """
    now = timezone.now()
    scheduled = make_article("خبر زمان‌بندی‌شده برای آینه", published_at=now + dt.timedelta(hours=1))
    Article.objects.filter(pk=scheduled.pk).update(updated_at=now - dt.timedelta(minutes=10))
    other = make_article("خبر دیگر")
    Article.objects.filter(pk=other.pk).update(
        published_at=now - dt.timedelta(minutes=5), updated_at=now - dt.timedelta(minutes=5)
    )
    before = api.get("/api/v1/changes/").json()
    assert [e["id"] for e in before["results"]] == [other.pk]

    # Its time comes (with no edit: updated_at stays ten minutes ago).
    Article.objects.filter(pk=scheduled.pk).update(published_at=now - dt.timedelta(minutes=1))
    after = api.get(before["next"]).json()
    assert [(e["type"], e["id"]) for e in after["results"]] == [("published", scheduled.pk)]
    assert dt.datetime.fromisoformat(after["results"][0]["at"]) == now - dt.timedelta(minutes=1)
    # Asked by time instead of cursor, the same.
    by_time = api.get("/api/v1/changes/", {"since": (now - dt.timedelta(minutes=3)).isoformat()}).json()
    assert [(e["type"], e["id"]) for e in by_time["results"]] == [("published", scheduled.pk)]


def test_a_tombstone_is_dated_by_its_withdrawal_not_a_later_edit(api, make_article):
    now = timezone.now()
    article = make_article("خبر پس‌گرفته و ویراسته", published_at=now - dt.timedelta(days=3))
    withdrawn_at = now - dt.timedelta(days=2)
    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.WITHDRAWN, withdrawn_at=withdrawn_at, updated_at=now - dt.timedelta(hours=1)
    )
    entries = api.get("/api/v1/changes/").json()["results"]
    assert [(e["type"], e["id"]) for e in entries] == [("withdrawn", article.pk)]
    assert dt.datetime.fromisoformat(entries[0]["at"]) == withdrawn_at
    # A mirror positioned after the withdrawal but before the edit has nothing new to learn.
    since = (withdrawn_at + dt.timedelta(minutes=1)).isoformat()
    assert api.get("/api/v1/changes/", {"since": since}).json()["results"] == []


def test_an_article_public_at_the_since_time_comes_as_updated(api, make_article):
    """A mirror positioned at the very instant of publication already had the article: an edit is an update."""
    now = timezone.now()
    published_at = (now - dt.timedelta(hours=2)).replace(microsecond=0)
    article = make_article("خبر ویراسته پس از انتشار", published_at=published_at)
    Article.objects.filter(pk=article.pk).update(updated_at=now - dt.timedelta(hours=1))
    entries = api.get("/api/v1/changes/", {"since": published_at.isoformat()}).json()["results"]
    assert [(e["type"], e["id"]) for e in entries] == [("updated", article.pk)]
    earlier = (published_at - dt.timedelta(seconds=1)).isoformat()
    entries = api.get("/api/v1/changes/", {"since": earlier}).json()["results"]
    assert [(e["type"], e["id"]) for e in entries] == [("published", article.pk)]
