"""People pages: Persian alphabetical list, roles over time, conferences, statements and articles (public only)."""

import datetime as dt
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import PressConference, Statement
from people.models import Organization, Participation, Person, Role
from platforms.models import Platform

SECRET = "زرافه"


def text_of(response):
    assert response.status_code == 200
    return unescape(response.content.decode())


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.fixture
def fattahi(make_article, make_section, non_public_articles):
    person = Person.objects.create(name="حمید فتاحی")
    ministry = Organization.objects.create(name="وزارت ارتباطات و فناوری اطلاعات")
    infra = Organization.objects.create(name="شرکت ارتباطات زیرساخت")
    deputy = Role.objects.create(person=person, organization=ministry, title="معاون وزیر", start_date=dt.date(2016, 9, 1))
    Role.objects.create(
        person=person, organization=infra, title="عضو هیات مدیره", start_date=dt.date(2015, 3, 21), end_date=dt.date(2018, 3, 20)
    )
    conference = PressConference.objects.create(title="نشست پیام‌رسان‌های داخلی", confirmed=True,
                                                starts_at=timezone.now() - dt.timedelta(days=3))
    hidden_conference = PressConference.objects.create(title="نشست تأییدنشده", confirmed=False)
    Participation.objects.create(conference=conference, person=person, role=deputy)
    Participation.objects.create(conference=hidden_conference, person=person)
    section = make_section()
    older = make_article(headline="خبر قدیمی‌تر", section=section, published_at=timezone.now() - dt.timedelta(days=10))
    newer = make_article(headline="خبر تازه‌تر", section=section, published_at=timezone.now() - dt.timedelta(days=1))
    for article in (older, newer, *non_public_articles.values()):
        article.people.add(person)
    Statement.objects.create(article=older, speaker=person, text="گفتهٔ قدیمی‌تر")
    Statement.objects.create(article=newer, speaker=person, text="گفتهٔ تازه‌تر", conference=conference)
    for article in non_public_articles.values():
        Statement.objects.create(article=article, speaker=person, text="گفتهٔ پنهان زرافه")
    return {"person": person, "conference": conference, "older": older, "newer": newer, "section": section}


def test_people_are_listed_in_persian_alphabetical_order(client, db):
    # Code-point order would put پ چ ژ گ after ی.
    names = ["یاسر", "گلاره", "کاوه", "ژاله", "زهرا", "چنگیز", "جواد", "پرویز", "بهمن", "آرش"]
    for name in names:
        Person.objects.create(name=name)
    response = client.get(reverse("people:list"))
    listed = [p.name for p in response.context["page_obj"]]
    assert listed == ["آرش", "بهمن", "پرویز", "جواد", "چنگیز", "زهرا", "ژاله", "کاوه", "گلاره", "یاسر"]
    page = text_of(response)
    assert page.index("پرویز") < page.index("جواد") < page.index("چنگیز") < page.index("یاسر")


def test_people_list_counts_only_public_articles_and_paginates(client, fattahi):
    for index in range(60):
        Person.objects.create(name=f"شخص {index:02d}")
    response = client.get(reverse("people:list"))
    people = list(response.context["page_obj"])
    assert len(people) == 50
    counts = {p.name: p.public_article_count for p in response.context["page_obj"].paginator.object_list}
    assert counts["حمید فتاحی"] == 2
    assert "صفحهٔ ۱ از ۲" in text_of(response)
    assert client.get(reverse("people:list"), {"page": "xyz"}).status_code == 200


def test_person_page(client, fattahi):
    person = fattahi["person"]
    page = text_of(client.get(person.get_absolute_url()))
    assert "حمید فتاحی" in page
    # Roles over time, newest first, with Jalali dates.
    assert page.index("معاون وزیر") < page.index("عضو هیات مدیره")
    assert "۱۱ شهریور ۱۳۹۵" in page  # 2016-09-01
    assert "۱ فروردین ۱۳۹۴" in page and "۲۹ اسفند ۱۳۹۶" in page
    # Confirmed conferences only.
    assert "نشست پیام‌رسان‌های داخلی" in page and "نشست تأییدنشده" not in page
    # Statements newest first, public articles only.
    assert page.index("گفتهٔ تازه‌تر") < page.index("گفتهٔ قدیمی‌تر")
    assert "خبر تازه‌تر" in page and "خبر قدیمی‌تر" in page
    assert SECRET not in page


def test_person_with_nothing_public_still_has_a_page(client, db):
    person = Person.objects.create(name="کسی بی‌خبر")
    page = text_of(client.get(person.get_absolute_url()))
    assert "کسی بی‌خبر" in page and "خبری از او منتشر نشده است." in page


def test_person_slug_redirects_and_unknown_is_404(client, fattahi):
    person = fattahi["person"]
    for url in (f"/people/{person.pk}/", f"/people/{person.pk}/x/"):
        response = client.get(url)
        assert response.status_code == 301 and response["Location"] == person.get_absolute_url()
    assert client.get("/people/999999/x/").status_code == 404


def test_person_pages_query_count_does_not_grow(client, fattahi, make_article):
    person = fattahi["person"]
    detail, listing = person.get_absolute_url(), reverse("people:list")
    few = (queries(client, detail), queries(client, listing))
    gap = Platform.objects.create(name="گپ", origin="domestic")
    for index in range(15):
        organization = Organization.objects.create(name=f"سازمان {index}")
        role = Role.objects.create(person=person, organization=organization, title=f"سمت {index}")
        conference = PressConference.objects.create(title=f"نشست {index}", confirmed=True)
        Participation.objects.create(conference=conference, person=person, role=role)
        article = make_article(section=fattahi["section"])
        article.people.add(person)
        statement = Statement.objects.create(article=article, speaker=person, text=f"گفته {index}")
        statement.platforms.add(gap)
        Person.objects.create(name=f"دیگری {index}")
    assert (queries(client, detail), queries(client, listing)) == few
    assert few[0] <= 9
