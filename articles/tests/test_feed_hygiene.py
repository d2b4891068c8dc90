"""Feeds survive any text: every C0 control character and noncharacters, saved or already stored;
channel and item text in RSS is escaped for HTML as well as for XML."""

import feedparser
import pytest
from django.urls import reverse

from archive_site.text import strip_unsafe_chars
from archive_site.tests.content import build_archive
from articles.models import Article, Section
from people.models import Person

pytestmark = pytest.mark.django_db

# Every C0 control (tab, LF and CR are legal XML and stay), DEL, a C1 control,
# noncharacters of the BMP and of the last plane, and a lone surrogate.
HOSTILE = "".join(chr(c) for c in range(0x20)) + "\x7f\x85\ufdd0\ufdef\ufffe\uffff\U0001fffe\U0010ffff\ud800"

# What a database stores at all (PostgreSQL refuses NUL, neither stores a lone surrogate).
STORABLE = HOSTILE.replace("\x00", "").replace("\ud800", "")


def all_feed_urls(archive):
    urls = []
    for kind in ("rss", "atom"):
        urls.append(reverse(f"feeds:latest_{kind}"))
        urls += [reverse(f"feeds:section_{kind}", kwargs={"slug": s.slug}) for s in archive.sections]
        urls += [reverse(f"feeds:person_{kind}", kwargs={"pk": p.pk}) for p in archive.people]
        urls += [reverse(f"feeds:platform_{kind}", kwargs={"slug": p.slug}) for p in archive.platforms]
    return urls


def assert_feeds_parse(client, urls):
    for url in urls:
        response = client.get(url, secure=True)
        assert response.status_code == 200, url
        parsed = feedparser.parse(response.content)
        assert parsed.bozo == 0, f"{url}: {parsed.get('bozo_exception')}"


def test_strip_unsafe_chars_keeps_text_and_line_breaks():
    assert strip_unsafe_chars("تیتر\x0bدوم\x0cسوم") == "تیتر\nدوم\nسوم"
    assert strip_unsafe_chars("پیام\u200cرسان\tو\r\nنوا") == "پیام\u200cرسان\tو\r\nنوا"
    cleaned = strip_unsafe_chars(HOSTILE)
    assert all(c in "\t\n\r" for c in cleaned)


def test_saved_text_loses_controls_and_noncharacters():
    article = Article.objects.create(headline=f"تیتر{HOSTILE}خبر", body=f"متن{HOSTILE}", section=Section.objects.create(name="گروه"))
    article.refresh_from_db()
    assert "\x0b" not in article.headline and "\ufffe" not in article.body and "\x01" not in article.headline
    assert article.headline.startswith("تیتر") and article.headline.endswith("خبر")


def test_every_feed_survives_every_control_character_and_noncharacter(client):
    archive = build_archive(extra_articles=1)
    # Written around the models (as rows stored before the cleaning were):
    # the feeds must clean on the way out too.
    Article.objects.update(headline=f"تیتر {STORABLE} خبر", lead=f"لید{STORABLE}", reporter=f"خبرنگار{STORABLE}")
    Section.objects.update(name=f"گروه{STORABLE}", description=f"شرح{STORABLE}")
    Person.objects.update(name=f"شخص{STORABLE}")
    assert_feeds_parse(client, all_feed_urls(archive))


def test_rss_channel_text_is_escaped_for_html(client):
    archive = build_archive()
    section = archive.sections[0]
    Section.objects.filter(pk=section.pk).update(name="<b>گروه</b>", description="<script>x()</script> & شرح")
    Article.objects.filter(section=section).update(reporter="<i>خبرنگار</i>")
    response = client.get(reverse("feeds:section_rss", kwargs={"slug": section.slug}), secure=True)
    body = response.content.decode()
    # Escaped twice in the XML: a reader decodes XML once and shows the markup as text.
    assert "&lt;script&gt;" not in body and "&amp;lt;script&amp;gt;" in body
    assert "&amp;lt;b&amp;gt;گروه" in body
    assert "&amp;lt;i&amp;gt;خبرنگار" in body
    parsed = feedparser.parse(response.content)
    assert "<script>" not in parsed.feed.title + parsed.feed.description
    atom = client.get(reverse("feeds:section_atom", kwargs={"slug": section.slug}), secure=True).content.decode()
    # Atom declares its title as text: escaped once, shown as written.
    assert "&lt;b&gt;گروه&lt;/b&gt;" in atom
