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


def test_a_draft_may_go_to_review_while_other_articles_are_public(make_article):
    make_article()  # someone else's public article must not make this draft count as public
    draft = make_article(status=Article.Status.DRAFT)
    draft.status = Article.Status.REVIEW
    draft.full_clean()


def test_every_search_key_is_derived_from_its_own_text(make_article):
    from archive_site.text import compound_key, normalize_key

    article = make_article(headline="تيتر پیام‌رسان", lead="لید با ك عربی", body="متن با ۱۲ رقم")
    article.refresh_from_db()
    assert article.headline_key == normalize_key("تيتر پیام‌رسان") == "تیتر پیامرسان"
    assert article.lead_key == normalize_key("لید با ك عربی") == "لید با ک عربی"
    assert article.body_key == normalize_key("متن با ۱۲ رقم") == "متن با 12 رقم"
    assert article.compound_key == compound_key("تيتر پیام‌رسان لید با ك عربی متن با ۱۲ رقم")
    # Each key from its own field: headline words are not in the lead's key, nor lead words in the body's.
    assert "تیتر" not in article.lead_key and "لید" not in article.body_key


def test_a_headline_without_letters_for_a_slug_gets_a_fallback_slug(make_article):
    assert make_article(headline="؟!").slug == "khabar"


def test_desks_and_conferences_get_slugs_and_keys_from_their_names(make_section):
    from articles.models import PressConference
    from archive_site.text import normalize_key, slugify_fa, sort_key

    section = make_section("علم و فناوري")
    assert section.slug == slugify_fa("علم و فناوري") != "section"
    assert section.name_key == normalize_key("علم و فناوري") and section.sort_name == sort_key("علم و فناوري")
    conference = PressConference.objects.create(title="نشست خبری پیام‌رسان‌ها")
    assert conference.slug == slugify_fa("نشست خبری پیام‌رسان‌ها") != "pressconference"
    assert conference.title_key == normalize_key("نشست خبری پیام‌رسان‌ها")
