"""Reads that must not grow with the archive: monthly counts in SQL, related articles from the link tables."""

import datetime as dt
import random

import pytest
from django.utils import timezone

from archive_site import jalali
from articles import selectors

pytestmark = pytest.mark.django_db


def test_monthly_counts_in_sql_match_counting_each_date(make_article, make_section):
    from articles.models import Article

    section = make_section()
    rng = random.Random(7)
    # Around Jalali month starts at Tehran midnight (a Gregorian date near the 21st), and at random.
    moments = []
    for year, month in [(1400, 1), (1401, 7), (1402, 12), (1403, 12), (1404, 1)]:
        start, _ = jalali.jalali_month_range(year, month)
        midnight = jalali.start_of_day(start)
        moments += [midnight, midnight - dt.timedelta(seconds=1), midnight + dt.timedelta(hours=23, minutes=59)]
    moments += [timezone.now() - dt.timedelta(days=rng.uniform(1, 3000)) for _ in range(40)]
    for moment in moments:
        make_article(section=section, published_at=moment)
    make_article(section=section, status=Article.Status.DRAFT)
    expected = {}
    for moment in moments:
        day = jalali.to_jalali(moment)
        expected[(day.year, day.month)] = expected.get((day.year, day.month), 0) + 1
    assert selectors.count_by_jalali_month(Article.objects.public()) == expected
    year = jalali.to_jalali(moments[0]).year
    counted = {m: n for m, n in selectors.archive_months_of_year(year=year).items() if n}
    assert counted == {m: n for (y, m), n in expected.items() if y == year}


def test_related_articles_come_from_the_newest_links(make_article, make_section, django_assert_num_queries):
    from people.models import Person

    section = make_section()
    person = Person.objects.create(name="حمید فتاحی")
    article = make_article(section=section)
    article.people.add(person)
    sharing = [make_article(section=section) for _ in range(6)]
    for other in sharing:
        other.people.add(person)
    # As the article page gives it: with what it names (selectors.with_links).
    article = selectors.with_links(selectors.article_for_reader(pk=article.pk).article)
    with django_assert_num_queries(1):
        related = list(selectors.related_articles(article=article, limit=5))
    assert related == sorted(sharing, key=lambda a: (a.published_at, a.pk), reverse=True)[:5]
    # Only the newest links are candidates: the cost stays the same however many articles share the person.
    few = list(selectors.related_articles(article=article, limit=5, candidates=2))
    newest_links = sorted(sharing, key=lambda a: a.pk, reverse=True)[:2]
    assert set(few) == set(newest_links)


def test_deep_desk_pages_read_ids_first_and_list_what_offset_would(client, make_article, make_section, monkeypatch):
    from django.core.paginator import Paginator
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from archive_site import paging

    monkeypatch.setattr(paging, "DEFER_AFTER", 40)
    section = make_section(slug="deep")
    for _ in range(95):
        make_article(section=section)
    expected = Paginator(selectors.section_articles(section=section), 20)
    for number in (1, 3, 5):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/sections/deep/?page={number}", secure=True)
        assert response.status_code == 200
        page = response.context["page_obj"]
        assert list(page) == list(expected.page(number)), number
        assert page.has_next() == expected.page(number).has_next()
        if number >= 3:
            sql = " ".join(q["sql"] for q in queries.captured_queries)
            assert "OFFSET" in sql and sql.count('"articles_article"."id" IN') == 1


@pytest.mark.parametrize("slug", ["khabar", "پیام-رسان-های-داخلی", "a~b:c@d!$&'()*+,;=", "۱۴۰۵-آذر", "x y"])
def test_article_addresses_are_what_reverse_gives(slug, make_article):
    from django.urls import reverse, set_script_prefix

    article = make_article(slug=slug)
    assert article.get_absolute_url() == reverse("articles:detail", kwargs={"pk": article.pk, "slug": slug})
    set_script_prefix("/archive/")
    try:
        assert article.get_absolute_url() == reverse("articles:detail", kwargs={"pk": article.pk, "slug": slug})
    finally:
        set_script_prefix("/")


def test_month_addresses_are_what_reverse_gives():
    from django.urls import reverse

    from articles.archive_address import month_path

    for year, month in ((1405, 9), (1380, 12), (1, 1)):
        assert month_path(year, month) == reverse("articles:archive", kwargs={"year": year, "month": month})


@pytest.mark.parametrize("slug", ["science", "علم-و-فناوری", "a~b:c@d!$&'()*+,;=", "x y"])
def test_desk_addresses_are_what_reverse_gives(slug, make_section):
    from django.urls import reverse, set_script_prefix

    section = make_section(slug=slug)
    assert section.get_absolute_url() == reverse("articles:section", kwargs={"slug": slug})
    set_script_prefix("/archive/")
    try:
        assert section.get_absolute_url() == reverse("articles:section", kwargs={"slug": slug})
    finally:
        set_script_prefix("/")


def test_a_list_item_is_escaped_and_links_article_and_desk(make_article, make_section):
    from articles.templatetags.article_items import article_item
    from archive_site import jalali

    desk = make_section('علم "و" <فناوری>', slug="science")
    article = make_article("تیتر", section=desk, lead=" ".join(["واژه"] * 45))
    # Saving strips markup from headlines: what reaches the tag from older rows must still be escaped.
    article.headline = 'تیتر <script>alert("x")</script> & دیگر'
    html = article_item(article, level=2, show_lead=True)
    assert "<script>" not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; دیگر" in html
    assert f'<h2 class="item-title"><a href="{article.get_absolute_url()}">' in html
    assert '<a href="/sections/science/">علم &quot;و&quot; &lt;فناوری&gt;</a>' in html
    assert jalali.format_datetime(article.published_at) in html
    assert html.count("واژه") == 40 and "…" in html
    assert "ساعت " + jalali.format_datetime(article.published_at).rsplit(" - ", 1)[1] in article_item(article, time_only=True)
    assert "lead-short" not in article_item(article)
