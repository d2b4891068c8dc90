"""Addresses a reader trims or types: /articles/, /sections/, /archive/, the short link, and archive
addresses in Persian digits or the Gregorian calendar (301 to the Jalali month); months to come are 404."""

import datetime as dt
from html import unescape

import jdatetime
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from archive_site.text import to_persian_digits
from articles.models import Article

SECRET = "زرافه"


def text_of(response):
    return unescape(response.content.decode())


def this_month():
    return jdatetime.date.fromgregorian(date=timezone.localdate())


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


# /articles/

def test_article_list_is_every_public_article_newest_first_and_paged(client, make_article, make_section, non_public_articles):
    section = make_section()
    now = timezone.now()
    articles = [make_article(headline=f"خبر فهرست {i}", section=section, published_at=now - dt.timedelta(hours=i)) for i in range(25)]
    response = client.get("/articles/")
    assert response.status_code == 200
    listed = list(response.context["page_obj"])
    assert listed == articles[:20]  # newest first, twenty a page
    assert SECRET not in text_of(response)
    second = client.get("/articles/", {"page": 2})
    assert list(second.context["page_obj"]) == articles[20:]
    assert 'rel="prev"' in second.content.decode()
    # A page that is not a number gives the first, not a 500.
    assert client.get("/articles/", {"page": "x"}).status_code == 200


def test_article_list_query_count_does_not_grow(client, make_article, make_section):
    section = make_section()
    for _ in range(3):
        make_article(section=section)
    few = queries(client, "/articles/")
    for _ in range(15):
        make_article(section=make_section())
    assert queries(client, "/articles/") == few


# /sections/

def test_section_index_lists_desks_with_public_counts(client, make_article, make_section, non_public_articles):
    science = make_section("علم و فناوری", description="خبرهای علم و فناوری.")
    empty = make_section("ورزشی")
    make_article(section=science)
    make_article(section=science)
    for article in non_public_articles.values():
        Article.objects.filter(pk=article.pk).update(section=science)
    response = client.get("/sections/")
    assert response.status_code == 200
    page = text_of(response)
    # A desk with no public article is listed nowhere (it would tell of work not yet published).
    assert science.get_absolute_url() in response.content.decode() and empty.get_absolute_url() not in response.content.decode()
    counts = {s.pk: s.public_count for s in response.context["sections"]}
    assert counts[science.pk] == 2 and empty.pk not in counts
    assert "۲ خبر" in page


def test_section_index_query_count_does_not_grow(client, make_article, make_section):
    make_article(section=make_section())
    few = queries(client, "/sections/")
    for _ in range(10):
        make_article(section=make_section())
    assert queries(client, "/sections/") == few


def test_header_links_to_the_desk_index_not_an_anchor(client, db):
    page = client.get("/").content.decode()
    assert 'href="/sections/"' in page and "#desks" not in page


# /archive/: a year index with counts

def test_archive_index_lists_years_with_counts(client, make_article, make_section, non_public_articles):
    section = make_section()
    today = this_month()
    # 1402 had two public articles; nothing in 1403; one this year.
    make_article(section=section, published_at=timezone.make_aware(dt.datetime(2023, 5, 1, 12)))
    make_article(section=section, published_at=timezone.make_aware(dt.datetime(2023, 12, 1, 12)))
    make_article(section=section, published_at=timezone.now() - dt.timedelta(minutes=5))
    response = client.get("/archive/")
    assert response.status_code == 200
    years = dict(response.context["years"])
    assert years[1402] == 2 and years[1403] == 0 and years[today.year] >= 1
    assert list(years) == sorted(years, reverse=True)
    assert max(years) == today.year  # never a year still to come
    assert reverse("articles:archive_year", kwargs={"year": 1402}) in response.content.decode()
    assert to_persian_digits("1402") in text_of(response)


def test_archive_index_of_an_empty_archive(client, db):
    response = client.get("/archive/")
    assert response.status_code == 200 and response.context["years"] == []


def test_archive_index_query_count_does_not_grow(client, make_article, make_section):
    section = make_section()
    make_article(section=section, published_at=timezone.make_aware(dt.datetime(2024, 5, 1, 12)))
    few = queries(client, "/archive/")
    for year in range(2010, 2024):
        make_article(section=section, published_at=timezone.make_aware(dt.datetime(year, 5, 1, 12)))
    # More years (two more rows of counts) but the same number of queries.
    assert queries(client, "/archive/") == few


def test_archive_year_does_not_link_to_the_year_to_come(client, db):
    today = this_month()
    page = client.get(reverse("articles:archive_year", kwargs={"year": today.year})).content.decode()
    assert reverse("articles:archive_year", kwargs={"year": today.year + 1}) not in page
    assert reverse("articles:archive_year", kwargs={"year": today.year - 1}) in page
    last = client.get(reverse("articles:archive_year", kwargs={"year": today.year - 1})).content.decode()
    assert reverse("articles:archive_year", kwargs={"year": today.year}) in last


# Months and years to come answer 404.

def _next_month(today):
    return (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)


def test_future_years_and_months_are_404(client, db):
    today = this_month()
    year, month = _next_month(today)
    assert client.get(f"/archive/{today.year + 1}/").status_code == 404
    assert client.get(f"/archive/{today.year + 1}/1/").status_code == 404
    assert client.get(f"/archive/{year}/{month}/").status_code == 404
    assert client.get(f"/archive/{today.year}/{today.month}/").status_code == 200
    assert client.get(f"/archive/{today.year}/").status_code == 200


@pytest.mark.parametrize("path", ["/archive/x/", "/archive/1405/x/", "/archive/-1/1/", "/archive/1405/1.5/",
                                  "/archive/2026/13/", "/archive/10000/1/", "/archive/0/", "/archive/1405/۱۳/"])
def test_archive_addresses_that_are_no_month_are_404(client, db, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "<html" in response.content.decode()  # the site's Persian 404 page


# Persian digits, leading zeros and the Gregorian calendar: 301 to the Jalali address.

@pytest.mark.parametrize(
    "path, target",
    [
        ("/archive/۱۴۰۵/۰۹/", "/archive/1405/9/"),
        ("/archive/۱۴۰۵/۹/", "/archive/1405/9/"),
        ("/archive/١٤٠٥/٠٩/", "/archive/1405/9/"),  # Arabic-Indic digits
        ("/archive/1405/09/", "/archive/1405/9/"),
        ("/archive/2026/11/", "/archive/1405/8/"),  # 1 November 2026 is 10 Aban 1405; Aban holds 21 of its days
        ("/archive/2026/3/", "/archive/1404/12/"),  # 1 March 2026 is 10 Esfand 1404
        ("/archive/2026/04/", "/archive/1405/1/"),
        ("/archive/۲۰۲۶/۱۱/", "/archive/1405/8/"),
        ("/archive/۱۴۰۴/", "/archive/1404/"),
        ("/archive/2025/", "/archive/1404/"),
    ],
)
def test_other_spellings_redirect_permanently_to_the_jalali_address(client, db, path, target):
    response = client.get(path)
    assert response.status_code == 301, path
    assert response["Location"] == target
    assert client.get(target).status_code == 200


def test_gregorian_month_still_to_come_is_404_not_a_redirect(client, db):
    today = timezone.localdate()
    year = today.year + 1
    assert client.get(f"/archive/{year}/{today.month}/").status_code == 404
    assert client.get(f"/archive/{year + 1}/").status_code == 404


def test_month_archive_groups_articles_by_day(client, make_article, make_section):
    section = make_section()
    # 2026-11-22 is 1 Azar 1405, a Sunday; 2026-11-23 is 2 Azar.
    first = make_article(headline="خبر روز یکم", section=section, published_at=timezone.make_aware(dt.datetime(2026, 11, 22, 9)))
    second = make_article(headline="خبر دوم روز یکم", section=section, published_at=timezone.make_aware(dt.datetime(2026, 11, 22, 18)))
    third = make_article(headline="خبر روز دوم", section=section, published_at=timezone.make_aware(dt.datetime(2026, 11, 23, 8, 5)))
    response = client.get("/archive/1405/9/")
    days = response.context["days"]
    assert [[a.pk for a in day["articles"]] for day in days] == [[first.pk, second.pk], [third.pk]]
    page = text_of(response)
    assert "یکشنبه ۱ آذر ۱۴۰۵" in page and "دوشنبه ۲ آذر ۱۴۰۵" in page
    assert "ساعت ۰۸:۰۵" in page
    assert page.index("یکشنبه ۱ آذر ۱۴۰۵") < page.index("خبر روز یکم") < page.index("دوشنبه ۲ آذر ۱۴۰۵") < page.index("خبر روز دوم")


# The short link.

def test_short_link_redirects_to_the_article(client, make_article):
    article = make_article()
    for path in (f"/a/{article.pk}", f"/a/{article.pk}/"):
        response = client.get(path)
        assert response.status_code == 301
        assert response["Location"] == article.get_absolute_url()


def test_short_link_never_reveals_what_is_not_public(client, non_public_articles):
    for kind in ("draft", "review", "scheduled"):
        response = client.get(f"/a/{non_public_articles[kind].pk}")
        assert response.status_code == 404, kind
        assert SECRET not in text_of(response)
    withdrawn = non_public_articles["withdrawn"]
    response = client.get(f"/a/{withdrawn.pk}")
    assert response.status_code == 301 and "/" + str(withdrawn.pk) + "/" in response["Location"]
    assert withdrawn.slug not in response["Location"]
    assert client.get(response["Location"]).status_code == 410
    assert client.get("/a/987654321").status_code == 404


def test_list_leads_are_cut_with_an_ellipsis_character(client, make_article):
    make_article(lead=" ".join(["واژه"] * 60))
    page = text_of(client.get("/articles/"))
    assert "واژه …" in page and "..." not in page
