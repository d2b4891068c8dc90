"""Cursor paging through several pages, page-size limits, and HTTP caching (ETag, Last-Modified, 304)."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from django.utils.http import http_date

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_articles(make_article, make_section):
    section = make_section("ورزشی", slug="sport")
    moment = timezone.now() - dt.timedelta(days=1)
    # Several share one published_at: paging must still neither skip nor repeat them.
    return [make_article(f"خبر ورزشی {n}", section=section, published_at=moment - dt.timedelta(minutes=n // 3)) for n in range(25)]


def _walk(api, url):
    seen, pages = [], 0
    while url:
        response = api.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        seen += [item["id"] for item in body["results"]]
        url = body["next"]
        pages += 1
        assert pages < 50
    return seen, pages


@pytest.mark.parametrize("order", ["newest", "oldest"])
def test_cursor_pages_cover_everything_once_in_order(api, many_articles, order):
    seen, pages = _walk(api, f"/api/v1/articles/?section=sport&page-size=4&order-by={order}")
    assert pages == 7
    assert len(seen) == len(set(seen)) == 25
    ordered = sorted(many_articles, key=lambda a: (a.published_at, a.pk), reverse=order == "newest")
    assert seen == [a.pk for a in ordered]


def test_items_published_meanwhile_do_not_shift_the_pages(api, many_articles, make_article):
    first = api.get("/api/v1/articles/?section=sport&page-size=5").json()
    make_article("خبر تازه", section=many_articles[0].section)
    second = api.get(first["next"]).json()
    assert second["results"][0]["id"] not in {item["id"] for item in first["results"]}
    expected = sorted(many_articles, key=lambda a: (a.published_at, a.pk), reverse=True)
    assert [i["id"] for i in second["results"]] == [a.pk for a in expected[5:10]]


def test_total_counts_the_filtered_list(api, many_articles):
    assert api.get("/api/v1/articles/?section=sport&page-size=3").json()["total"] == 25


def test_search_results_page_by_relevance(api, many_articles):
    seen, _ = _walk(api, "/api/v1/articles/?q=ورزشی&page-size=4")
    assert sorted(seen) == sorted(a.pk for a in many_articles)


def test_paging_other_lists(api, archive, many_articles):
    seen, pages = _walk(api, "/api/v1/platforms/?page-size=5")
    assert pages >= 3 and len(seen) == len(set(seen))
    seen, _ = _walk(api, "/api/v1/sections/?page-size=1")
    assert len(seen) == len(set(seen)) >= 3


@pytest.mark.parametrize("cursor", ["garbage", "eyJvIjoib2xkZXN0IiwidiI6WzEsMl19", "eyJvIjoibmV3ZXN0IiwidiI6WyJ4IiwxXX0", "%%%"])
def test_bad_cursor_is_a_400_naming_cursor(api, many_articles, cursor):
    response = api.get("/api/v1/articles/", {"cursor": cursor})
    assert response.status_code == 400
    assert "cursor" in response.json()["error"]["fields"]


def test_cursor_of_another_order_is_refused(api, many_articles):
    next_url = api.get("/api/v1/articles/?page-size=2&order-by=oldest").json()["next"]
    cursor = parse_qs(urlsplit(next_url).query)["cursor"][0]
    response = api.get("/api/v1/articles/", {"cursor": cursor})
    assert response.status_code == 400


@pytest.mark.parametrize("size", ["0", "-1", "abc", "101", "1.5", "۱۰۱"])
def test_page_size_is_bounded(api, many_articles, size, settings):
    settings.API_MAX_PAGE_SIZE = 100
    response = api.get("/api/v1/articles/", {"page-size": size})
    assert response.status_code == 400
    assert "page-size" in response.json()["error"]["fields"]


def test_page_size_takes_persian_digits(api, many_articles):
    assert len(api.get("/api/v1/articles/", {"page-size": "۵"}).json()["results"]) == 5


def test_relevance_pages_follow_the_ranking(api, make_article):
    # Ranks differ (the word's weight in headline, lead, body): paging must keep the one-page order.
    for n in range(9):
        make_article(
            "دلفین " * (n % 3 + 1) + f"خبر {n}" if n % 2 else f"خبر {n}",
            lead="دلفین" if n % 3 else "لید", body="دلفین " * (n + 1),
        )
    whole = [item["id"] for item in api.get("/api/v1/articles/?q=دلفین&page-size=100").json()["results"]]
    paged, _ = _walk(api, "/api/v1/articles/?q=دلفین&page-size=2")
    assert len(whole) == 9 and paged == whole


def test_relevance_ranks_the_newest_window_of_matches(api, make_article, monkeypatch):
    from archive_site import search

    monkeypatch.setattr(search, "RANK_WINDOW", 3)
    articles = [make_article(f"خبر دلفین {n}") for n in range(5)]
    newest_three = {a.pk for a in sorted(articles, key=lambda a: a.published_at, reverse=True)[:3]}
    ranked = {i["id"] for i in api.get("/api/v1/articles/?q=دلفین&page-size=100").json()["results"]}
    assert ranked == newest_three
    everything = {i["id"] for i in api.get("/api/v1/articles/?q=دلفین&order-by=newest&page-size=100").json()["results"]}
    assert everything == {a.pk for a in articles}


def test_page_size_cap_follows_settings(api, many_articles, settings):
    settings.API_MAX_PAGE_SIZE = 10
    assert api.get("/api/v1/articles/?page-size=11").status_code == 400
    assert len(api.get("/api/v1/articles/?page-size=10").json()["results"]) == 10


def test_etag_and_304_on_if_none_match(api, archive):
    url = f"/api/v1/articles/{archive['founding'].pk}/"
    first = api.get(url)
    etag = first["ETag"]
    assert etag.startswith('"') and first["Last-Modified"]
    assert first["Cache-Control"] == "public, max-age=60"
    assert "Authorization" in first["Vary"]
    again = api.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    listing = api.get("/api/v1/articles/")
    assert api.get("/api/v1/articles/", HTTP_IF_NONE_MATCH=listing["ETag"]).status_code == 304


def test_a_change_changes_the_etag(api, archive):
    url = f"/api/v1/articles/{archive['founding'].pk}/"
    etag = api.get(url)["ETag"]
    archive["fattahi"].name = "حمید فتاحی (معاون وزیر)"
    archive["fattahi"].save()
    response = api.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_if_modified_since_on_a_detail(api, archive):
    url = f"/api/v1/articles/{archive['founding'].pk}/"
    last_modified = api.get(url)["Last-Modified"]
    assert api.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    earlier = http_date((archive["founding"].updated_at - dt.timedelta(days=1)).timestamp())
    assert api.get(url, HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200


def test_lists_are_revalidated_by_etag_only(api, archive):
    # A withdrawn item leaves a list without any remaining item changing.
    response = api.get("/api/v1/articles/")
    assert api.get("/api/v1/articles/", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]).status_code == 200


def test_errors_are_not_stored_by_caches(api, archive):
    response = api.get("/api/v1/articles/?from-date=bad")
    assert response["Cache-Control"] == "no-store"
