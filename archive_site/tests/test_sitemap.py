"""/sitemap.xml: valid sitemaps.org 0.9, every public page and nothing else, every address answering 200."""

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from archive_site.jalali import to_jalali
from archive_site.tests.content import build_archive, tie_to_archive
from platforms.models import Platform

pytestmark = pytest.mark.django_db

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
# W3C Datetime (https://www.w3.org/TR/NOTE-datetime), as the sitemaps.org protocol requires.
W3C_DATETIME = re.compile(
    r"^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?$"
)
CHANGEFREQS = {"always", "hourly", "daily", "weekly", "monthly", "yearly", "never"}
URL_CHILDREN = {f"{{{NS}}}{name}" for name in ("loc", "lastmod", "changefreq", "priority")}


def sitemap_files(client):
    """The files the index at /sitemap.xml names, after checking the index's structure."""
    response = client.get("/sitemap.xml", secure=True)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = etree.fromstring(response.content)
    assert root.tag == f"{{{NS}}}sitemapindex"
    files = []
    for entry in root:
        assert entry.tag == f"{{{NS}}}sitemap"
        loc = entry.findtext(f"{{{NS}}}loc")
        assert loc.startswith("https://testserver/sitemap-") and loc.endswith(".xml"), loc
        if (lastmod := entry.findtext(f"{{{NS}}}lastmod")) is not None:
            assert W3C_DATETIME.match(lastmod), lastmod
        files.append(loc)
    assert len(files) == len(set(files))
    return files


def read_file(client, loc):
    response = client.get(urlsplit(loc).path, secure=True)
    assert response.status_code == 200, loc
    assert response["Content-Type"].startswith("application/xml")
    root = etree.fromstring(b"".join(response.streaming_content) if response.streaming else response.content)
    assert root.tag == f"{{{NS}}}urlset"
    return root


def read_sitemap(client):
    """Every entry of every file the index names, after checking each against the 0.9 protocol."""
    entries = []
    for file_loc in sitemap_files(client):
        root = read_file(client, file_loc)
        assert len(root) <= 50_000
        for url in root:
            assert url.tag == f"{{{NS}}}url", url.tag
            children = {child.tag: child.text for child in url}
            assert len(children) == len(url), "an element appears twice in one <url>"
            extra = set(children) - URL_CHILDREN
            assert not extra, extra
            loc = children.get(f"{{{NS}}}loc")
            assert loc and len(loc) < 2048
            parts = urlsplit(loc)
            assert parts.scheme in ("http", "https") and parts.netloc, loc
            assert loc.isascii(), f"not percent-encoded: {loc}"
            entry = {"loc": loc}
            if (lastmod := children.get(f"{{{NS}}}lastmod")) is not None:
                assert W3C_DATETIME.match(lastmod), lastmod
                entry["lastmod"] = lastmod
            if (changefreq := children.get(f"{{{NS}}}changefreq")) is not None:
                assert changefreq in CHANGEFREQS, changefreq
            if (priority := children.get(f"{{{NS}}}priority")) is not None:
                assert 0.0 <= float(priority) <= 1.0, priority
            entries.append(entry)
    locs = [entry["loc"] for entry in entries]
    assert len(locs) == len(set(locs)), "an address is listed twice"
    return entries


def absolute(path):
    return f"https://testserver{path}"


def test_sitemap_lists_every_public_page_and_each_answers_200(client):
    archive = build_archive(extra_articles=2)
    entries = read_sitemap(client)
    locs = {entry["loc"] for entry in entries}

    expected = {
        absolute(reverse(name))
        for name in ("articles:home", "articles:conferences", "people:list", "platforms:list",
                     "articles:list", "articles:sections", "articles:archive_index")
    }
    expected |= {absolute(article.get_absolute_url()) for article in archive.public_articles}
    expected |= {absolute(section.get_absolute_url()) for section in archive.sections}
    expected |= {absolute(archive.conference.get_absolute_url())}
    expected |= {absolute(person.get_absolute_url()) for person in archive.people}
    # The well-known platforms come with the database, beside the archive's own.
    expected |= {absolute(platform.get_absolute_url()) for platform in Platform.objects.all()}
    for article in archive.public_articles:
        day = to_jalali(article.published_at)
        expected.add(absolute(reverse("articles:archive", kwargs={"year": day.year, "month": day.month})))
        expected.add(absolute(reverse("articles:archive_year", kwargs={"year": day.year})))
    assert locs == expected

    for loc in sorted(locs):
        path = urlsplit(loc).path
        response = client.get(path, secure=True)
        assert response.status_code == 200, f"{loc} answered {response.status_code}"


def test_lastmod_is_the_last_change_readers_see(client):
    archive = build_archive()
    entries = {entry["loc"]: entry.get("lastmod") for entry in read_sitemap(client)}
    founding = archive.founding
    founding.refresh_from_db()
    last_change = timezone.localtime(max(founding.updated_at, founding.published_at))
    assert entries[absolute(founding.get_absolute_url())] == last_change.strftime("%Y-%m-%d")
    # In this archive every listed page has something dated to show.
    dated = [loc for loc, lastmod in entries.items() if lastmod]
    assert len(dated) == len(entries)


def test_unconfirmed_conference_and_non_public_articles_are_absent(client, non_public_articles):
    archive = build_archive()
    tie_to_archive(archive, non_public_articles.values())
    content = " ".join(entry["loc"] for entry in read_sitemap(client))
    for article in non_public_articles.values():
        assert absolute(article.get_absolute_url()) not in content
        assert f"/articles/{article.pk}/" not in content
    assert f"/conferences/{archive.unconfirmed.pk}/" not in content
    assert absolute(archive.conference.get_absolute_url()) in content


def test_archive_months_come_from_public_articles_only(client, make_article):
    from articles.models import Article

    archive = build_archive()
    now = timezone.now()
    # Months that only a scheduled, a withdrawn or a draft article would fill.
    scheduled = make_article(section=archive.science, published_at=now + dt.timedelta(days=70))
    withdrawn = make_article(
        section=archive.science, status=Article.Status.WITHDRAWN,
        published_at=now - dt.timedelta(days=200), withdrawn_at=now - dt.timedelta(days=199),
    )
    draft = make_article(section=archive.science, status=Article.Status.DRAFT, published_at=now - dt.timedelta(days=300))
    locs = {entry["loc"] for entry in read_sitemap(client)}

    def month_url(moment):
        day = to_jalali(moment)
        return absolute(reverse("articles:archive", kwargs={"year": day.year, "month": day.month}))

    assert month_url(archive.older.published_at) in locs
    for article in (scheduled, withdrawn, draft):
        assert month_url(article.published_at) not in locs


def _sitemap_queries(client):
    """Queries for the index, and for each file it names."""
    counts = {}
    with CaptureQueriesContext(connection) as queries:
        files = sitemap_files(client)
    counts["index"] = len(queries)
    for loc in files:
        with CaptureQueriesContext(connection) as queries:
            read_file(client, loc)
        counts[urlsplit(loc).path] = len(queries)
    return counts


def test_sitemap_queries_do_not_grow_with_the_archive(client):
    from articles.models import Article, PressConference
    from people.models import Person

    archive = build_archive()
    before = _sitemap_queries(client)
    for number in range(15):
        Article.objects.create(
            headline=f"خبر انبوه {number}", section=archive.politics, status=Article.Status.PUBLISHED,
            published_at=archive.older.published_at.replace(year=archive.older.published_at.year - 1), lead="لید",
        )
        Person.objects.create(name=f"شخص {number}")
        Platform.objects.create(name=f"سکو {number}", origin=Platform.Origin.DOMESTIC)
        PressConference.objects.create(title=f"نشست {number}", confirmed=True)
    assert _sitemap_queries(client) == before
    # The index: the largest id of each paged section (articles, conferences, people).
    assert before["index"] == 3
    # A file: its page count, then one query per chunk of rows (the index pages: four dates).
    assert before["/sitemap-pages-1.xml"] == 4
    assert before["/sitemap-articles-1.xml"] == 2


def test_sitemap_index_pages_large_sections_by_id_and_streams_each_file(client, monkeypatch):
    from archive_site import sitemaps

    archive = build_archive(extra_articles=3)
    # Two ids to a file, read one row at a time: the articles take several files, each streamed in chunks.
    monkeypatch.setattr(sitemaps, "PAGE_SIZE", 2)
    monkeypatch.setattr(sitemaps, "CHUNK_SIZE", 1)
    files = sitemap_files(client)
    article_files = [loc for loc in files if "/sitemap-articles-" in loc]
    from articles.models import Article

    largest = Article.objects.order_by("-pk").first().pk
    assert article_files == [f"https://testserver/sitemap-articles-{n}.xml" for n in range(1, (largest + 1) // 2 + 1)]
    listed = []
    for loc in files:
        root = read_file(client, loc)
        assert len(root) <= 2 or "/sitemap-articles-" not in loc
        listed += [url.findtext(f"{{{NS}}}loc") for url in root]
    assert len(listed) == len(set(listed))
    articles = {absolute(article.get_absolute_url()) for article in archive.public_articles}
    assert articles <= set(listed)
    assert client.get("/sitemap-nothing-1.xml", secure=True).status_code == 404
    assert client.get(f"/sitemap-articles-{len(article_files) + 1}.xml", secure=True).status_code == 404
    assert client.get("/sitemap-articles-0.xml", secure=True).status_code == 404
    assert client.get("/sitemap-articles-x.xml", secure=True).status_code == 404
    # The former index address answers the same index.
    assert client.get("/sitemap-index.xml", secure=True).content == client.get("/sitemap.xml", secure=True).content


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_files_that_walk_the_archive_are_kept_until_content_changes(client, settings, tmp_path, make_article):
    """The Jalali months, the people and the list pages are computed once per content generation."""
    settings.PAGE_CACHE_ENABLED = False  # what is measured is the file, not the page cache in front of it
    settings.FRAGMENT_CACHE_ENABLED = True
    settings.PAGE_CACHE_GENERATION_FILE = str(tmp_path / "generation.json")
    make_article("خبر نخست آرشیو", published_at=timezone.now() - dt.timedelta(days=40))
    path = reverse("sitemap_section", kwargs={"section": "archive", "page": 1})
    first = b"".join(client.get(path, secure=True).streaming_content)
    with CaptureQueriesContext(connection) as kept:
        again = b"".join(client.get(path, secure=True).streaming_content)
    assert again == first and not [q for q in kept.captured_queries if "articles_article" in q["sql"]]
    make_article("خبر امروز آرشیو", published_at=timezone.now() - dt.timedelta(minutes=5))
    after = b"".join(client.get(path, secure=True).streaming_content)
    today = to_jalali(timezone.localtime().date())
    month_path = reverse("articles:archive", kwargs={"year": today.year, "month": today.month})
    assert month_path.encode() not in first and month_path.encode() in after  # the new month, at once
