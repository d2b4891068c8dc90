"""The self-hosted font: a subset that still draws everything the site writes, declared and preloaded as such."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SUBSET = ROOT / "static" / "fonts" / "Vazirmatn-subset.woff2"
CSS = ROOT / "static" / "css" / "site.css"


def _cmap():
    ttlib = pytest.importorskip("fontTools.ttLib", reason="fonttools is in requirements-dev.txt")
    pytest.importorskip("brotli", reason="brotli (requirements-dev.txt) reads woff2")
    return set(ttlib.TTFont(SUBSET).getBestCmap())


def _declared_ranges():
    css = CSS.read_text(encoding="utf-8")
    face = re.search(r'@font-face \{\s*font-family: "Vazirmatn";(.*?)\}', css, re.S).group(1)
    ranges = []
    for part in re.search(r"unicode-range: ([^;]+);", face).group(1).split(","):
        bounds = part.strip()[2:].split("-")
        ranges.append((int(bounds[0], 16), int(bounds[-1], 16)))
    return ranges


def test_subset_is_small_and_covers_persian_text_and_the_sites_signs(founding_article_path):
    assert SUBSET.stat().st_size < 50_000  # the whole font is 111 KB
    cmap = _cmap()
    text = founding_article_path.read_text(encoding="utf-8")
    text += "پیام‌رسان‌های «نقل» ۰۱۲۳۴۵۶۷۸۹ ٠١٢٣٤٥٦٧٨٩ ي ك ، ؛ ؟ … – — Telegram 2018-11-20 @hotgram \u200c"
    missing = {hex(ord(c)) for c in text if not c.isspace() and ord(c) not in cmap}
    assert not missing


def test_unicode_range_is_what_the_subset_holds():
    cmap = _cmap()
    declared = _declared_ranges()
    # Every character the font has is declared (else the browser would not use it) ...
    undeclared = [hex(c) for c in cmap if c >= 0x20 and not any(a <= c <= b for a, b in declared)]
    assert not undeclared
    # ... and the Persian letters and digits are all there.
    for char in "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیآءئؤأ۰۹":
        assert ord(char) in cmap


def test_fallback_faces_are_size_adjusted_and_preloaded_font_is_the_subset(client, db):
    css = CSS.read_text(encoding="utf-8")
    fallbacks = re.findall(r'@font-face \{\s*font-family: "Vazirmatn Fallback \w+";(.*?)\}', css, re.S)
    assert len(fallbacks) == 8  # digits, Arabic and Latin, per weight
    for face in fallbacks:
        for descriptor in ("src: local(", "size-adjust:", "ascent-override:", "descent-override:", "line-gap-override:"):
            assert descriptor in face
    assert re.search(r'--font: "Vazirmatn", "Vazirmatn Fallback Digits", "Vazirmatn Fallback Arabic", "Vazirmatn Fallback Latin"', css)
    page = client.get("/").content.decode()
    assert re.search(r'<link rel="preload" href="/static/fonts/Vazirmatn-subset\.woff2" as="font" type="font/woff2" crossorigin>', page)
