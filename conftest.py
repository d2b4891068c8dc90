"""Fixtures shared by every app's tests: small factories over the archive's models."""

import datetime as dt
import itertools
from pathlib import Path

import pytest
from django.utils import timezone

SEED_DIR = Path(__file__).resolve().parent.parent / "shared" / "seed"
FOUNDING_ARTICLE = SEED_DIR / "000_250272190c6ac8f2.txt"
_counter = itertools.count(1)


@pytest.fixture
def founding_article_path():
    """The founding article; tests that need it skip only if shared/ is absent (never in CI)."""
    if not FOUNDING_ARTICLE.exists():
        pytest.skip("shared/seed is not beside the checkout")
    return FOUNDING_ARTICLE


@pytest.fixture
def make_section(db):
    from articles.models import Section

    def make(name=None, **kwargs):
        return Section.objects.create(name=name or f"گروه {next(_counter)}", **kwargs)

    return make


@pytest.fixture
def make_article(db, make_section):
    """An article, public by default; pass status/published_at to make it otherwise."""
    from articles.models import Article

    def make(headline=None, section=None, **kwargs):
        kwargs.setdefault("status", Article.Status.PUBLISHED)
        if kwargs["status"] == Article.Status.PUBLISHED:
            kwargs.setdefault("published_at", timezone.now() - dt.timedelta(hours=next(_counter)))
        if kwargs["status"] == Article.Status.WITHDRAWN:
            kwargs.setdefault("published_at", timezone.now() - dt.timedelta(days=2))
            kwargs.setdefault("withdrawn_at", timezone.now() - dt.timedelta(days=1))
        kwargs.setdefault("lead", "لید آزمایشی خبر.")
        kwargs.setdefault("body", "بند نخست متن خبر.\n\nبند دوم متن خبر.")
        return Article.objects.create(
            headline=headline or f"تیتر آزمایشی شماره {next(_counter)}",
            section=section or make_section(),
            **kwargs,
        )

    return make


@pytest.fixture
def non_public_articles(make_article):
    """One article of each kind a reader or partner must never see."""
    from articles.models import Article

    tomorrow = timezone.now() + dt.timedelta(days=1)
    return {
        "draft": make_article(headline="پیش‌نویس محرمانه زرافه", status=Article.Status.DRAFT, body="متن پنهان زرافه"),
        "review": make_article(headline="در بازبینی محرمانه زرافه", status=Article.Status.REVIEW, body="متن پنهان زرافه"),
        "scheduled": make_article(
            headline="زمان‌بندی‌شده محرمانه زرافه", status=Article.Status.PUBLISHED, published_at=tomorrow, body="متن پنهان زرافه"
        ),
        "withdrawn": make_article(headline="پس‌گرفته محرمانه زرافه", status=Article.Status.WITHDRAWN, body="متن پنهان زرافه"),
    }


@pytest.fixture(autouse=True)
def plain_http(settings):
    """The test client speaks plain HTTP; production's HTTPS redirect is tested in test_settings."""
    settings.SECURE_SSL_REDIRECT = False
