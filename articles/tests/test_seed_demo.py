"""`seed_demo`: enough content for every page, idempotent, and the demo editor only where it belongs."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from archive_site.jalali import to_jalali
from articles.models import Article, PressConference, Section, Statement
from people.models import Organization, OrganizationAlias, Participation, Person, PersonAlias, Role
from platforms.models import Platform, PlatformAlias

pytestmark = pytest.mark.django_db

COUNTED = [Section, Article, PressConference, Statement, Person, PersonAlias, Organization, OrganizationAlias, Role,
           Participation, Platform, PlatformAlias, Statement.platforms.through, Article.people.through,
           Article.platforms.through, Article.organizations.through]


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED} | {
        "users": get_user_model().objects.count()
    }


def seed(*args):
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_running_twice_gives_the_same_content():
    seed("--with-editor")
    first = counts()
    output = seed("--with-editor")
    assert counts() == first
    assert "0 articles created" in output


def test_every_page_kind_has_something_to_show():
    seed()
    assert Section.objects.count() >= 4
    assert Article.objects.public().count() >= 20
    assert Person.objects.count() >= 8
    assert Role.objects.filter(end_date__isnull=False).exists(), "some roles have ended"
    assert PressConference.objects.filter(confirmed=True).count() >= 3
    for name in ("وزارت ارتباطات و فناوری اطلاعات", "شرکت ارتباطات زیرساخت", "شورای عالی فضای مجازی",
                 "اتحادیه جامعه اسلامی دانشجویان"):
        assert Organization.objects.filter(name=name).exists(), name
    # Every conference has participants, each with the role held then.
    for conference in PressConference.objects.prefetch_related("participations__role"):
        participations = list(conference.participations.all())
        assert participations, conference.title
        for participation in participations:
            assert participation.role is not None
            assert participation.role.person_id == participation.person_id
            assert participation.role.held_on(timezone.localtime(conference.starts_at).date())
    # Statements about known platforms, reported by public articles.
    about = Statement.objects.filter(platforms__isnull=False, article__in=Article.objects.public()).distinct()
    assert about.count() >= 5
    assert Platform.objects.filter(slug="telegram", statements__isnull=False).exists()


def test_public_articles_spread_over_several_jalali_months():
    seed()
    months = {
        (j.year, j.month)
        for j in (to_jalali(a.published_at) for a in Article.objects.public().only("published_at"))
    }
    assert len(months) >= 6


def test_articles_look_like_wire_copy():
    seed()
    public = Article.objects.public()
    assert public.filter(headline__contains=" / ").exists()
    assert public.exclude(agency="ایسکانیوز").exists()
    assert public.exclude(message_code="").count() >= 5
    assert all(len(article.paragraphs) >= 3 for article in public)


def test_one_of_each_non_public_kind_and_none_of_them_public():
    seed()
    now = timezone.now()
    draft = Article.objects.get(status="draft")
    review = Article.objects.get(status="review")
    scheduled = Article.objects.get(status="published", published_at__gt=now)
    withdrawn = Article.objects.get(status="withdrawn")
    assert withdrawn.withdrawn_at is not None
    public_ids = set(Article.objects.public().values_list("pk", flat=True))
    assert public_ids.isdisjoint({draft.pk, review.pk, scheduled.pk, withdrawn.pk})


def test_scheduled_article_stays_in_the_future_on_a_later_run():
    seed()
    scheduled = Article.objects.get(status="published", published_at__gt=timezone.now())
    Article.objects.filter(pk=scheduled.pk).update(published_at=timezone.now() - timezone.timedelta(days=3))
    seed()
    scheduled.refresh_from_db()
    assert scheduled.published_at > timezone.now()


def test_a_second_run_keeps_an_editors_changes():
    seed()
    article = Article.objects.public().first()
    Article.objects.filter(pk=article.pk).update(lead="لیدی که دبیر نوشت.")
    seed()
    article.refresh_from_db()
    assert article.lead == "لیدی که دبیر نوشت."


def test_founding_article_person_is_known_with_his_surname():
    seed()
    fattahi = Person.objects.get(name="حمید فتاحی")
    assert fattahi.aliases.filter(name="فتاحی").exists()
    assert set(fattahi.roles.values_list("organization__name", flat=True)) == {
        "وزارت ارتباطات و فناوری اطلاعات", "شرکت ارتباطات زیرساخت"
    }


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the embedded default is SQLite")
def test_embedded_database_gets_the_demo_editor():
    output = seed()
    user = get_user_model().objects.get(username="editor")
    assert user.is_staff and not user.is_superuser
    assert user.check_password("editor-demo")
    assert user.groups.filter(name="دبیران").exists()
    assert "editor / editor-demo" in output


def test_no_editor_flag_skips_the_account():
    seed("--no-editor")
    assert not get_user_model().objects.filter(username="editor").exists()


@pytest.mark.skipif(connection.vendor == "sqlite", reason="a server database")
def test_server_database_gets_the_editor_only_when_asked():
    seed()
    assert not get_user_model().objects.filter(username="editor").exists()
    seed("--with-editor")
    assert get_user_model().objects.get(username="editor").groups.filter(name="دبیران").exists()


def test_existing_editor_password_is_not_reset():
    seed("--with-editor")
    user = get_user_model().objects.get(username="editor")
    user.set_password("changed-by-the-operator")
    user.save()
    seed("--with-editor")
    user.refresh_from_db()
    assert user.check_password("changed-by-the-operator")


def test_demo_editor_can_log_in_to_the_admin(client):
    seed("--with-editor")
    assert client.login(username="editor", password="editor-demo")
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/articles/article/").status_code == 200
