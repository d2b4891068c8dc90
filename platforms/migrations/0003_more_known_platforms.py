"""Social networks and services the press names beside the messengers: X (Twitter), Facebook, YouTube, Shad …

Same shape and the same writer as 0002 (facts only where well established).
Names that are everyday words («شاد» happy, «ایکس» the letter X) link only
where copy speaks of a platform (articles.importer.linking).
"""

import importlib

from django.db import migrations

_known = importlib.import_module("platforms.migrations.0002_known_platforms")

MORE_PLATFORMS = [
    {
        "slug": "x-twitter", "name": "ایکس", "latin_name": "X (Twitter)", "origin": "foreign",
        "kind": "social_network", "website": "https://x.com",
        "description": "شبکهٔ اجتماعی خارجی که تا سال ۲۰۲۳ توییتر نام داشت.",
        "aliases": ["توییتر", "توئیتر", "تویتر", "Twitter", "ایکس", "X", "شبکه اجتماعی ایکس", "توییتری"],
    },
    {
        "slug": "facebook", "name": "فیس‌بوک", "latin_name": "Facebook", "origin": "foreign", "kind": "social_network",
        "website": "https://www.facebook.com", "description": "شبکهٔ اجتماعی خارجی متعلق به شرکت متا.",
        "aliases": ["فیس‌بوک", "فیسبوک", "فیس بوک", "Facebook"],
    },
    {
        "slug": "youtube", "name": "یوتیوب", "latin_name": "YouTube", "origin": "foreign", "kind": "social_network",
        "website": "https://www.youtube.com", "description": "سکوی خارجی اشتراک ویدئو.",
        "aliases": ["یوتیوب", "یوتیوپ", "YouTube"],
    },
    {
        "slug": "aparat", "name": "آپارات", "latin_name": "Aparat", "origin": "domestic", "kind": "social_network",
        "website": "https://www.aparat.com", "description": "سکوی داخلی اشتراک ویدئو.",
        "aliases": ["آپارات", "Aparat"],
    },
    {
        "slug": "shad", "name": "شاد", "latin_name": "Shad", "origin": "domestic", "kind": "messenger",
        "description": "شبکهٔ آموزشی دانش‌آموزی، بر پایهٔ پیام‌رسان داخلی.",
        "aliases": ["شاد", "برنامه شاد", "اپلیکیشن شاد", "شبکه شاد", "Shad"],
    },
    {
        "slug": "linkedin", "name": "لینکدین", "latin_name": "LinkedIn", "origin": "foreign", "kind": "social_network",
        "website": "https://www.linkedin.com", "description": "شبکهٔ اجتماعی خارجی کاری.",
        "aliases": ["لینکدین", "لینکداین", "LinkedIn"],
    },
    {
        "slug": "tiktok", "name": "تیک‌تاک", "latin_name": "TikTok", "origin": "foreign", "kind": "social_network",
        "website": "https://www.tiktok.com", "description": "شبکهٔ اجتماعی خارجی ویدئوهای کوتاه.",
        "aliases": ["تیک‌تاک", "تیک تاک", "تیکتاک", "TikTok"],
    },
    {
        "slug": "clubhouse", "name": "کلاب‌هاوس", "latin_name": "Clubhouse", "origin": "foreign",
        "kind": "social_network", "description": "شبکهٔ اجتماعی صوتی خارجی.",
        "aliases": ["کلاب‌هاوس", "کلاب هاوس", "کلابهاوس", "Clubhouse"],
    },
    {
        "slug": "virasty", "name": "ویراستی", "latin_name": "Virasty", "origin": "domestic", "kind": "social_network",
        "description": "شبکهٔ اجتماعی داخلی.", "aliases": ["ویراستی", "Virasty"],
    },
]


def add_more(apps, schema_editor):
    _known.write_platforms(apps, MORE_PLATFORMS)


def remove_more(apps, schema_editor):
    apps.get_model("platforms", "Platform").objects.filter(slug__in=[p["slug"] for p in MORE_PLATFORMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("platforms", "0002_known_platforms")]

    operations = [migrations.RunPython(add_more, remove_more)]
