"""Headless Chromium reads the home, an article, a search result (and a conference, a person, a platform)
at desktop and phone widths.

Checks what only a real browser can tell: the page is laid out right to left,
the self-hosted Vazirmatn font really loaded (not a system fallback), and
nothing overflows sideways on a 375 px phone. Screenshots are saved to
artifacts/screenshots/ for a person to look at.
"""

from urllib.parse import quote

import pytest
from django.urls import reverse

from archive_site.tests import checkers
from archive_site.tests.content import SEARCH_WORD, build_archive

pytestmark = [pytest.mark.browser]

WIDTHS = (1280, 375)

# Run in the page after load: every fact the assertions need, read at once.
PAGE_FACTS = """async () => {
    await document.fonts.ready;
    const vazirmatn = [...document.fonts].filter(f => f.family.replace(/["']/g, '') === 'Vazirmatn');
    return {
        dir: document.dir,
        lang: document.documentElement.lang,
        bodyDirection: getComputedStyle(document.body).direction,
        bodyFont: getComputedStyle(document.body).fontFamily,
        fontFaces: vazirmatn.map(f => f.status),
        fontCheck: document.fonts.check('16px Vazirmatn'),
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
        wideElements: [...document.querySelectorAll('body *')]
            .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.left < -1 || r.right > window.innerWidth + 1); })
            .slice(0, 5)
            .map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : '')),
        marks: document.querySelectorAll('mark').length,
        h1: (document.querySelector('h1') || {}).textContent || '',
    };
}"""


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pages_read_right_to_left_in_vazirmatn_without_sideways_scroll():
    checkers.require_chromium()
    # The database is read before the browser starts (Playwright's event loop
    # runs in this thread, where Django refuses ORM calls).
    archive = build_archive(extra_articles=3)
    pages = {
        "home": reverse("articles:home"),
        "article": archive.founding.get_absolute_url(),
        "search": f"{reverse('articles:search')}?q={quote(SEARCH_WORD)}",
        # Beyond the three the issue names: the other pages a reader lands on from a search engine.
        "conference": archive.conference.get_absolute_url(),
        "person": archive.fattahi.get_absolute_url(),
        "platform": archive.telegram.get_absolute_url(),
    }
    headline_start = archive.founding.headline_clauses[0]
    checkers.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    with checkers.live_site() as base_url:
        for width in WIDTHS:
            with checkers.chromium_page(width=width, height=900) as page:
                for name, path in pages.items():
                    response = page.goto(base_url + path, wait_until="load")
                    assert response.status == 200, f"{name}: {path} answered {response.status}"
                    facts = page.evaluate(PAGE_FACTS)
                    page.screenshot(path=str(checkers.SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
                    where = f"{name} at {width}px"
                    if facts["dir"] != "rtl" or facts["lang"] != "fa" or facts["bodyDirection"] != "rtl":
                        problems.append(f"{where}: not laid out right to left: {facts}")
                    if "Vazirmatn" not in facts["bodyFont"]:
                        problems.append(f"{where}: body font is {facts['bodyFont']}")
                    if "loaded" not in facts["fontFaces"] or not facts["fontCheck"]:
                        problems.append(f"{where}: Vazirmatn did not load (faces: {facts['fontFaces']})")
                    if facts["scrollWidth"] > facts["innerWidth"]:
                        problems.append(
                            f"{where}: scrolls sideways ({facts['scrollWidth']} > {facts['innerWidth']}); "
                            f"too wide: {facts['wideElements']}"
                        )
                    if name == "article" and headline_start not in facts["h1"]:
                        problems.append(f"{where}: the headline is not the page's h1: {facts['h1']!r}")
                    if name == "search" and not facts["marks"]:
                        problems.append(f"{where}: no highlighted match in the results")
    assert not problems, "\n".join(problems)
    for name in pages:
        for width in WIDTHS:
            assert (checkers.SCREENSHOTS / f"{name}-{width}.png").stat().st_size > 10_000
