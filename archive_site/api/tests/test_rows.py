"""The fast rows of an article list (archive_site/api/rows.py) are ArticleSerializer's default fields, exactly."""

import datetime as dt
import json

import pytest
from django.test import RequestFactory
from django.utils import timezone

from archive_site.api.rows import article_row
from articles.api import ArticleSerializer, article_queryset
from articles.models import Article, PressConference
from articles.selectors import public_articles


@pytest.fixture
def varied(make_article, make_section):
    from people.models import Organization, Person
    from platforms.models import Platform

    desk = make_section('علم "و" فناوری', slug="علم-و-فناوری")
    person = Person.objects.create(name="حمید فتاحی", slug="حمید-فتاحی")
    organization = Organization.objects.create(name="وزارت ارتباطات", slug="ministry")
    platform = Platform.objects.create(name="پیام‌رسان آزمایشی", latin_name="Test", slug="test-messenger", origin="domestic")
    confirmed = PressConference.objects.create(title="نشست تأییدشده", confirmed=True, starts_at=timezone.now())
    proposed = PressConference.objects.create(title="نشست پیشنهادی", confirmed=False)
    undated = PressConference.objects.create(title="نشست بی‌زمان", confirmed=True)
    plain = make_article("خبر ساده", section=desk)
    linked = make_article("خبر <پیوندها> & نام‌ها", section=desk, conference=confirmed)
    linked.people.add(person)
    linked.organizations.add(organization)
    linked.platforms.add(platform)
    make_article("خبر نشست پیشنهادی", section=desk, conference=proposed)
    make_article("خبر نشست بی‌زمان", section=desk, conference=undated,
                 published_at=dt.datetime(2020, 3, 20, 21, 0, tzinfo=dt.UTC))
    return plain


def test_rows_are_the_serializers_default_fields(varied):
    request = RequestFactory().get("/api/v1/articles/", secure=True)
    articles = list(article_queryset(public_articles(), set()).order_by("-published_at"))
    assert len(articles) == 4
    expected = ArticleSerializer(articles, many=True, context={"request": request, "show_fields": set()}).data
    rows = [article_row(request, article) for article in articles]
    # Equal, and in the same order of keys (the bytes of the answer, hence its ETag).
    assert json.dumps(rows, ensure_ascii=False) == json.dumps(expected, ensure_ascii=False)


def test_the_list_answer_is_unchanged_by_show_fields_none(client, varied):
    fast = client.get("/api/v1/articles/").json()
    assert [row["headline"] for row in fast["results"]] == list(
        Article.objects.public().order_by("-published_at", "-id").values_list("headline", flat=True)
    )
    assert fast["results"][0].keys() == client.get("/api/v1/articles/?show-fields=lead").json()["results"][0].keys() - {"lead"}
