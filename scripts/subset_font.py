"""Subset Vazirmatn to the characters the site uses (a development tool; the result is committed).

    .venv/bin/pip install -r requirements-dev.txt
    .venv/bin/python scripts/subset_font.py            # writes static/fonts/Vazirmatn-subset.woff2

The source is the whole variable font from the npm package `vazirmatn`
(static/fonts/Vazirmatn-wght.woff2, SIL OFL). The subset keeps every weight
(the variation axis), every OpenType layout feature (Arabic joining forms,
ligatures, mark positioning, kerning) and drops hinting, which browsers on
phones ignore. UNICODE_RANGES below is also what `unicode-range` says in
static/css/site.css: a character outside it falls back to the next font in
the stack instead of the browser fetching a file for nothing.
"""

import sys
from pathlib import Path

from fontTools import subset

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "static" / "fonts" / "Vazirmatn-wght.woff2"
TARGET = ROOT / "static" / "fonts" / "Vazirmatn-subset.woff2"

# Basic Latin (codes, handles, Latin names, digits), the Latin-1 signs Persian copy uses
# (no-break space, « », ×, ÷), the Arabic block (Persian letters, Persian and Arabic-Indic
# digits, harakat, ، ؛ ؟), and from General Punctuation the joiners and marks (ZWNJ, ZWJ,
# LRM, RLM), dashes, quotation marks, the ellipsis, and the bidi isolates.
UNICODE_RANGES = [
    (0x0020, 0x007E),
    (0x00A0, 0x00A0),
    (0x00AB, 0x00AB),
    (0x00BB, 0x00BB),
    (0x00D7, 0x00D7),
    (0x00F7, 0x00F7),
    (0x0600, 0x06FF),
    (0x200C, 0x200F),
    (0x2010, 0x2027),
    (0x2039, 0x203A),
    (0x2066, 0x2069),
]


def css_unicode_range():
    return ", ".join(f"U+{a:04X}" if a == b else f"U+{a:04X}-{b:04X}" for a, b in UNICODE_RANGES)


def main():
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.hinting = False
    options.name_IDs = ["*"]  # keep the copyright and licence names (OFL)
    options.notdef_outline = True
    font = subset.load_font(str(SOURCE), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[c for a, b in UNICODE_RANGES for c in range(a, b + 1)])
    subsetter.subset(font)
    subset.save_font(font, str(TARGET), options)
    print(f"{TARGET.relative_to(ROOT)}: {TARGET.stat().st_size:,} bytes (from {SOURCE.stat().st_size:,})")
    print(f"unicode-range: {css_unicode_range()};")
    return 0


if __name__ == "__main__":
    sys.exit(main())
