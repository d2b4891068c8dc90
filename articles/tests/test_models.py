import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article


def test_public_means_published_and_its_time_has_come(make_article, non_public_articles):
    visible = make_article()
    assert list(Article.objects.public()) == [visible]
    assert visible.is_public
    assert not any(article.is_public for article in non_public_articles.values())


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.REVIEW])
def test_a_public_article_cannot_go_back_to_draft_or_review(make_article, status):
    article = make_article()
    article.status = status
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "status" in error.value.message_dict


def test_a_public_article_cannot_be_rescheduled_into_the_future(make_article):
    article = make_article()
    article.published_at = timezone.now() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "published_at" in error.value.message_dict


def test_a_scheduled_article_may_still_go_back_to_draft(make_article):
    article = make_article(published_at=timezone.now() + dt.timedelta(days=1))
    article.status = Article.Status.DRAFT
    article.full_clean()


def test_a_public_article_may_be_withdrawn(make_article):
    article = make_article()
    article.status = Article.Status.WITHDRAWN
    article.withdrawn_at = timezone.now()
    article.full_clean()


def test_one_article_per_agency_and_message_code(make_article):
    make_article(agency="ایسنا", message_code="1234")
    make_article(agency="ایسنا", message_code="")
    make_article(agency="ایسنا", message_code="")  # no code: no constraint
    make_article(agency="فارس", message_code="1234")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(agency="ایسنا", message_code="1234")


def test_a_published_article_needs_its_time_and_a_withdrawn_one_its_withdrawal(make_section):
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(headline="ب", section=make_section(), status=Article.Status.PUBLISHED, published_at=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(headline="ب", section=make_section(), status=Article.Status.WITHDRAWN, withdrawn_at=None)


def test_role_end_not_before_start(db):
    from people.models import Organization, Person, Role

    person, organization = Person.objects.create(name="الف"), Organization.objects.create(name="ب")
    with pytest.raises(IntegrityError), transaction.atomic():
        Role.objects.create(person=person, organization=organization, title="معاون",
                            start_date=dt.date(2020, 1, 2), end_date=dt.date(2020, 1, 1))


def test_a_desk_is_one_desk_however_its_name_is_spelled(make_section):
    make_section(name="علم و فناوری")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_section(name="علم‌ و فناوري")


def test_slugs_stay_unique_and_short(db):
    from people.models import Person
    from platforms.models import Platform

    first, second = Person.objects.create(name="حمید فتاحی"), Person.objects.create(name="حمید فتاحی")
    assert (first.slug, second.slug) == ("حمید-فتاحی", "حمید-فتاحی-2")
    assert Platform.objects.create(name="تست", latin_name="Test Platform", origin="foreign").slug == "test-platform"
