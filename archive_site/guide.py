"""The partner guide on the site, in Persian and English: docs/partner-api*.md and the API changelog, as HTML."""

import functools

from django.conf import settings
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from markdown_it import MarkdownIt

GUIDES = {
    "fa": {"file": "partner-api.fa.md", "dir": "rtl", "title": "راهنمای API شرکا", "other": ("en", "English")},
    "en": {"file": "partner-api.md", "dir": "ltr", "title": "Partner API guide", "other": ("fa", "فارسی")},
}
CHANGELOG = "api-changelog.md"


@functools.lru_cache(maxsize=8)
def _rendered(name, mtime):
    # Raw HTML in the Markdown is escaped (html=False): the files are text, not markup to trust.
    parser = MarkdownIt("commonmark", {"html": False}).enable("table")
    return parser.render((settings.BASE_DIR / "docs" / name).read_text(encoding="utf-8"))


def rendered(name):
    path = settings.BASE_DIR / "docs" / name
    return mark_safe(_rendered(name, path.stat().st_mtime))


@require_safe
@cache_control(public=True, max_age=3600)
def guide(request, lang="fa"):
    spec = GUIDES[lang]
    return render(request, "api/guide.html", {
        "lang": lang, "dir": spec["dir"], "title": spec["title"], "other": spec["other"],
        "body": rendered(spec["file"]), "changelog": rendered(CHANGELOG),
    })
