"""Answers bounded whatever the articles hold (issue 7, item 8): statements capped per article, text per page.

Before: `/api/v1/articles/?show-fields=all&page-size=100` carried every
statement of every article and every body whole (tens of megabytes, seconds).
"""

import gzip
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.api import STATEMENTS_IN_DETAIL, STATEMENTS_IN_LIST
from articles.models import Statement

pytestmark = pytest.mark.django_db

STATEMENT = "سخنگو گفت پیام‌رسان‌های داخلی باید کیفیت خود را بالا ببرند."


def _add_statements(article, count, speaker=None, platform=None):
    Statement.objects.bulk_create(
        [Statement(article=article, text=f"{STATEMENT} ({n})", speaker=speaker, position=n) for n in range(count)]
    )
    if platform is not None:
        through = Statement.platforms.through
        through.objects.bulk_create(
            [through(statement_id=pk, platform_id=platform.pk) for pk in article.statements.values_list("pk", flat=True)]
        )


@pytest.fixture
def talkative(archive, make_article):
    """An article with 500 statements, the newest of the archive."""
    article = make_article("خبری با پانصد گفته", section=archive["science"])
    _add_statements(article, 500, speaker=archive["fattahi"], platform=archive["gap"])
    return article


def test_a_list_carries_at_most_the_cap_of_statements_with_their_count_and_link(api, talkative):
    body = api.get("/api/v1/articles/?show-fields=all&page-size=100").json()
    item = next(i for i in body["results"] if i["id"] == talkative.pk)
    assert len(item["statements"]) == STATEMENTS_IN_LIST
    assert [s["position"] for s in item["statements"]] == list(range(STATEMENTS_IN_LIST))  # the first, in order
    assert item["statements"][0]["speaker"]["slug"] == "hamid-fattahi"
    assert item["statements_count"] == 500
    assert item["statements_url"] == f"https://testserver/api/v1/statements/?article={talkative.pk}"
    for other in body["results"]:
        assert len(other["statements"]) <= STATEMENTS_IN_LIST
        assert other["statements_count"] >= len(other["statements"])


def test_the_statements_url_pages_through_all_of_them(api, talkative):
    item = api.get("/api/v1/articles/?show-fields=statements&page-size=1").json()["results"][0]
    assert api.get(item["statements_url"]).json()["total"] == item["statements_count"] == 500
    url, seen = item["statements_url"] + "&page-size=100", []
    while url:
        page = api.get(url)
        assert page.status_code == 200
        seen += [s["id"] for s in page.json()["results"]]
        url = page.json()["next"]
    assert len(seen) == len(set(seen)) == 500


def test_a_detail_carries_up_to_its_own_cap(api, talkative):
    detail = api.get(f"/api/v1/articles/{talkative.pk}/?show-fields=statements").json()
    assert len(detail["statements"]) == min(500, STATEMENTS_IN_DETAIL)
    assert detail["statements_count"] == 500
    assert detail["statements_url"].endswith(f"/api/v1/statements/?article={talkative.pk}")


def test_count_and_link_come_only_with_statements(api, talkative):
    plain = api.get(f"/api/v1/articles/{talkative.pk}/?show-fields=body").json()
    assert not {"statements", "statements_count", "statements_url"} & set(plain)
    listed = api.get("/api/v1/articles/").json()["results"][0]
    assert "statements_count" not in listed


def test_an_article_without_statements_counts_zero(api, archive, make_article):
    quiet = make_article("خبری بی گفته", section=archive["science"])
    item = next(i for i in api.get("/api/v1/articles/?show-fields=statements").json()["results"] if i["id"] == quiet.pk)
    assert item["statements"] == [] and item["statements_count"] == 0


def test_the_cap_costs_no_query_per_article(api, archive, make_article):
    for n in range(12):
        _add_statements(make_article(section=archive["science"]), 30, speaker=archive["fattahi"], platform=archive["gap"])

    def queries(size):
        with CaptureQueriesContext(connection) as captured:
            body = api.get(f"/api/v1/articles/?show-fields=statements,body&page-size={size}").json()
        assert all(len(i["statements"]) <= STATEMENTS_IN_LIST for i in body["results"])
        return len(captured)

    assert queries(2) == queries(12)


@pytest.fixture
def long_articles(archive, make_article):
    """Forty articles of 20,000 characters each, with 50 statements apiece."""
    body = ("متن بلند خبر دربارهٔ پیام‌رسان‌های داخلی. " * 500)[:20_000]
    made = []
    for n in range(40):
        article = make_article(f"خبر بلند {n}", section=archive["science"], body=body)
        _add_statements(article, 50, speaker=archive["fattahi"])
        made.append(article)
    return made


def test_a_page_of_long_articles_stays_within_the_text_budget(api, long_articles, settings):
    settings.API_PAGE_TEXT_BUDGET = 100_000
    response = api.get("/api/v1/articles/?show-fields=all&page-size=100")
    assert response.status_code == 200
    body = response.json()
    # body + jsonld's articleBody: 40,000+ characters an article, so two fit.
    assert 1 <= len(body["results"]) <= 2
    assert len(response.content) < 2 * settings.API_PAGE_TEXT_BUDGET * 2  # UTF-8 Persian: 2 bytes a character
    assert body["next"] is not None and body["page_size"] == 100
    # Following next reaches every article once, in order.
    seen, url = [], "/api/v1/articles/?show-fields=all&page-size=100"
    while url:
        page = api.get(url).json()
        seen += [item["id"] for item in page["results"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == body["total"] == 42


def test_one_article_over_the_budget_still_makes_a_page(api, long_articles, settings):
    settings.API_PAGE_TEXT_BUDGET = 1_000
    body = api.get("/api/v1/articles/?show-fields=body&page-size=5").json()
    assert len(body["results"]) == 1 and body["next"]


def test_a_page_without_text_fields_is_not_cut(api, long_articles, settings):
    settings.API_PAGE_TEXT_BUDGET = 1_000
    assert len(api.get("/api/v1/articles/?page-size=100").json()["results"]) == 42


def test_the_default_budget_bounds_the_worst_page(api, long_articles, settings):
    response = api.get("/api/v1/articles/?show-fields=all&page-size=100")
    # 42 articles of 40,000 characters fit the default budget; none exceeds the cap of statements.
    assert len(response.content) < 4 * settings.API_PAGE_TEXT_BUDGET
    packed = api.get("/api/v1/articles/?show-fields=all&page-size=100", HTTP_ACCEPT_ENCODING="gzip")
    assert packed["Content-Encoding"] == "gzip"
    assert len(packed.content) < len(response.content) / 4
    assert json.loads(gzip.decompress(packed.content)) == response.json()


def test_the_feed_is_bounded_the_same_way(api, long_articles, talkative, settings):
    settings.API_PAGE_TEXT_BUDGET = 100_000
    url, seen = "/api/v1/changes/?show-fields=all&page-size=100", {}
    response = api.get(url)
    first = response.json()
    # The archive's two short articles come first, then two long ones fill the budget.
    assert 1 <= len(first["results"]) <= 4 and first["more"] is True
    assert len(response.content) < 2 * settings.API_PAGE_TEXT_BUDGET * 2
    while True:
        body = api.get(url).json()
        for entry in body["results"]:
            article = entry["article"]
            assert len(article["statements"]) <= STATEMENTS_IN_LIST
            seen[entry["id"]] = article
        url = body["next"]
        if not body["more"]:
            break
    assert len(seen) == 43
    assert seen[talkative.pk]["statements_count"] == 500


@pytest.mark.parametrize("query, name", [
    ("show-fields=statements_count", "show-fields"),
    ("show-fields=statements_url", "show-fields"),
    ("show-fields=all&page-size=0", "page-size"),
    ("show-fields=all&page-size=101", "page-size"),
    ("show-fields=related", "show-fields"),
])
def test_bad_parameters_are_still_clear_400s(api, talkative, query, name):
    for path in ("/api/v1/articles/", "/api/v1/changes/"):
        response = api.get(f"{path}?{query}")
        assert response.status_code == 400, (path, query)
        assert name in response.json()["error"]["fields"]
