"""A mirror kept by the change feed alone ends equal to a fresh harvest: renames, confirmations, statements, long transactions."""

import datetime as dt
import threading
import time

import pytest
from django.db import connection, transaction
from django.utils import timezone

from articles.models import Article, PressConference
from articles.services import confirm_conferences, publish_article, withdraw_article


def _chief():
    """A chief editor: the services check roles (issue 9)."""
    from django.contrib.auth.models import User

    return User.objects.filter(username="mirror-chief").first() or User.objects.create_superuser("mirror-chief", password="x")

FEED = "/api/v1/changes/?show-fields=all&page-size=3"
LIST = "/api/v1/articles/?show-fields=all&page-size=3"


def harvest(api):
    """Every public article, as a fresh partner would read it."""
    found, url = {}, LIST
    while url:
        body = api.get(url).json()
        found.update({item["id"]: item for item in body["results"]})
        url = body["next"]
    return found


class Mirror:
    """What a partner keeps: articles by id, upserted and deleted by the feed alone."""

    def __init__(self, api):
        self.api = api
        self.articles = {}
        self.next = FEED
        self.types = {}

    def pull(self):
        while True:
            response = self.api.get(self.next)
            assert response.status_code == 200, response.content
            body = response.json()
            for entry in body["results"]:
                self.types.setdefault(entry["id"], []).append(entry["type"])
                if entry["type"] == "withdrawn":
                    assert "article" not in entry
                    self.articles.pop(entry["id"], None)
                else:
                    self.articles[entry["id"]] = entry["article"]
            self.next = body["next"]
            if not body["more"]:
                return self


@pytest.mark.django_db
def test_mirror_follows_every_change_to_what_articles_embed(api, archive, make_article):
    mirror = Mirror(api).pull()
    assert mirror.articles == harvest(api)
    assert len(mirror.articles) == 2
    third = make_article("خبر سوم دربارهٔ تلگرام", section=archive["science"])
    third.platforms.add(archive["telegram"])
    mirror.pull()
    assert mirror.types[third.pk] == ["published"]

    # Renames of everything an article embeds.
    for key, name in (("science", "دانش و فناوری"), ("fattahi", "حمید فتاحی (ویراسته)"),
                      ("ministry", "وزارت ارتباطات (ویراسته)"), ("gap", "گپ (ویراسته)"), ("conference", "نشست ویراسته")):
        obj = archive[key]
        setattr(obj, "title" if key == "conference" else "name", name)
        obj.save()
    # A conference the import proposed is confirmed: the politics article now embeds it.
    confirm_conferences(conferences=PressConference.objects.filter(pk=archive["hidden_conference"].pk), by=_chief())
    # A statement edited and linked to one more platform; a link removed from the platform's side.
    statement = archive["statement"]
    statement.text = "از پیام‌رسان‌های داخلی فقط در گپ عضو هستیم"
    statement.save()
    statement.platforms.add(archive["hotgram"])
    archive["politics_article"].platforms.remove(archive["telegram"])
    # A draft, then published with a date a month back (backdated).
    late = make_article("خبر دیرهنگام", status=Article.Status.DRAFT, published_at=None, section=archive["politics"])
    mirror.pull()
    assert late.pk not in mirror.types
    publish_article(article=late, by=_chief(), at=timezone.now() - dt.timedelta(days=30))
    # A scheduled article whose time comes with no write, and a withdrawal.
    scheduled = make_article("خبر زمان‌بندی‌شده", published_at=timezone.now() + dt.timedelta(hours=1))
    withdraw_article(article=third, by=_chief(), note="اشتباه")
    mirror.pull()
    assert scheduled.pk not in mirror.articles
    Article.objects.filter(pk=scheduled.pk).update(published_at=timezone.now() - dt.timedelta(seconds=1))
    mirror.pull()

    fresh = harvest(api)
    assert mirror.articles == fresh
    assert set(fresh) == {archive["founding"].pk, archive["politics_article"].pk, late.pk, scheduled.pk}
    founding = mirror.articles[archive["founding"].pk]
    assert founding["section"]["name"] == "دانش و فناوری"
    assert founding["statements"][0]["text"] == "از پیام‌رسان‌های داخلی فقط در گپ عضو هستیم"
    assert mirror.articles[archive["politics_article"].pk]["conference"]["id"] == archive["hidden_conference"].pk
    # First publication is `published` whatever its date; a withdrawal is a tombstone.
    assert mirror.types[late.pk] == ["published"]
    assert mirror.types[scheduled.pk] == ["published"]
    assert mirror.types[third.pk][-1] == "withdrawn"


@pytest.mark.django_db
def test_deleting_an_entity_reaches_the_articles_that_embedded_it(api, archive, make_article):
    from people.models import Person

    extra = Person.objects.create(name="شخص موقت", slug="temporary")
    archive["founding"].people.add(extra)
    mirror = Mirror(api).pull()
    extra.delete()
    mirror.pull()
    assert mirror.articles == harvest(api)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_long_transaction_is_held_back_never_lost(api, archive, make_article):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers: no transaction can stay open while others commit")
    mirror = Mirror(api).pull()
    written, release, failure = threading.Event(), threading.Event(), []

    def long_transaction():
        try:
            with transaction.atomic():
                gap = archive["gap"]
                gap.name = "گپ (در تراکنش بلند)"
                gap.save()
                written.set()
                release.wait(30)
        except Exception as error:  # surfaced in the main thread
            failure.append(error)
            written.set()
        finally:
            connection.close()

    thread = threading.Thread(target=long_transaction)
    thread.start()
    try:
        assert written.wait(30)
        # Others commit while it is open; the feed is read well past any time-based hold-back.
        quick = make_article("خبر سریع در میانهٔ تراکنش بلند", section=archive["science"])
        time.sleep(1.5)
        mirror.pull()
        # Held back, not skipped: nothing after the open transaction is handed out yet.
        assert quick.pk not in mirror.articles
    finally:
        release.set()
        thread.join(30)
    assert not failure
    # Other databases on the same server may hold the horizon back for a moment too.
    deadline = time.monotonic() + 30
    while True:
        mirror.pull()
        if mirror.articles == harvest(api) or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert mirror.articles == harvest(api)
    assert mirror.articles[archive["founding"].pk]["platforms"]
    assert "گپ (در تراکنش بلند)" in {p["name"] for p in mirror.articles[archive["founding"].pk]["platforms"]}
