"""Subset Vazirmatn to the characters the site uses (a development tool; the result is committed).

    .venv/bin/pip install -r requirements-dev.txt
    .venv/bin/python scripts/subset_font.py            # writes static/fonts/Vazirmatn-subset.woff2

The source is the whole variable font from the npm package `vazirmatn`
(static/fonts/Vazirmatn-wght.woff2, SIL OFL). The subset keeps the weights
the site uses (400 to 800 on the variation axis), every OpenType layout feature (Arabic joining forms,
ligatures, mark positioning, kerning) and drops hinting, which browsers on
phones ignore. UNICODE_RANGES below is also what `unicode-range` says in
static/css/site.css: a character outside it falls back to the next font in
the stack instead of the browser fetching a file for nothing.
"""

import sys
from pathlib import Path

from fontTools import subset
from fontTools.varLib import instancer

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "static" / "fonts" / "Vazirmatn-wght.woff2"
TARGET = ROOT / "static" / "fonts" / "Vazirmatn-subset.woff2"

# Basic Latin (codes, handles, Latin names, digits), the Latin-1 signs Persian copy uses
# (no-break space, « », ×, ÷); from the Arabic block what Persian copy is written with:
# the Persian letters and the Arabic letters older wire copy uses for them (ي ك ة ۀ ئ أ إ ؤ ء),
# harakat, tatweel, Persian and Arabic-Indic digits, and ، ؛ ؟ ٪ ٫ ٬; from General
# Punctuation the joiners and marks (ZWNJ, ZWJ, LRM, RLM), dashes, quotation marks, the
# ellipsis and the bidi isolates. Anything else (Urdu or Pashto letters, say) is drawn by
# the next font in the stack.
UNICODE_RANGES = [
    (0x0020, 0x007E),
    (0x00A0, 0x00A0),
    (0x00AB, 0x00AB),
    (0x00BB, 0x00BB),
    (0x00D7, 0x00D7),
    (0x00F7, 0x00F7),
    (0x060C, 0x060C),
    (0x061B, 0x061B),
    (0x061F, 0x061F),
    (0x0621, 0x063A),
    (0x0640, 0x0655),
    (0x0660, 0x066D),
    (0x0670, 0x0670),
    (0x067E, 0x067E),
    (0x0686, 0x0686),
    (0x0698, 0x0698),
    (0x06A9, 0x06A9),
    (0x06AF, 0x06AF),
    (0x06C0, 0x06C0),
    (0x06CC, 0x06CC),
    (0x06F0, 0x06F9),
    (0x200C, 0x200F),
    (0x2010, 0x2027),
    (0x2039, 0x203A),
    (0x2066, 0x2069),
]
# The weights site.css uses: 400 (text) to 800 (the headline); the axis is cut to them.
WEIGHTS = (400, 800)


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
    font = instancer.instantiateVariableFont(font, {"wght": WEIGHTS})
    font.flavor = "woff2"
    subset.save_font(font, str(TARGET), options)
    print(f"{TARGET.relative_to(ROOT)}: {TARGET.stat().st_size:,} bytes (from {SOURCE.stat().st_size:,})")
    print(f"unicode-range: {css_unicode_range()};")
    return 0


if __name__ == "__main__":
    sys.exit(main())
