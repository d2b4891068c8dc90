"""Measure the size-adjusted local fallbacks for Vazirmatn in Chromium (a development tool).

    .venv/bin/python scripts/font_fallback_metrics.py

While Vazirmatn downloads, text is drawn in a local font; when it arrives
(`font-display: swap`) lines re-wrap and the page shifts. A fallback face
scaled with `size-adjust` to Vazirmatn's average advance on real Persian copy
(the founding article) and given Vazirmatn's vertical metrics
(`ascent-override`, `descent-override`, `line-gap-override`) wraps the same
way, so the swap moves nothing. This prints the @font-face rules that
static/css/site.css carries, measured for each local font installed here.
"""

import base64
import sys
from pathlib import Path

from fontTools.ttLib import TTFont
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
FONT = ROOT / "static" / "fonts" / "Vazirmatn-subset.woff2"
SAMPLE = ROOT.parent.parent / "shared" / "seed" / "000_250272190c6ac8f2.txt"
CHROMIUM = "/usr/bin/chromium"

# (face name in site.css, weight, local() names to try, script of the text it stands in for). Each weight has
# its own face, so bold text is drawn in the real bold (as wide as it will be), not a synthetic one.
FALLBACKS = [
    # Persian and Arabic-Indic digits are a tenth wider in Vazirmatn than in Noto, unlike its letters: a face of
    # their own keeps dates and counts (meta lines) the same width.
    ("Vazirmatn Fallback Digits", 400, ["Noto Sans Arabic Regular", "NotoSansArabic-Regular"], "digits"),
    ("Vazirmatn Fallback Digits", 700, ["Noto Sans Arabic Bold", "NotoSansArabic-Bold"], "digits"),
    ("Vazirmatn Fallback Arabic", 400, ["Noto Sans Arabic Regular", "NotoSansArabic-Regular"], "arabic"),
    ("Vazirmatn Fallback Arabic", 600, ["Noto Sans Arabic Bold", "NotoSansArabic-Bold"], "arabic"),
    ("Vazirmatn Fallback Arabic", 700, ["Noto Sans Arabic Bold", "NotoSansArabic-Bold"], "arabic"),
    ("Vazirmatn Fallback Arabic", 800, ["Noto Sans Arabic Bold", "NotoSansArabic-Bold"], "arabic"),
    ("Vazirmatn Fallback Latin", 400, ["Arial", "ArialMT", "Liberation Sans", "LiberationSans"], "latin"),
    ("Vazirmatn Fallback Latin", 700, ["Arial Bold", "Arial-BoldMT", "Liberation Sans Bold", "LiberationSans-Bold"], "latin"),
]
# The weights site.css uses (body 400; lead 600; headings 700; the headline and site name 800): each gets a face
# of its own, scaled to Vazirmatn at that weight, since a heavier Vazirmatn is wider.
UNICODE_RANGES = {
    "digits": "U+0660-0669, U+06F0-06F9",
    "arabic": "U+0020, U+00A0, U+00AB, U+00BB, U+0600-06FF, U+200C-200F, U+2010-2027, U+2066-2069, U+FB50-FDFF, U+FE70-FEFF",
    "latin": "U+0020-007E, U+00D7, U+00F7",
}
LATIN_SAMPLE = "Telegram Hotgram Soroush Gap IS-1405-0001 2018-11-20 RSS Atom @hotgram t.me/x 0123456789 " * 8


def vertical_metrics():
    font = TTFont(FONT)
    upm = font["head"].unitsPerEm
    hhea = font["hhea"]
    return hhea.ascent / upm, -hhea.descent / upm, hhea.lineGap / upm


def measure(page, family, text, weight):
    return page.evaluate(
        """([family, text, weight]) => {
            const span = document.createElement('span');
            span.style.font = `${weight} 100px "${family}"`;
            span.style.whiteSpace = 'nowrap';
            span.textContent = text;
            document.body.appendChild(span);
            const width = span.getBoundingClientRect().width;
            span.remove();
            return width;
        }""",
        [family, text, weight],
    )


def main():
    arabic = " ".join(SAMPLE.read_text(encoding="utf-8").split()) if SAMPLE.exists() else "پیام‌رسان‌های داخلی " * 40
    texts = {"arabic": arabic, "latin": LATIN_SAMPLE, "digits": "۰۱۲۳۴۵۶۷۸۹ ٠١٢٣٤٥٦٧٨٩ ۱۴۰۵ ۱۰ ۲۵ ۹۸۷ " * 10}
    font_data = base64.b64encode(FONT.read_bytes()).decode()
    ascent, descent, line_gap = vertical_metrics()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.set_content(
            "<!DOCTYPE html><html><head><style>"
            f"@font-face {{ font-family: 'V'; src: url(data:font/woff2;base64,{font_data}) format('woff2'); font-weight: 400 800; }}"
            "</style></head><body></body></html>"
        )
        page.evaluate("async () => { for (const w of [400, 600, 700, 800]) await document.fonts.load(w + ' 16px V'); }")
        for face, weight, locals_, script in FALLBACKS:
            # Every name the face will try goes into its src; the metrics are those of the first one installed here.
            measured = None
            for local in locals_:
                available = page.evaluate(
                    'async (name) => { const f = new FontFace("probe-" + name, `local("${name}")`);'
                    " try { await f.load(); document.fonts.add(f); return true; } catch (e) { return false; } }",
                    local,
                )
                if available:
                    measured = local
                    break
            if measured is None:
                print(f"/* {face} {weight}: none of {locals_} is installed here */")
                continue
            ratio = measure(page, "V", texts[script], weight) / measure(page, f"probe-{measured}", texts[script], 400)
            print(f"/* {face} {weight}: measured on {measured}; Vazirmatn is {ratio:.4f} as wide */")
            print("@font-face {")
            print(f'  font-family: "{face}";')
            print("  src: " + ", ".join(f'local("{name}")' for name in locals_) + ";")
            print(f"  font-weight: {weight};")
            print(f"  size-adjust: {ratio * 100:.2f}%;")
            print(f"  ascent-override: {ascent / ratio * 100:.2f}%;")
            print(f"  descent-override: {descent / ratio * 100:.2f}%;")
            print(f"  line-gap-override: {line_gap / ratio * 100:.2f}%;")
            print(f"  unicode-range: {UNICODE_RANGES[script]};")
            print("}")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
