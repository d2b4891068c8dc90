"""What was never public stays unknown: a draft withdrawn before publication answers 404 on the site and
in the API alike, and desks without a public article are listed nowhere."""

import datetime as dt

import pytest
from django.utils import timezone

from archive_site.api.tests.conftest import HttpsAPIClient
from articles.models import Article

pytestmark = pytest.mark.django_db


def test_withdrawn_before_it_was_public_is_404_on_site_and_api(client, make_article):
    now = timezone.now()
    never_public = make_article(status=Article.Status.WITHDRAWN, published_at=now + dt.timedelta(days=3),
                                withdrawn_at=now - dt.timedelta(hours=1))
    never_dated = make_article(status=Article.Status.WITHDRAWN, published_at=None, withdrawn_at=now)
    was_public = make_article(status=Article.Status.WITHDRAWN)
    api = HttpsAPIClient()
    for article in (never_public, never_dated):
        page = client.get(f"/articles/{article.pk}/{article.slug}/")
        assert page.status_code == 404
        assert api.get(f"/api/v1/articles/{article.pk}/").status_code == 404
    assert client.get(f"/articles/{was_public.pk}/{was_public.slug}/").status_code == 410
    assert api.get(f"/api/v1/articles/{was_public.pk}/").status_code == 410


def test_desks_without_a_public_article_are_listed_nowhere(client, make_article, make_section):
    shown = make_section(name="گروه دیدنی")
    make_article(section=shown)
    hidden = make_section(name="گروه پنهان زرافه")
    make_article(section=hidden, status=Article.Status.DRAFT)
    empty = make_section(name="گروه خالی زرافه")
    api = HttpsAPIClient()

    home = client.get("/").content.decode()
    assert "گروه دیدنی" in home and "زرافه" not in home
    listed = [section["name"] for section in api.get("/api/v1/sections/").json()["results"]]
    assert listed == ["گروه دیدنی"]
    from urllib.parse import unquote

    from archive_site.tests.test_sitemap import read_sitemap

    sitemap = unquote(" ".join(entry["loc"] for entry in read_sitemap(client)))
    assert f"/sections/{shown.slug}/" in sitemap
    for section in (hidden, empty):
        assert client.get(f"/sections/{section.slug}/").status_code == 404
        assert api.get(f"/api/v1/sections/{section.pk}/").status_code == 404
        assert client.get(f"/feeds/sections/{section.slug}/rss/").status_code == 404
        assert f"/sections/{section.slug}/" not in sitemap
    assert client.get(f"/sections/{shown.slug}/").status_code == 200
