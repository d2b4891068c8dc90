"""manage.py backup / restore: one file with data and media; a round trip gives back every object equal."""

import datetime as dt
import tarfile

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.utils import timezone

from archive_site.backup import create_backup, restore_backup, serialize_all
from archive_site.models import APIKey
from articles.models import Article, PressConference, Section, Statement
from people.models import Organization, Participation, Person, Role
from platforms.models import Platform

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    (tmp_path / "media" / "uploads").mkdir(parents=True)
    (tmp_path / "media" / "uploads" / "عکس نشست.jpg").write_bytes(b"\xff\xd8 not really a jpeg \x00\x01")
    return tmp_path / "media"


def generated_corpus(articles=40):
    """Beside the demo: articles in every state, with edits (history), statements, roles, keys and editors."""
    now = timezone.now()
    section = Section.objects.create(name="گروه پشتیبان", description="برای آزمون پشتیبان.")
    org = Organization.objects.create(name="سازمان آزمون پشتیبان")
    person = Person.objects.create(name="شخص آزمون پشتیبان", bio="زندگی‌نامه با\u200cنیم‌فاصله و «گیومه».")
    role = Role.objects.create(person=person, organization=org, title="سخنگو", start_date=dt.date(2018, 1, 1))
    conference = PressConference.objects.create(title="نشست آزمون پشتیبان", host=org, starts_at=now, confirmed=True)
    Participation.objects.create(conference=conference, person=person, role=role, order=1)
    platform = Platform.objects.filter(slug="gap").first() or Platform.objects.create(name="گپ", slug="gap")
    statuses = [Article.Status.PUBLISHED, Article.Status.DRAFT, Article.Status.REVIEW, Article.Status.WITHDRAWN]
    for n in range(articles):
        status = statuses[n % 4]
        article = Article.objects.create(
            headline=f"تیتر پشتیبان {n} / بخش دوم", lead=f"لید {n}", body=f"بند یک {n}\n\nبند دو {n}", section=section,
            status=status, published_at=now - dt.timedelta(hours=n),
            withdrawn_at=now if status == Article.Status.WITHDRAWN else None, conference=conference,
            agency="ایسکانیوز", message_code=f"B{n}",
        )
        article.people.add(person)
        article.platforms.add(platform)
        statement = Statement.objects.create(speaker=person, text=f"گفتهٔ {n} دربارهٔ گپ", article=article,
                                             conference=conference, position=0)
        statement.platforms.add(platform)
        if n % 5 == 0:
            article.lead = f"لید ویرایش‌شده {n}"
            article.save()
    editor = User.objects.create_user("backup-editor", password="a-long-password-1", is_staff=True)
    editor.groups.add(*Group.objects.all()[:1])
    APIKey.issue(name="شریک پشتیبان", created_by=editor)


def test_round_trip_gives_back_every_object_and_file(media, tmp_path):
    call_command("seed_demo", "--with-editor", verbosity=0)
    generated_corpus()
    before = serialize_all()
    assert len(before) > 300
    target = tmp_path / "archive.tar.gz"
    call_command("backup", str(target), verbosity=0)
    with tarfile.open(target) as archive:
        names = archive.getnames()
    assert {"manifest.json", "data.json", "media/uploads/عکس نشست.jpg"} <= set(names)

    # Lose everything (and change what is left), then restore.
    Article.objects.filter(pk__in=Article.objects.order_by("pk").values("pk")[:10]).delete()
    Person.objects.filter(name="شخص آزمون پشتیبان").update(bio="تغییر پس از پشتیبان")
    Section.objects.create(name="گروه پس از پشتیبان")
    (media / "uploads" / "عکس نشست.jpg").unlink()
    with pytest.raises(CommandError, match="خالی نیست"):
        call_command("restore", str(target), verbosity=0)
    call_command("restore", str(target), "--replace", verbosity=0)

    after = serialize_all()
    assert len(after) == len(before)
    assert after == before
    assert (media / "uploads" / "عکس نشست.jpg").read_bytes() == b"\xff\xd8 not really a jpeg \x00\x01"
    # The restored archive works: search index, new rows get fresh ids.
    assert Article.objects.public().exists()
    Section.objects.create(name="گروه تازه پس از بازگردانی")


def test_restore_into_an_empty_installation(media, tmp_path):
    generated_corpus(articles=8)
    before = serialize_all()
    target = tmp_path / "small.tar.gz"
    create_backup(target)
    from archive_site.backup import _delete_everything

    _delete_everything("default")
    assert not Article.objects.exists()
    restore_backup(target)
    assert serialize_all() == before


def test_a_file_that_is_no_backup_is_refused(tmp_path):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not a tar")
    with pytest.raises(CommandError, match="خوانده نشد"):
        call_command("restore", str(junk), verbosity=0)
    with pytest.raises(CommandError, match="پیدا نشد"):
        call_command("restore", str(tmp_path / "missing.tar.gz"), verbosity=0)
