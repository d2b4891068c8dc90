"""The reader pages of the articles app: home, article, desk, conferences, archive."""

import datetime as dt
import json
import re
from html import unescape
from urllib.parse import unquote

import jdatetime
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, PressConference, Statement
from people.models import Organization, Participation, Person, Role
from platforms.models import Platform

SECRET = "زرافه"


def text_of(response):
    return unescape(response.content.decode())


@pytest.fixture
def founding(make_article, make_section):
    """The founding article's world: a desk, a confirmed conference, a person with a role, platforms, statements."""
    section = make_section("علم و فناوری")
    union = Organization.objects.create(name="اتحادیه جامعه اسلامی دانشجویان", kind="student")
    ministry = Organization.objects.create(name="وزارت ارتباطات و فناوری اطلاعات", kind="government")
    fattahi = Person.objects.create(name="حمید فتاحی")
    role = Role.objects.create(person=fattahi, organization=ministry, title="معاون وزیر", start_date=dt.date(2016, 9, 1))
    telegram = Platform.objects.create(name="تلگرام", latin_name="Telegram", origin="foreign")
    hotgram = Platform.objects.create(name="هاتگرام", origin="domestic", kind="unofficial_client", parent=telegram)
    gap = Platform.objects.create(name="گپ", origin="domestic")
    published_at = timezone.make_aware(dt.datetime(2026, 11, 26, 14, 30))  # پنجشنبه ۵ آذر ۱۴۰۵ - ۱۴:۳۰
    conference = PressConference.objects.create(
        title="بررسی علل عدم مهاجرت مردم به پیام‌رسان‌های داخلی", host=union, venue="تالار اتحادیه",
        starts_at=published_at - dt.timedelta(hours=3), confirmed=True,
    )
    Participation.objects.create(conference=conference, person=fattahi, role=role)
    article = make_article(
        headline="فتاحی: فقط در پیام رسان گپ و نوا عضو هستیم / انتظارات در سند حمایتی برآورده نشد",
        lead="معاون وزیر گفت: من تنها در تعداد محدودی از پیامرسانهای داخلی عضو هستیم.",
        body="بند نخست دربارهٔ پیامرسانهای داخلی.\n\nبند دوم دربارهٔ هاتگرام.",
        section=section, published_at=published_at, reporter="خبرنگار گروه علم و فناوری",
        message_code="AB-1234", conference=conference,
    )
    article.people.add(fattahi)
    article.organizations.add(ministry)
    article.platforms.add(gap, hotgram)
    statement = Statement.objects.create(
        article=article, conference=conference, speaker=fattahi, text="از پیامرسانهای داخلی فقط در گپ و نوا عضو هستیم."
    )
    statement.platforms.add(gap)
    return {
        "section": section, "article": article, "conference": conference, "person": fattahi, "role": role,
        "telegram": telegram, "hotgram": hotgram, "gap": gap, "ministry": ministry, "statement": statement,
    }


def add_articles(make_article, count, *, section, person=None, platform=None, conference=None, days_ago=1):
    """`count` public articles linked to what is given, all inside the same Jalali month as `days_ago`."""
    made = []
    for index in range(count):
        article = make_article(
            headline=f"خبر افزوده {index}", section=section, conference=conference,
            published_at=timezone.now() - dt.timedelta(days=days_ago, minutes=index),
        )
        if person:
            article.people.add(person)
        if platform:
            article.platforms.add(platform)
        made.append(article)
    return made


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


# Home.

def test_home_shows_latest_articles_conferences_desks_and_platforms(client, founding):
    response = client.get(reverse("articles:home"))
    assert response.status_code == 200
    page = text_of(response)
    assert founding["article"].headline in page
    assert founding["conference"].title in page
    assert founding["section"].name in page
    assert "هاتگرام" in page and "گپ" in page  # platforms in the news
    assert '<html lang="fa" dir="rtl">' in page


def test_home_ranks_platforms_by_recent_public_mentions(client, founding, make_article, non_public_articles):
    for article in non_public_articles.values():
        article.platforms.add(founding["telegram"])  # mentions that must not count
    old = make_article(section=founding["section"], published_at=timezone.now() - dt.timedelta(days=400))
    old.platforms.add(founding["telegram"])
    response = client.get(reverse("articles:home"))
    ranked = [p.name for p in response.context["platforms_in_news"]]
    assert "تلگرام" not in ranked
    assert set(ranked) == {"گپ", "هاتگرام"}


def test_home_query_count_does_not_grow(client, founding, make_article):
    url = reverse("articles:home")
    add_articles(make_article, 3, section=founding["section"], platform=founding["gap"])
    few = count_queries(client, url)
    add_articles(make_article, 15, section=founding["section"], platform=founding["telegram"])
    assert count_queries(client, url) == few
    assert few <= 5


# The article page.

def test_article_page_shows_everything_the_issue_lists(client, founding):
    article = founding["article"]
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    page = text_of(response)
    for clause in article.headline_clauses:
        assert clause in page
    assert article.lead in page
    words = re.sub(r"<[^>]+>", "", page)  # first mentions in the body are links now
    assert "بند نخست دربارهٔ پیامرسانهای داخلی." in words and "بند دوم دربارهٔ هاتگرام." in words
    assert "پنجشنبه ۵ آذر ۱۴۰۵ - ۱۴:۳۰" in page  # Jalali, Persian digits
    assert "خبرنگار گروه علم و فناوری ایسکانیوز" in page
    assert '<bdi dir="ltr">AB-1234</bdi>' in page  # the code keeps its direction
    assert founding["person"].get_absolute_url() in response.content.decode()
    assert founding["ministry"].name in page
    assert founding["gap"].get_absolute_url() in response.content.decode()
    assert founding["conference"].get_absolute_url() in response.content.decode()
    assert founding["statement"].text in page
    assert '<link rel="canonical" href="http://' in page and unquote(article.get_absolute_url()) in unquote(page)
    assert '<meta property="og:title"' in page and '<meta property="og:type" content="article">' in page


def test_article_json_ld_is_a_news_article_and_cannot_close_its_script(client, founding):
    article = founding["article"]
    article.headline = "تیتر با </script><script>alert(1)</script> / دوم"
    article.save()
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match and "<" not in match.group(1)
    data = json.loads(match.group(1))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.headline
    assert data["datePublished"].startswith("2026-11-26T14:30:00")
    assert {"@type": "Person", "name": "حمید فتاحی"} in data["mentions"]


@pytest.mark.parametrize("slug", [None, "نامک-نادرست", "wrong"])
def test_wrong_or_missing_slug_redirects_permanently(client, founding, slug):
    article = founding["article"]
    url = f"/articles/{article.pk}/" + (f"{slug}/" if slug else "")
    response = client.get(url)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


@pytest.mark.parametrize("kind", ["draft", "review", "scheduled"])
def test_articles_that_are_not_public_answer_404(client, non_public_articles, kind):
    article = non_public_articles[kind]
    response = client.get(f"/articles/{article.pk}/{article.slug}/")
    assert response.status_code == 404
    assert SECRET not in text_of(response)
    assert client.get(f"/articles/{article.pk}/").status_code == 404


def test_withdrawn_article_answers_410_with_when_and_nothing_of_its_text(client, non_public_articles):
    article = non_public_articles["withdrawn"]
    article.lead = "لید پنهان"
    article.save()
    for url in (f"/articles/{article.pk}/{article.slug}/", f"/articles/{article.pk}/"):
        response = client.get(url)
        assert response.status_code == 410
        page = text_of(response)
        # Issue 9: the notice names the article (its headline), never its text.
        assert "متن پنهان" not in page and "لید پنهان" not in page
        assert "پس‌گرفته محرمانه زرافه" in page
        assert "پس گرفته" in page
        j = jdatetime.datetime.fromgregorian(datetime=timezone.localtime(article.withdrawn_at).replace(tzinfo=None))
        assert f"{j.day} {['فروردین','اردیبهشت','خرداد','تیر','مرداد','شهریور','مهر','آبان','آذر','دی','بهمن','اسفند'][j.month - 1]}" \
            .translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")) in page


def test_unknown_article_is_404(client, db):
    assert client.get("/articles/999999/x/").status_code == 404
    assert client.get("/articles/99999999999999999999999/x/").status_code == 404


def test_unconfirmed_conference_is_not_shown_on_the_article(client, founding):
    PressConference.objects.filter(pk=founding["conference"].pk).update(confirmed=False)
    response = client.get(founding["article"].get_absolute_url())
    assert founding["conference"].get_absolute_url() not in response.content.decode()


def test_related_articles_share_a_platform_or_person_and_are_public(client, founding, make_article, non_public_articles):
    related = make_article(headline="خبر هم‌سکو", section=founding["section"])
    related.platforms.add(founding["gap"])
    unrelated = make_article(headline="خبر بی‌ربط", section=founding["section"])
    non_public_articles["draft"].platforms.add(founding["gap"])
    response = client.get(founding["article"].get_absolute_url())
    assert list(response.context["related"]) == [related]
    page = text_of(response)
    assert unrelated.headline not in page and SECRET not in page


def test_article_page_query_count_does_not_grow(client, founding, make_article):
    article = founding["article"]
    url = article.get_absolute_url()
    few = count_queries(client, url)
    for index in range(12):
        person = Person.objects.create(name=f"شخص {index}")
        platform = Platform.objects.create(name=f"سکو {index}", origin="domestic")
        organization = Organization.objects.create(name=f"سازمان {index}")
        article.people.add(person)
        article.platforms.add(platform)
        article.organizations.add(organization)
        statement = Statement.objects.create(article=article, speaker=person, text=f"گفتهٔ {index}", position=index + 1)
        statement.platforms.add(platform, founding["gap"])
    add_articles(make_article, 10, section=founding["section"], platform=founding["gap"], person=founding["person"])
    assert count_queries(client, url) == few
    assert few <= 12  # + the aliases (linking first mentions) and the corrections


# Desk pages.

def test_desk_page_lists_its_public_articles_paginated(client, founding, make_article, make_section, non_public_articles):
    other = make_article(headline="خبر گروه دیگر", section=make_section("سیاسی"))
    for article in non_public_articles.values():
        Article.objects.filter(pk=article.pk).update(section=founding["section"])
    add_articles(make_article, 25, section=founding["section"])
    url = founding["section"].get_absolute_url()
    response = client.get(url)
    assert response.status_code == 200
    page = text_of(response)
    assert other.headline not in page and SECRET not in page
    assert response.context["page_obj"].paginator.count == 26
    assert "صفحهٔ ۱ از ۲" in page
    second = client.get(url, {"page": "2"})
    assert second.status_code == 200 and len(second.context["page_obj"]) == 6
    assert founding["article"].headline in text_of(second)  # the oldest, last


@pytest.mark.parametrize("page", ["abc", "0", "-1", "99999", "1" * 40, ""])
def test_bad_page_numbers_never_fail(client, founding, page):
    response = client.get(founding["section"].get_absolute_url(), {"page": page})
    assert response.status_code in (200, 404)


def test_unknown_desk_is_404(client, db):
    assert client.get("/sections/نیست/").status_code == 404


def test_desk_page_query_count_does_not_grow(client, founding, make_article):
    url = founding["section"].get_absolute_url()
    add_articles(make_article, 3, section=founding["section"])
    few = count_queries(client, url)
    add_articles(make_article, 15, section=founding["section"])
    assert count_queries(client, url) == few


# Press conferences.

def test_conference_page_shows_participants_with_their_role_then_statements_and_articles(client, founding, non_public_articles):
    conference = founding["conference"]
    hidden = Statement.objects.create(article=non_public_articles["draft"], conference=conference, text="گفتهٔ پنهان زرافه")
    Article.objects.filter(pk=non_public_articles["review"].pk).update(conference=conference)
    response = client.get(conference.get_absolute_url())
    assert response.status_code == 200
    page = text_of(response)
    assert conference.title in page
    assert "اتحادیه جامعه اسلامی دانشجویان" in page and "تالار اتحادیه" in page
    assert "حمید فتاحی" in page and "معاون وزیر" in page
    assert founding["statement"].text in page
    assert founding["article"].headline in page
    assert "۵ آذر ۱۴۰۵" in page
    assert hidden.text not in page and SECRET not in page


def test_unconfirmed_conference_is_404_and_not_listed(client, founding):
    draft = PressConference.objects.create(title="نشست تأییدنشده", confirmed=False)
    assert client.get(draft.get_absolute_url()).status_code == 404
    listing = client.get(reverse("articles:conferences"))
    assert listing.status_code == 200
    assert "نشست تأییدنشده" not in text_of(listing)
    assert founding["conference"].title in text_of(listing)


def test_conference_wrong_slug_redirects(client, founding):
    conference = founding["conference"]
    for url in (f"/conferences/{conference.pk}/", f"/conferences/{conference.pk}/x/"):
        response = client.get(url)
        assert response.status_code == 301 and response["Location"] == conference.get_absolute_url()


def test_conference_pages_query_count_does_not_grow(client, founding, make_article):
    conference = founding["conference"]
    detail, listing = conference.get_absolute_url(), reverse("articles:conferences")
    few = (count_queries(client, detail), count_queries(client, listing))
    for index in range(10):
        person = Person.objects.create(name=f"حاضر {index}")
        role = Role.objects.create(person=person, organization=founding["ministry"], title=f"سمت {index}")
        Participation.objects.create(conference=conference, person=person, role=role, order=index + 1)
        statement = Statement.objects.create(article=founding["article"], conference=conference, speaker=person, text="گفته")
        statement.platforms.add(founding["gap"], founding["telegram"])
        PressConference.objects.create(title=f"نشست {index}", confirmed=True, host=founding["ministry"])
    add_articles(make_article, 10, section=founding["section"], conference=conference)
    assert (count_queries(client, detail), count_queries(client, listing)) == few


# The archive by Jalali month.

def test_archive_month_lists_that_months_public_articles_in_tehran_time(client, make_article, make_section, non_public_articles):
    section = make_section()
    # 1 Azar 1405 begins at 2026-11-22 00:00 in Tehran, which is 2026-11-21 20:30 UTC.
    first_minute = make_article(headline="نخستین دقیقهٔ آذر", section=section,
                                published_at=timezone.make_aware(dt.datetime(2026, 11, 22, 0, 1)))
    last_of_aban = make_article(headline="آخرین دقیقهٔ آبان", section=section,
                                published_at=timezone.make_aware(dt.datetime(2026, 11, 21, 23, 59)))
    for kind in ("draft", "review", "withdrawn"):  # (the scheduled one keeps its future time)
        Article.objects.filter(pk=non_public_articles[kind].pk).update(
            published_at=timezone.make_aware(dt.datetime(2026, 11, 23, 10))
        )
    response = client.get(reverse("articles:archive", kwargs={"year": 1405, "month": 9}))
    assert response.status_code == 200
    page = text_of(response)
    assert "آرشیو آذر ۱۴۰۵" in page
    assert first_minute.headline in page
    assert last_of_aban.headline not in page and SECRET not in page
    # Navigation: back to Aban (it has an article); nothing after Azar yet except the future.
    assert reverse("articles:archive", kwargs={"year": 1405, "month": 8}) in response.content.decode()
    assert reverse("articles:archive", kwargs={"year": 1405, "month": 10}) not in response.content.decode()
    aban = client.get(reverse("articles:archive", kwargs={"year": 1405, "month": 8}))
    assert last_of_aban.headline in text_of(aban)
    assert reverse("articles:archive", kwargs={"year": 1405, "month": 9}) in aban.content.decode()


@pytest.mark.parametrize("path", ["/archive/1405/13/", "/archive/1405/0/", "/archive/0/1/", "/archive/99999/1/",
                                  "/archive/1405/99999999999999999999/", "/archive/99999999999999999999999/"])
def test_impossible_months_are_404(client, db, path):
    assert client.get(path).status_code == 404


def test_archive_index_is_the_year_index_linking_this_year(client, db):
    # Once a redirect to this month; now a year index (see test_reader_addresses.py).
    response = client.get("/archive/")
    assert response.status_code == 200
    today = jdatetime.date.fromgregorian(date=timezone.localdate())
    assert reverse("articles:archive_year", kwargs={"year": today.year}) not in response.content.decode()  # empty archive


def test_archive_year_counts_public_articles_per_month(client, make_article, make_section, non_public_articles):
    make_article(section=make_section(), published_at=timezone.make_aware(dt.datetime(2026, 11, 25, 12)))
    response = client.get(reverse("articles:archive_year", kwargs={"year": 1405}))
    assert response.status_code == 200
    months = {m["number"]: m["count"] for m in response.context["months"]}
    assert months[9] == 1 and sum(months.values()) == 1


def test_archive_month_query_count_does_not_grow(client, make_article, make_section):
    section = make_section()
    url = reverse("articles:archive", kwargs={"year": 1405, "month": 9})
    at = timezone.make_aware(dt.datetime(2026, 11, 25, 12))
    for index in range(3):
        make_article(section=section, published_at=at - dt.timedelta(minutes=index))
    few = count_queries(client, url)
    for index in range(15):
        make_article(section=section, published_at=at - dt.timedelta(hours=index + 1))
    assert count_queries(client, url) == few


# Nothing that is not public, anywhere on these pages.

def test_no_page_of_this_app_shows_non_public_articles(client, founding, non_public_articles):
    for article in non_public_articles.values():
        article.platforms.add(founding["gap"])
        article.people.add(founding["person"])
        Article.objects.filter(pk=article.pk).update(section=founding["section"], conference=founding["conference"])
    today = jdatetime.date.fromgregorian(date=timezone.localdate())
    urls = [
        reverse("articles:home"), founding["section"].get_absolute_url(), reverse("articles:conferences"),
        founding["conference"].get_absolute_url(), founding["article"].get_absolute_url(),
        reverse("articles:archive", kwargs={"year": today.year, "month": today.month}),
        reverse("articles:archive_year", kwargs={"year": today.year}),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert SECRET not in text_of(response), url


def test_pages_are_rtl_persian_with_the_font_and_feeds(client, founding):
    page = client.get(reverse("articles:home")).content.decode()
    assert '<html lang="fa" dir="rtl">' in page
    assert 'name="viewport"' in page
    assert "/static/css/site.css" in page
    assert re.search(r'<link rel="alternate" type="application/rss\+xml"[^>]* href="/feeds/rss/">', page)
    assert re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]* href="/feeds/atom/">', page)
    assert 'class="skip-link" href="#main"' in page
    assert 'style="' not in page and "<style" not in page  # the CSP allows no inline styles


def test_the_font_and_stylesheet_are_served_locally(client, db):
    css = b"".join(client.get("/static/css/site.css").streaming_content)
    assert b"font-display: optional" in css and b"Vazirmatn-subset.woff2" in css and b"@media print" in css
    font = client.get("/static/fonts/Vazirmatn-subset.woff2")
    assert font.status_code == 200
    assert b"".join(font.streaming_content)[:4] == b"wOF2"


def test_every_page_answers_200_on_the_imported_founding_article(client, db, founding_article_path):
    from django.core.management import call_command

    call_command("import_articles", str(founding_article_path), "--publish", "--published-at", "2026-11-26T14:30:00+03:30")
    article = Article.objects.public().get()
    # The import leaves conferences for an editor to confirm; confirm them as one would.
    PressConference.objects.update(confirmed=True)
    today = jdatetime.date.fromgregorian(date=timezone.localdate())
    urls = [
        reverse("articles:home"), article.get_absolute_url(), article.section.get_absolute_url(),
        reverse("articles:conferences"), reverse("people:list"), reverse("platforms:list"),
        reverse("articles:archive", kwargs={"year": 1405, "month": 9}),
        reverse("articles:archive", kwargs={"year": today.year, "month": today.month}),
        reverse("articles:search") + "?q=" + "پیام‌رسان",
    ]
    urls += [c.get_absolute_url() for c in PressConference.objects.all()]
    urls += [p.get_absolute_url() for p in article.people.all()]
    urls += [p.get_absolute_url() for p in Platform.objects.all()]
    for url in urls:
        assert client.get(url).status_code == 200, url
    page = text_of(client.get(article.get_absolute_url()))
    assert "فتاحی: فقط در پیام رسان گپ و نوا عضو هستیم" in page
    assert "پنجشنبه ۵ آذر ۱۴۰۵ - ۱۴:۳۰" in page
    search = client.get(reverse("articles:search"), {"q": "پیام‌رسان"})
    assert article in list(search.context["page_obj"])
