"""The article page rebuilt around reading: first mentions linked, statements that add something, share links."""

import re
from html import unescape
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest

from articles import reading
from articles.models import Statement
from people.models import Organization, Person, PersonAlias
from platforms.models import Platform, PlatformAlias


def entity(kind, name, *aliases, url=None):
    from archive_site.text import normalize_key

    keys = tuple(sorted({normalize_key(n) for n in (name, *aliases)}, key=len, reverse=True))
    return reading.Entity(kind=kind, name=name, url=url or f"/{kind}/{name}/", keys=keys)


def links_in(html):
    return re.findall(r'<a class="mention mention-(\w+)" href="([^"]*)">(.*?)</a>', str(html))


def test_only_the_first_mention_in_the_whole_text_is_linked_however_it_is_spelled():
    fattahi = entity("person", "حمید فتاحی", "فتاحی")
    gap = entity("platform", "گپ", "پیام‌رسان گپ")
    paragraphs = [
        "حمید فتاحی گفت: از پيامرسان گپ استفاده می‌کنیم.",  # Arabic yeh, no ZWNJ: still «پیام‌رسان گپ»
        "فتاحی افزود که گپ رشد کرده است.",
    ]
    html, linked = reading.link_first_mentions(paragraphs, [fattahi, gap])
    assert [entity.name for entity in linked] == ["حمید فتاحی", "گپ"]
    assert [text for _, _, text in links_in(html[0])] == ["حمید فتاحی", "پيامرسان گپ"]  # the display text keeps its spelling
    assert links_in(html[1]) == []


def test_whole_words_only_and_the_longer_name_wins():
    telegram = entity("platform", "تلگرام")
    golden = entity("platform", "تلگرام طلایی")
    gap = entity("platform", "گپ")
    html, linked = reading.link_first_mentions(
        ["کاربران تلگرامی از تلگرام طلایی و گپها گفتند؛ تلگرام طلایی و سپس تلگرام."], [telegram, golden, gap]
    )
    texts = [text for _, _, text in links_in(html[0])]
    # «تلگرامی» and «گپها» are other words; the first «تلگرام طلایی» is one name, not «تلگرام» inside it;
    # its second mention is not linked and does not give «تلگرام» a link inside it either.
    assert texts == ["تلگرام طلایی", "تلگرام"]
    assert unescape(re.sub(r"<[^>]+>", "", str(html[0]))) == "کاربران تلگرامی از تلگرام طلایی و گپها گفتند؛ تلگرام طلایی و سپس تلگرام."


def test_text_is_escaped_and_latin_runs_isolated_around_links():
    hotgram = entity("platform", "هاتگرام", "Hotgram")
    html, _ = reading.link_first_mentions(["نسخهٔ <تازه> Hotgram در 2018-11-20"], [hotgram])
    assert "<تازه>" not in str(html[0]) and "&lt;تازه&gt;" in str(html[0])
    assert '<a class="mention mention-platform" href="/platform/هاتگرام/"><bdi dir="ltr">Hotgram</bdi></a>' in str(html[0])
    assert '<bdi dir="ltr">2018-11-20</bdi>' in str(html[0])


def test_harakat_stay_inside_the_link():
    person = entity("person", "محمد")
    html, _ = reading.link_first_mentions(["مُحَمَّد آمد."], [person])
    assert links_in(html[0])[0][2] == "مُحَمَّد"


def statement(text, platforms=()):
    return SimpleNamespace(text=text, platforms=SimpleNamespace(all=lambda: list(platforms)))


def test_statements_that_repeat_the_text_are_not_repeated():
    paragraphs = ["فتاحی گفت: از پیامرسانهای داخلی فقط در گپ و نوا عضو هستیم.", "وی ادامه داد: توپ در زمین دولت است."]
    lead = "معاون وزیر گفت: من تنها در تعداد محدودی از پیام‌رسان‌ها عضو هستیم."
    about_gap = statement("از پیام‌رسان‌های داخلی فقط در گپ و نوا عضو هستیم.", platforms=["گپ"])  # ZWNJ here, none in the text
    echo = statement("توپ در زمین دولت است.")
    from_lead = statement("من تنها در تعداد محدودی از پیام‌رسان‌ها عضو هستیم.")
    new = statement("این گفته در متن نیست.")
    added, echoed, omitted = reading.sort_statements([about_gap, echo, from_lead, new], lead, paragraphs)
    assert added == [new]
    assert [(e.statement, e.paragraph) for e in echoed] == [(about_gap, 1)]
    assert omitted == 2


@pytest.fixture
def founding_like(make_article, make_section):
    fattahi = Person.objects.create(name="حمید فتاحی")
    PersonAlias.objects.create(person=fattahi, name="فتاحی")
    ministry = Organization.objects.create(name="وزارت ارتباطات و فناوری اطلاعات")
    gap = Platform.objects.create(name="گپ", origin="domestic", slug="gap-test")
    PlatformAlias.objects.create(platform=gap, name="پیام‌رسان گپ")
    article = make_article(
        headline="فتاحی: فقط در پیام رسان گپ عضو هستیم / دوم",
        lead="معاون وزیر از پیام‌رسان‌ها گفت.",
        body="حمید فتاحی در وزارت ارتباطات و فناوری اطلاعات گفت: فقط در پیامرسان گپ عضو هستیم.\n\nفتاحی افزود: گپ خوب است.",
    )
    article.people.add(fattahi)
    article.organizations.add(ministry)
    article.platforms.add(gap)
    echo = Statement.objects.create(article=article, speaker=fattahi, text="فقط در پیامرسان گپ عضو هستیم.", position=1)
    echo.platforms.add(gap)
    Statement.objects.create(article=article, speaker=fattahi, text="گپ خوب است.", position=2)
    Statement.objects.create(article=article, speaker=fattahi, text="\"سخنی که در متن نیامده\"", position=3)
    return SimpleNamespace(article=article, fattahi=fattahi, gap=gap, ministry=ministry)


def test_article_page_links_names_folds_echoes_and_quotes(client, founding_like):
    response = client.get(founding_like.article.get_absolute_url())
    html = response.content.decode()
    body = html[html.index('class="article-body"'):html.index('class="end-mark"')]
    assert [(kind, text) for kind, _, text in links_in(body)] == [
        ("person", "حمید فتاحی"), ("organization", "وزارت ارتباطات و فناوری اطلاعات"), ("platform", "پیامرسان گپ"),
    ]
    assert founding_like.fattahi.get_absolute_url() in body and founding_like.gap.get_absolute_url() in body
    page = unescape(html)
    # The new statement in «», its own quotes replaced; the echo about a platform recalled briefly with its paragraph.
    assert "«سخنی که در متن نیامده»" in page
    assert 'href="#p1">بند ۱</a>' in page and 'id="p1"' in html
    assert "۱ گفتهٔ دیگر همان است که در متن خبر آمده است." in page
    assert page.count("گپ خوب است.") == 1  # only in the body


def test_article_page_has_share_links_and_a_short_link_but_no_third_party_script(client, founding_like):
    article = founding_like.article
    response = client.get(article.get_absolute_url())
    html = unescape(response.content.decode())
    hrefs = re.findall(r'<a class="share-(\w+)" href="([^"]+)"', html)
    assert [key for key, _ in hrefs] == ["telegram", "whatsapp", "eitaa", "bale", "x"]
    short = f"http://testserver/a/{article.pk}"
    for key, href in hrefs:
        query = parse_qs(urlsplit(href).query)
        shared = " ".join(value for values in query.values() for value in values)
        assert short in shared, key
    assert f'<a href="{short}">' in html  # the link to copy
    assert f'<link rel="shortlink" href="{short}">' in html
    assert re.findall(r"<script(?![^>]*application/ld\+json)", html) == []
    assert client.get(f"/a/{article.pk}")["Location"] == article.get_absolute_url()


def test_article_page_prints_site_name_address_and_date(client, founding_like):
    html = unescape(client.get(founding_like.article.get_absolute_url()).content.decode())
    assert 'class="print-only print-masthead"' in html
    assert "نشانی این خبر: <bdi dir=\"ltr\">http://testserver/articles/" in html
    assert re.search(r"چاپ‌شده در <time datetime=\"[^\"]+\">[۰-۹]+ \w+ [۰-۹]{4}</time>", html)


def test_canonical_and_open_graph_use_site_url_when_it_is_set(client, founding_like, settings):
    article = founding_like.article
    settings.SITE_URL = "https://archive.example"
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'<link rel="canonical" href="https://archive.example{article.get_absolute_url()}">' in html
    assert f'<meta property="og:url" content="https://archive.example{article.get_absolute_url()}">' in html
    # Unset (the local default): the request's own host, never 127.0.0.1.
    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "news.example"]
    html = client.get(article.get_absolute_url(), HTTP_HOST="news.example").content.decode()
    assert "127.0.0.1" not in html
    assert f'<meta property="og:url" content="http://news.example{article.get_absolute_url()}">' in html
