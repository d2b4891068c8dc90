"""Iran's well-known messaging platforms, their facts and the ways the press writes their names.

Facts are filled only where they are well established; a date or a website we
are not sure of stays blank (an editor can add it), since a wrong fact in an
archive is worse than a missing one.

Historical models do not run the models' save(), so the keys save() would
derive (name_key, sort_name, alias key) are computed here with the one
normalizer, archive_site.text. Idempotent (update_or_create by slug) and
reversible (deletes exactly these slugs).
"""

import datetime as dt

from django.db import migrations

from archive_site.text import normalize_key, sort_key

# slug -> facts. Parents are named by slug and must come before their clients.
KNOWN_PLATFORMS = [
    {
        "slug": "telegram",
        "name": "تلگرام",
        "latin_name": "Telegram",
        "origin": "foreign",
        "kind": "messenger",
        "launched_on": dt.date(2013, 8, 14),
        "website": "https://telegram.org",
        "description": "پیام‌رسان خارجی که از اردیبهشت ۱۳۹۷ در ایران فیلتر است.",
        "aliases": ["تلگرام", "Telegram", "تلگرم"],
    },
    {
        "slug": "whatsapp",
        "name": "واتس‌اپ",
        "latin_name": "WhatsApp",
        "origin": "foreign",
        "kind": "messenger",
        "website": "https://www.whatsapp.com",
        "description": "پیام‌رسان خارجی متعلق به شرکت متا.",
        "aliases": ["واتس‌اپ", "واتساپ", "واتس آپ", "واتس‌آپ", "واتس اپ", "WhatsApp", "Whats App"],
    },
    {
        "slug": "instagram",
        "name": "اینستاگرام",
        "latin_name": "Instagram",
        "origin": "foreign",
        "kind": "social_network",
        "launched_on": dt.date(2010, 10, 6),
        "website": "https://www.instagram.com",
        "description": "شبکهٔ اجتماعی خارجی اشتراک عکس و ویدئو، متعلق به شرکت متا.",
        "aliases": ["اینستاگرام", "اینستا", "Instagram"],
    },
    {
        "slug": "soroush",
        "name": "سروش",
        "latin_name": "Soroush",
        "origin": "domestic",
        "kind": "messenger",
        "website": "https://splus.ir",
        "description": "پیام‌رسان داخلی که بعدها با نام سروش‌پلاس عرضه شد.",
        "aliases": ["سروش", "سروش‌پلاس", "سروش پلاس", "Soroush", "Soroush Plus", "SPlus"],
    },
    {
        "slug": "gap",
        "name": "گپ",
        "latin_name": "Gap",
        "origin": "domestic",
        "kind": "messenger",
        "website": "https://gap.im",
        "description": "پیام‌رسان داخلی.",
        "aliases": ["گپ", "پیام‌رسان گپ", "پیام رسان گپ", "Gap", "Gap Messenger"],
    },
    {
        "slug": "nava",
        "name": "نوا",
        "latin_name": "Nava",
        "origin": "domestic",
        "kind": "messenger",
        "description": "پیام‌رسان داخلی که در خبر بنیادین آرشیو در کنار گپ از آن نام برده شده است.",
        "aliases": ["نوا", "پیام‌رسان نوا", "پیام رسان نوا", "Nava"],
    },
    {
        "slug": "bale",
        "name": "بله",
        "latin_name": "Bale",
        "origin": "domestic",
        "kind": "messenger",
        "website": "https://bale.ai",
        "description": "پیام‌رسان داخلی با خدمات بانکی.",
        # «بله» alone is the everyday word "yes": no bare alias, only the
        # forms that can mean nothing but the messenger.
        "aliases": ["پیام‌رسان بله", "پیام رسان بله", "Bale", "Bale Messenger"],
    },
    {
        "slug": "eitaa",
        "name": "ایتا",
        "latin_name": "Eitaa",
        "origin": "domestic",
        "kind": "messenger",
        "website": "https://eitaa.com",
        "description": "پیام‌رسان داخلی.",
        "aliases": ["ایتا", "پیام‌رسان ایتا", "پیام رسان ایتا", "Eitaa"],
    },
    {
        "slug": "igap",
        "name": "آی‌گپ",
        "latin_name": "iGap",
        "origin": "domestic",
        "kind": "messenger",
        "website": "https://igap.net",
        "description": "پیام‌رسان داخلی.",
        "aliases": ["آی‌گپ", "آیگپ", "آی گپ", "iGap"],
    },
    {
        "slug": "rubika",
        "name": "روبیکا",
        "latin_name": "Rubika",
        "origin": "domestic",
        "kind": "messenger",
        "website": "https://rubika.ir",
        "description": "پیام‌رسان و سکوی چندمنظورهٔ داخلی.",
        "aliases": ["روبیکا", "Rubika"],
    },
    {
        "slug": "hotgram",
        "name": "هاتگرام",
        "latin_name": "Hotgram",
        "origin": "domestic",
        "kind": "unofficial_client",
        "parent": "telegram",
        "description": "نسخهٔ غیررسمی تلگرام، ساخت توسعه‌دهندگان ایرانی، که در سال‌های فیلتر تلگرام پرکاربرد بود.",
        "aliases": ["هاتگرام", "هات‌گرام", "هات گرام", "Hotgram"],
    },
    {
        "slug": "telegram-talaei",
        "name": "تلگرام طلایی",
        "latin_name": "Telegram Talaei",
        "origin": "domestic",
        "kind": "unofficial_client",
        "parent": "telegram",
        "description": "نسخهٔ غیررسمی تلگرام، ساخت توسعه‌دهندگان ایرانی.",
        "aliases": ["تلگرام طلایی", "Telegram Talaei", "Talaei", "Golden Telegram"],
    },
]

FACT_FIELDS = ("name", "latin_name", "origin", "kind", "launched_on", "shut_down_on", "website", "description")


def add_known_platforms(apps, schema_editor):
    write_platforms(apps, KNOWN_PLATFORMS)


def write_platforms(apps, platforms):
    """Create or update the platforms described (used by later migrations of known platforms too)."""
    Platform = apps.get_model("platforms", "Platform")
    PlatformAlias = apps.get_model("platforms", "PlatformAlias")
    by_slug = {p.slug: p for p in Platform.objects.all()}
    for facts in platforms:
        defaults = {name: facts.get(name, None if name.endswith("_on") else "") for name in FACT_FIELDS}
        defaults["parent"] = by_slug[facts["parent"]] if facts.get("parent") else None
        defaults["name_key"] = normalize_key(facts["name"])
        defaults["sort_name"] = sort_key(facts["name"])
        platform, _ = Platform.objects.update_or_create(slug=facts["slug"], defaults=defaults)
        by_slug[facts["slug"]] = platform
        for alias in facts["aliases"]:
            # The alias key is unique per platform: spellings that fold to the
            # same key ("واتس‌اپ" / "واتساپ") are one alias.
            PlatformAlias.objects.get_or_create(platform=platform, key=normalize_key(alias), defaults={"name": alias})


def remove_known_platforms(apps, schema_editor):
    Platform = apps.get_model("platforms", "Platform")
    slugs = [facts["slug"] for facts in KNOWN_PLATFORMS]
    # Clients first: a parent is protected while a client points at it.
    Platform.objects.filter(slug__in=slugs, parent__isnull=False).delete()
    Platform.objects.filter(slug__in=slugs).delete()


class Migration(migrations.Migration):
    dependencies = [("platforms", "0001_initial")]

    operations = [migrations.RunPython(add_known_platforms, remove_known_platforms)]
