"""RSS and Atom feeds: valid to feedparser, Persian, complete per entry, public articles only, bounded queries."""

import datetime as dt

import feedparser
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive_site.tests.content import build_archive, tie_to_archive
from articles.feeds import FEED_LENGTH

pytestmark = pytest.mark.django_db


def feed_urls(archive):
    """Every feed of the archive, both formats: (name, url)."""
    urls = []
    for kind in ("rss", "atom"):
        urls.append((f"latest_{kind}", reverse(f"feeds:latest_{kind}")))
        for section in archive.sections:
            urls.append((f"section_{kind}", reverse(f"feeds:section_{kind}", kwargs={"slug": section.slug})))
        for person in archive.people:
            urls.append((f"person_{kind}", reverse(f"feeds:person_{kind}", kwargs={"pk": person.pk})))
        for platform in archive.platforms:
            urls.append((f"platform_{kind}", reverse(f"feeds:platform_{kind}", kwargs={"slug": platform.slug})))
    return urls


def fetch(client, url):
    response = client.get(url, secure=True)
    assert response.status_code == 200, url
    return response


def parse(client, url):
    response = fetch(client, url)
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, f"{url}: {parsed.get('bozo_exception')}"
    return response, parsed


def links_of(parsed):
    return {entry.link for entry in parsed.entries}


def absolute(article):
    return f"https://testserver{article.get_absolute_url()}"


def test_every_feed_parses_and_every_entry_is_complete(client):
    archive = build_archive(extra_articles=2)
    for name, url in feed_urls(archive):
        response, parsed = parse(client, url)
        expected_type = "application/atom+xml" if name.endswith("atom") else "application/rss+xml"
        assert response["Content-Type"].startswith(expected_type)
        assert parsed.version == ("atom10" if name.endswith("atom") else "rss20")
        assert parsed.feed.language == "fa"
        assert parsed.feed.title.startswith(f"{settings.SITE_NAME}: ")
        assert parsed.feed.link.startswith("https://testserver/")
        ids = [entry.id for entry in parsed.entries]
        assert len(ids) == len(set(ids)), f"{url}: duplicate ids"
        for entry in parsed.entries:
            assert entry.title.strip()
            assert entry.link.startswith("https://testserver/articles/")
            assert entry.published_parsed is not None
            # The guid is the canonical address of the article.
            assert entry.id == entry.link
            assert entry.get("author")


def test_latest_feed_carries_persian_content_and_metadata(client):
    archive = build_archive()
    _, parsed = parse(client, reverse("feeds:latest_rss"))
    assert [entry.link for entry in parsed.entries] == [absolute(a) for a in (archive.founding, archive.quoted, archive.older)]
    founding = parsed.entries[0]
    assert founding.title == archive.founding.headline
    assert founding.summary == archive.founding.lead
    assert founding.author == "خبرنگار گروه علم و فناوری، ایسکانیوز"
    assert [tag.term for tag in founding.tags] == ["علم و فناوری", "تلگرام", "گپ", "هاتگرام"]
    # No lead: the first paragraph of the body summarises the article.
    assert parsed.entries[2].summary == "بند نخست بی‌لید."
    assert parsed.entries[2].author == "ایسکانیوز"

    _, atom = parse(client, reverse("feeds:latest_atom"))
    entry = atom.entries[0]
    assert entry.title == archive.founding.headline
    assert entry.summary == archive.founding.lead
    published = dt.datetime(*entry.published_parsed[:6], tzinfo=dt.UTC)
    updated = dt.datetime(*entry.updated_parsed[:6], tzinfo=dt.UTC)
    assert abs(published - archive.founding.published_at) < dt.timedelta(seconds=1)
    assert updated >= published
    assert atom.feed.subtitle


def test_scheduled_article_counts_as_updated_at_publication(client):
    """An article saved before its publication time is new to readers when it comes out."""
    archive = build_archive()
    article = archive.older
    # As if it had been saved a week before its scheduled time.
    type(article).objects.filter(pk=article.pk).update(updated_at=article.published_at - dt.timedelta(days=7))
    _, atom = parse(client, reverse("feeds:latest_atom"))
    entry = next(e for e in atom.entries if e.link == absolute(article))
    assert entry.updated_parsed == entry.published_parsed


def test_feeds_select_by_desk_person_and_platform(client):
    archive = build_archive()
    founding, quoted, older = archive.founding, archive.quoted, archive.older

    def links(name, **kwargs):
        return links_of(parse(client, reverse(f"feeds:{name}", kwargs=kwargs))[1])

    assert links("section_rss", slug=archive.science.slug) == {absolute(founding), absolute(older)}
    assert links("section_atom", slug=archive.politics.slug) == {absolute(quoted)}
    assert links("person_rss", pk=archive.fattahi.pk) == {absolute(founding)}
    # Named by no article, quoted in one: the quote puts it in her feed.
    assert links("person_atom", pk=archive.student.pk) == {absolute(founding), absolute(quoted)}
    assert links("platform_rss", slug=archive.telegram.slug) == {absolute(founding), absolute(older)}
    assert links("platform_rss", slug=archive.soroush.slug) == {absolute(quoted)}
    assert links("platform_atom", slug=archive.hotgram.slug) == {absolute(founding)}


def test_no_feed_shows_what_is_not_public(client, non_public_articles):
    archive = build_archive()
    tie_to_archive(archive, non_public_articles.values())
    hidden = {absolute(article) for article in non_public_articles.values()}
    for _, url in feed_urls(archive):
        response, parsed = parse(client, url)
        assert "زرافه" not in response.content.decode(), url
        assert not hidden & links_of(parsed), url
    # The feeds are not empty: the same desk, people and platforms have public articles.
    _, parsed = parse(client, reverse("feeds:platform_rss", kwargs={"slug": archive.gap.slug}))
    assert links_of(parsed) == {absolute(archive.founding)}


def test_feed_length_is_capped(client):
    archive = build_archive(extra_articles=FEED_LENGTH + 2)
    _, parsed = parse(client, reverse("feeds:latest_rss"))
    assert len(parsed.entries) == FEED_LENGTH
    # Newest first: the extra articles came out within the last hours, the founding one a day ago.
    assert [entry.link for entry in parsed.entries] == [absolute(a) for a in archive.extras[:FEED_LENGTH]]


@pytest.mark.parametrize(
    "name,kwargs",
    [
        ("section_rss", {"slug": "نیست"}),
        ("section_atom", {"slug": "no-such-desk"}),
        ("person_rss", {"pk": 987654}),
        ("person_atom", {"pk": 2**63 + 5}),
        ("platform_rss", {"slug": "نیست"}),
        ("platform_atom", {"slug": "no-such-platform"}),
    ],
)
def test_unknown_desk_person_or_platform_is_404(client, name, kwargs):
    build_archive()
    assert client.get(reverse(f"feeds:{name}", kwargs=kwargs), secure=True).status_code == 404


def test_person_feed_address_takes_only_numbers(client):
    assert client.get("/feeds/people/abc/rss/", secure=True).status_code == 404


def _query_counts(client, archive):
    """{feed name: the one query count all its feeds cost}; fails if two feeds of a kind differ."""
    counts = {}
    for name, url in feed_urls(archive):
        with CaptureQueriesContext(connection) as queries:
            fetch(client, url)
        counts.setdefault(name, set()).add(len(queries))
    assert all(len(values) == 1 for values in counts.values()), counts
    return {name: values.pop() for name, values in counts.items()}


# The articles with their desk, and their platforms; an object's feed first reads the object.
EXPECTED_QUERIES = {
    **{f"latest_{kind}": 2 for kind in ("rss", "atom")},
    **{f"{obj}_{kind}": 3 for obj in ("section", "person", "platform") for kind in ("rss", "atom")},
}


def test_feed_queries_do_not_grow_with_items(client):
    from articles.models import Article

    archive = build_archive(extra_articles=1)
    assert _query_counts(client, archive) == EXPECTED_QUERIES
    # Twenty more articles on the same desk, person and platforms: not one query more.
    for number in range(20):
        article = Article.objects.create(
            headline=f"خبر انبوه {number}", section=archive.science, status=Article.Status.PUBLISHED,
            published_at=archive.founding.published_at, lead="لید",
        )
        article.people.add(archive.fattahi)
        article.platforms.add(*archive.platforms)
    assert _query_counts(client, archive) == EXPECTED_QUERIES
