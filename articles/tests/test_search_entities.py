"""The entity-aware search page: aliases, cards, sort, filters in the URL, suggestions, wording (issue 11)."""

import datetime as dt
from html import unescape
from urllib.parse import urlencode

import pytest
from django.utils import timezone

from archive_site.jalali import to_jalali
from archive_site.text import to_persian_digits
from people.models import Organization, OrganizationAlias, Person, PersonAlias
from platforms.models import Platform, PlatformAlias

URL = "/search/"


def found(response):
    assert response.status_code == 200, response.content.decode()[:500]
    return [article.pk for article in response.context["page_obj"]]


@pytest.fixture
def world(make_article, make_section):
    science = make_section("علم و فناوری")
    politics = make_section("سیاسی")
    fattahi = Person.objects.create(name="حمید فتاحی", bio="معاون وزیر ارتباطات.")
    telegram = Platform.objects.get(slug="telegram")  # with its aliases, from the platforms migration
    ministry = Organization.objects.create(name="وزارت ارتباطات و فناوری اطلاعات", kind=Organization.Kind.GOVERNMENT)
    OrganizationAlias.objects.create(organization=ministry, name="وزارت ICT")
    now = timezone.now()
    return {
        "science": science,
        "politics": politics,
        "fattahi": fattahi,
        "telegram": telegram,
        "ministry": ministry,
        "telegram_old": make_article(
            headline="کاربران تلگرام", body="تلگرام در ایران", section=science, published_at=now - dt.timedelta(days=40)
        ),
        "telegram_new": make_article(
            headline="خبر تازه", body="از تلگرام گفتند", section=politics, published_at=now - dt.timedelta(days=1)
        ),
        "fattahi_said": make_article(body="حمید فتاحی گفت پیام‌رسان داخلی رشد می‌کند", section=science),
        "ministry_news": make_article(body="وزارت ارتباطات و فناوری اطلاعات اعلام کرد", section=politics),
    }


def test_a_latin_alias_finds_the_platforms_articles(client, world):
    response = client.get(URL, {"q": "Telegram"})
    assert set(found(response)) == {world["telegram_old"].pk, world["telegram_new"].pk}
    page = unescape(response.content.decode())
    assert "<mark>تلگرام</mark>" in page  # the Persian spelling is what matched, and is marked
    assert [card.obj for card in response.context["result"].cards] == [world["telegram"]]
    assert world["telegram"].get_absolute_url() in page


def test_an_alias_added_in_the_admin_expands_too(client, world, make_article):
    nava = Platform.objects.get(slug="nava")
    PlatformAlias.objects.create(platform=nava, name="پیام‌رسان ملی نوا")
    article = make_article(body="نوا نسخهٔ تازه داد")
    assert found(client.get(URL, {"q": "پیام رسان ملی نوا"})) == [article.pk]


def test_a_surname_gives_the_persons_card(client, world):
    response = client.get(URL, {"q": "فتاحی"})
    assert found(response) == [world["fattahi_said"].pk]
    cards = response.context["result"].cards
    assert cards and cards[0].kind == "person" and cards[0].obj == world["fattahi"]
    assert world["fattahi"].get_absolute_url() in response.content.decode()


def test_a_persons_alias_expands_to_the_name(client, world):
    PersonAlias.objects.create(person=world["fattahi"], name="Hamid Fattahi")
    response = client.get(URL, {"q": "Hamid Fattahi"})
    assert found(response) == [world["fattahi_said"].pk]
    assert response.context["result"].cards[0].obj == world["fattahi"]


def test_an_organisation_alias_expands_and_gets_a_card(client, world):
    response = client.get(URL, {"q": "وزارت ICT"})
    assert found(response) == [world["ministry_news"].pk]
    card = response.context["result"].cards[0]
    assert card.kind == "organization" and card.obj == world["ministry"]


def test_a_conference_named_by_its_title_gets_a_card(client, world):
    from articles.models import PressConference

    conference = PressConference.objects.create(title="بررسی علل عدم مهاجرت به پیام‌رسان‌های داخلی", confirmed=True)
    PressConference.objects.create(title="نشست تأییدنشدهٔ مهاجرت به پیام‌رسان‌های داخلی")
    response = client.get(URL, {"q": "مهاجرت به پیام‌رسان‌های داخلی"})
    assert [c.obj for c in response.context["result"].cards if c.kind == "conference"] == [conference]
    assert "تأییدنشده" not in response.content.decode()


def test_sort_toggle_between_relevance_and_newest(client, world):
    relevance = found(client.get(URL, {"q": "تلگرام"}))
    assert relevance == [world["telegram_old"].pk, world["telegram_new"].pk]  # the headline match first
    newest = client.get(URL, {"q": "تلگرام", "sort": "newest"})
    assert found(newest) == [world["telegram_new"].pk, world["telegram_old"].pk]
    page = unescape(newest.content.decode())
    assert 'aria-current="true">تازه‌ترین' in page
    assert "sort=relevance" in page


def test_sort_and_filters_stay_in_the_links(client, world):
    start = to_jalali(timezone.now() - dt.timedelta(days=400))
    date_from = to_persian_digits(f"{start.year}/{start.month:02d}/{start.day:02d}")
    response = client.get(
        URL, {"q": "تلگرام", "section": world["politics"].slug, "date_from": date_from, "sort": "newest"}
    )
    assert found(response) == [world["telegram_new"].pk]
    page = unescape(response.content.decode())
    # The toggle's link keeps the desk and the date range; the form keeps the sort.
    toggle = page[page.index('class="sort-toggle"'):]
    toggle = toggle[:toggle.index("</nav>")]
    assert urlencode({"section": world["politics"].slug}) in toggle and "date_from=" in toggle
    assert '<input type="hidden" name="sort" value="newest">' in page


def test_an_unknown_sort_is_a_persian_400(client, world):
    response = client.get(URL, {"q": "تلگرام", "sort": "random"})
    assert response.status_code == 400
    assert "ترتیب باید" in response.content.decode()


def test_nothing_found_suggests_a_near_spelling(client, world):
    response = client.get(URL, {"q": "فتاهی"})  # ح typed as ه
    assert found(response) == []
    result = response.context["result"]
    assert result.suggestion is not None and result.suggestion.entity == world["fattahi"]
    page = unescape(response.content.decode())
    assert "منظورتان" in page and "حمید فتاحی" in page
    assert "خبری برای «فتاهی» پیدا نشد" in page
    assert "۰ خبر" not in page


def test_a_near_spelling_of_a_platform(client, world):
    response = client.get(URL, {"q": "تلگرم"})  # an alias: found, no suggestion needed
    assert len(found(response)) == 2
    response = client.get(URL, {"q": "تلگرامک"})
    assert found(response) == []
    assert response.context["result"].suggestion.entity == world["telegram"]


def test_nothing_near_suggests_nothing(client, world):
    response = client.get(URL, {"q": "ژژژژژژ"})
    assert response.context["result"].suggestion is None
    assert "منظورتان" not in response.content.decode()


def test_the_heading_counts_in_persian(client, world):
    page = unescape(client.get(URL, {"q": "تلگرام"}).content.decode())
    assert "۲ خبر برای «تلگرام»" in page


def test_a_relevance_window_cut_is_said(client, world, make_article, monkeypatch):
    from archive_site import search

    monkeypatch.setattr(search, "RANK_WINDOW", 2)
    monkeypatch.setattr(search, "ONE_WORD_WINDOW", 2)
    make_article(body="تلگرام سوم")
    response = client.get(URL, {"q": "تلگرام"})
    assert len(found(response)) == 2
    page = unescape(response.content.decode())
    assert "بیش از ۲ خبر" in page and "sort=newest" in page
    assert len(found(client.get(URL, {"q": "تلگرام", "sort": "newest"}))) == 3


@pytest.mark.parametrize(
    "params",
    [
        {"q": "تلگرام", "date_to": "9999-12-31"},
        {"q": "تلگرام", "date_from": "0001-01-01"},
        {"q": "تلگرام", "date_from": "1-01-01"},
        {"q": "تلگرام", "date_to": "1699-12-29"},
        {"q": "تلگرام", "date_from": "2026-02-30"},
        {"q": "تلگرام", "sort": "x" * 1000},
        {"q": "تلگرام", "person": "9" * 40},
        {"q": "تلگرام", "section": "\x00"},
    ],
)
def test_absurd_parameters_are_a_clear_400(client, world, params):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


@pytest.mark.parametrize("page", ["99999999999999999999999", "-1", "x", "۲"])
def test_absurd_pages_are_a_page(client, world, page):
    assert client.get(URL, {"q": "تلگرام", "page": page}).status_code == 200


def test_only_excluded_words_explain_themselves(client, world):
    response = client.get(URL, {"q": "-تلگرام"})
    assert response.status_code == 200
    assert response.context["result"].articles is None


def test_articles_linked_to_the_named_entity_are_found_too(client, world, make_article):
    # Linked by an editor (or the import) to the person and the platform, without spelling either name.
    quiet = make_article(headline="گزارش نشست", body="معاون وزیر سخن گفت")
    quiet.people.add(world["fattahi"])
    quiet.platforms.add(world["telegram"])
    by_surname = found(client.get(URL, {"q": "فتاحی"}))
    assert by_surname == [world["fattahi_said"].pk, quiet.pk]  # the one that spells it first
    assert quiet.pk in found(client.get(URL, {"q": "Telegram"}))
    assert quiet.pk in found(client.get(URL, {"q": "تلگرام", "sort": "newest"}))
    # Only when the whole query names the entity: not for a word beside it, nor with operators.
    assert quiet.pk not in found(client.get(URL, {"q": "فتاحی داخلی"}))
    assert quiet.pk not in found(client.get(URL, {"q": "تلگرام -ایران"}))
