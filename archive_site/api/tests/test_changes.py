"""The change feed through a publish, an edit and a withdrawal."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from articles.models import Article, ArticleChange

pytestmark = pytest.mark.django_db


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
    # A time is a starting point in the log: every entry logged after it comes (some before it may too).
    for article in (archive["founding"], archive["politics_article"]):
        ArticleChange.objects.filter(article_id=article.pk).update(at=article.published_at)
    ids = [e["id"] for e in api.get("/api/v1/changes/", {"since": since}).json()["results"]]
    assert sorted(ids) == sorted([archive["founding"].pk, archive["politics_article"].pk])
    later = [e["id"] for e in api.get("/api/v1/changes/", {"since": "1397-12-01"}).json()["results"]]
    assert archive["politics_article"].pk in later
    # Nothing logged after it yet: the same time is asked again later.
    body = api.get("/api/v1/changes/", {"since": "1450-01-01"}).json()
    assert body["results"] == [] and _since(body["next"]) == "1450-01-01"


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
    # Scheduled articles due? The log page; first publications in it; its articles; their people, organizations, platforms.
    with django_assert_num_queries(7):
        api.get("/api/v1/changes/?page-size=2")
    with django_assert_num_queries(7):
        api.get("/api/v1/changes/?page-size=12")


def test_a_cursor_of_api_1_0_still_works_as_a_time(api, archive):
    from archive_site.api.changes import OLD_ORDERING

    old = OLD_ORDERING.encode([timezone.now() - dt.timedelta(days=1), 5])
    body = api.get("/api/v1/changes/", {"since": old}).json()
    assert {e["id"] for e in body["results"]} == {archive["founding"].pk, archive["politics_article"].pk}


def test_relinking_reaches_the_feed(api, archive, make_article):
    from articles.importer.services import relink_mentions

    start = api.get("/api/v1/changes/").json()["next"]
    article = archive["politics_article"]
    article.body = "حمید فتاحی دربارهٔ گپ سخن گفت."
    Article.objects.filter(pk=article.pk).update(body=article.body)  # no signal: only relinking logs it
    assert api.get(start).json()["results"] == []
    relink_mentions(articles=Article.objects.filter(pk=article.pk))
    assert [e["id"] for e in api.get(start).json()["results"]] == [article.pk]
