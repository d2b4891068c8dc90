"""The known-platforms data migration: facts, parents, aliases, keys; idempotent and reversible."""

import importlib

import pytest
from django.apps import apps as django_apps

from archive_site.text import normalize_key, sort_key
from platforms.models import Platform, PlatformAlias

known = importlib.import_module("platforms.migrations.0002_known_platforms")
more = importlib.import_module("platforms.migrations.0003_more_known_platforms")

pytestmark = pytest.mark.django_db

EXPECTED = {
    # slug: (name, origin, kind, parent slug)
    "gap": ("گپ", "domestic", "messenger", None),
    "nava": ("نوا", "domestic", "messenger", None),
    "soroush": ("سروش", "domestic", "messenger", None),
    "bale": ("بله", "domestic", "messenger", None),
    "eitaa": ("ایتا", "domestic", "messenger", None),
    "igap": ("آی‌گپ", "domestic", "messenger", None),
    "rubika": ("روبیکا", "domestic", "messenger", None),
    "telegram": ("تلگرام", "foreign", "messenger", None),
    "whatsapp": ("واتس‌اپ", "foreign", "messenger", None),
    "instagram": ("اینستاگرام", "foreign", "social_network", None),
    "hotgram": ("هاتگرام", "domestic", "unofficial_client", "telegram"),
    "telegram-talaei": ("تلگرام طلایی", "domestic", "unofficial_client", "telegram"),
}


def test_every_known_platform_is_there_with_its_facts():
    platforms = {p.slug: p for p in Platform.objects.select_related("parent")}
    for slug, (name, origin, kind, parent) in EXPECTED.items():
        platform = platforms[slug]
        assert (platform.name, platform.origin, platform.kind) == (name, origin, kind), slug
        assert (platform.parent.slug if platform.parent else None) == parent, slug


def test_unofficial_clients_hang_under_telegram():
    telegram = Platform.objects.get(slug="telegram")
    assert set(telegram.clients.values_list("slug", flat=True)) == {"hotgram", "telegram-talaei"}


def test_keys_are_those_save_would_derive():
    # The migration cannot call save(); its keys must still match what save() computes.
    for platform in Platform.objects.filter(slug__in=EXPECTED):
        assert platform.name_key == normalize_key(platform.name)
        assert platform.sort_name == sort_key(platform.name)
    for alias in PlatformAlias.objects.filter(platform__slug__in=EXPECTED):
        assert alias.key == normalize_key(alias.name)


@pytest.mark.parametrize(
    "written, slug",
    [
        ("واتساپ", "whatsapp"),
        ("واتس آپ", "whatsapp"),
        ("واتس‌اپ", "whatsapp"),
        ("WhatsApp", "whatsapp"),
        ("سروش‌پلاس", "soroush"),
        ("سروش پلاس", "soroush"),
        ("پیام رسان گپ", "gap"),
        ("پیامرسان گپ", "gap"),
        ("Hotgram", "hotgram"),
        ("هات‌گرام", "hotgram"),
        ("Telegram Talaei", "telegram-talaei"),
        ("تلگرام طلايي", "telegram-talaei"),  # Arabic yeh
        ("آیگپ", "igap"),
        ("Eitaa", "eitaa"),
        ("اینستا", "instagram"),
    ],
)
def test_aliases_find_the_platform_however_it_is_written(written, slug):
    matches = set(PlatformAlias.objects.filter(key=normalize_key(written)).values_list("platform__slug", flat=True))
    assert matches == {slug}


def test_bale_has_no_bare_alias_that_is_the_word_yes():
    assert not PlatformAlias.objects.filter(platform__slug="bale", key=normalize_key("بله")).exists()


def test_no_invented_dates():
    # Only dates we are sure of; the unofficial clients' shut-down dates are left for an editor.
    assert Platform.objects.get(slug="telegram").launched_on.isoformat() == "2013-08-14"
    assert Platform.objects.get(slug="instagram").launched_on.isoformat() == "2010-10-06"
    for slug in ("hotgram", "telegram-talaei", "nava"):
        platform = Platform.objects.get(slug=slug)
        assert platform.launched_on is None and platform.shut_down_on is None


def test_running_again_changes_nothing():
    before = (Platform.objects.count(), PlatformAlias.objects.count())
    known.add_known_platforms(django_apps, None)
    assert (Platform.objects.count(), PlatformAlias.objects.count()) == before


def test_running_again_restores_an_edited_fact_but_keeps_editor_aliases():
    gap = Platform.objects.get(slug="gap")
    Platform.objects.filter(pk=gap.pk).update(origin="foreign")
    PlatformAlias.objects.create(platform=gap, name="گپ‌چت")
    known.add_known_platforms(django_apps, None)
    gap.refresh_from_db()
    assert gap.origin == "domestic"
    assert gap.aliases.filter(name="گپ‌چت").exists()


def test_reverse_removes_exactly_the_known_platforms():
    other = Platform.objects.create(name="پیام‌رسان آزمایشی", latin_name="Test Messenger", origin="domestic")
    more.remove_more(django_apps, None)  # the later migration of known platforms first
    assert not Platform.objects.filter(slug__in=[p["slug"] for p in more.MORE_PLATFORMS]).exists()
    known.remove_known_platforms(django_apps, None)
    assert list(Platform.objects.all()) == [other]
    assert not PlatformAlias.objects.exclude(platform=other).exists()
    known.add_known_platforms(django_apps, None)
    assert Platform.objects.filter(slug__in=EXPECTED).count() == len(EXPECTED)
