"""Fixtures shared by every app's tests: small factories over the archive's models."""

import datetime as dt
import itertools
import os
from pathlib import Path

import pytest
from django.utils import timezone

# The founding article lives beside the checkout (../shared/seed), not in it;
# ARCHIVE_SEED_DIR points elsewhere (a git worktree, a CI runner's copy).
SEED_DIR = Path(os.environ.get("ARCHIVE_SEED_DIR") or Path(__file__).resolve().parent.parent / "shared" / "seed")
FOUNDING_ARTICLE = SEED_DIR / "000_250272190c6ac8f2.txt"
_counter = itertools.count(1)


def in_ci():
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def require_founding_article():
    """The founding article's path. Missing: the test fails under CI (a CI run must not pass without
    the import's acceptance tests) and is skipped elsewhere, each time saying what is missing."""
    if FOUNDING_ARTICLE.is_file():
        return FOUNDING_ARTICLE
    message = f"the founding article {FOUNDING_ARTICLE} is missing: put shared/seed beside the checkout or set ARCHIVE_SEED_DIR"
    if in_ci():
        pytest.fail(f"CI is set and {message}", pytrace=False)
    pytest.skip(message)


@pytest.fixture
def founding_article_path():
    return require_founding_article()


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
