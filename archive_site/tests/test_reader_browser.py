"""The reader pages of issue 11 in headless Chromium: screenshots, the article's order on a phone,
the print view, tap targets, and layout shift while the font arrives over a slow network.

Screenshots go to artifacts/screenshots/reader-*.png for a person to look at.
Marked `browser`: skipped locally without Chromium (and Java for vnu), failed in CI.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from archive_site.jalali import current_jalali
from archive_site.tests import checkers
from archive_site.tests.test_html_checks import build_checked_archive, founding_article_pages

pytestmark = [pytest.mark.browser]

WIDTHS = (1280, 375)
PHONE_HEIGHT = 812
# Lighthouse's "slow 4G": 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up.
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1.6 * 1024 * 1024 / 8, "uploadThroughput": 750 * 1024 / 8}
CLS_LIMIT = 0.05

# Installed before any page script: sums layout shifts not caused by input (what CLS counts).
CLS_OBSERVER = """
window.__cls = 0; window.__shifts = [];
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) {
      window.__cls += entry.value;
      window.__shifts.push({value: entry.value, at: Math.round(entry.startTime),
        nodes: (entry.sources || []).map(s => s.node ? (s.node.nodeName + '.' + (s.node.className || '')) : '?')});
    }
  }
}).observe({type: 'layout-shift', buffered: true});
"""

LAYOUT_FACTS = """() => {
  const top = (selector) => { const e = document.querySelector(selector); return e ? e.getBoundingClientRect().top + scrollY : null; };
  const bottom = (selector) => { const e = document.querySelector(selector); return e ? e.getBoundingClientRect().bottom + scrollY : null; };
  return {
    bodyBottom: bottom('.article-body'), linksTop: top('#links-heading'), conferenceTop: top('#conference-heading'),
    statementsTop: top('#statements-heading'), scrollWidth: document.documentElement.scrollWidth, innerWidth: innerWidth,
    innerHeight: innerHeight, bodyAlign: getComputedStyle(document.querySelector('.article-body p') || document.body).textAlign,
  };
}"""

PRINT_FACTS = """() => {
  const shown = (selector) => [...document.querySelectorAll(selector)].some(e => e.getClientRects().length > 0);
  return {
    header: shown('.site-header'), nav: shown('.site-nav'), chips: shown('.chips'), share: shown('.share'), footer: shown('.site-footer'),
    masthead: shown('.print-masthead'), address: shown('.print-address'),
    text: document.body.innerText,
  };
}"""


def _pages(founding_path):
    """The database is read before the browser starts: Playwright's loop runs in this thread, where the ORM refuses."""
    archive = build_checked_archive()
    founding = founding_article_pages(founding_path)
    year = current_jalali().year
    return archive, {
        "founding-article": founding.get("founding-imported") or archive.founding.get_absolute_url(),
        "sections": reverse("articles:sections"),
        "articles": reverse("articles:list"),
        "archive-index": reverse("articles:archive_index"),
        "archive-year": reverse("articles:archive_year", kwargs={"year": year}),
        "archive-month": reverse("articles:archive", kwargs={"year": year, "month": current_jalali().month}),
        "person": archive.fattahi.get_absolute_url(),
        "platform": archive.telegram.get_absolute_url(),
    }


@pytest.fixture
def founding_path(request):
    try:
        return request.getfixturevalue("founding_article_path")
    except pytest.skip.Exception:
        return None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reader_pages_on_desktop_phone_and_paper(founding_path):
    checkers.require_axe()
    _, pages = _pages(founding_path)
    shots = {"founding-article", "sections", "archive-index"}
    checkers.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems, report = [], []
    with checkers.live_site() as base_url:
        for width in WIDTHS:
            with checkers.chromium_page(width=width, height=PHONE_HEIGHT if width < 600 else 900) as page:
                for name, path in pages.items():
                    response = page.goto(base_url + path, wait_until="load")
                    assert response.status == 200, f"{name}: {path} answered {response.status}"
                    page.evaluate("document.fonts.ready")
                    facts = page.evaluate(LAYOUT_FACTS)
                    where = f"{name} at {width}px"
                    if facts["scrollWidth"] > facts["innerWidth"]:
                        problems.append(f"{where}: scrolls sideways ({facts['scrollWidth']} > {facts['innerWidth']})")
                    if name in shots:
                        page.screenshot(path=str(checkers.SCREENSHOTS / f"reader-{name}-{width}.png"), full_page=True)
                    # Tap targets (WCAG 2.2, 2.5.8), off by default in axe: on for these pages, at both widths.
                    page.evaluate(checkers.AXE_JS.read_text(encoding="utf-8"))
                    result = page.evaluate(
                        "async () => await axe.run(document, {resultTypes: ['violations'], rules: {'target-size': {enabled: true}}})"
                    )
                    blocking = [v for v in result["violations"] if v["impact"] in checkers.BLOCKING_IMPACTS]
                    problems += [f"{where}: {line}" for line in checkers.describe_violations(blocking)]
                    if name != "founding-article":
                        continue
                    if facts["bodyAlign"] not in ("start", "right"):
                        problems.append(f"{where}: body text is aligned {facts['bodyAlign']}, not start")
                    if width < 600:
                        # «در این خبر» within the first two screens after the body.
                        gap = facts["linksTop"] - facts["bodyBottom"]
                        report.append(f"{where}: «در این خبر» {gap:.0f} px after the body (screen {facts['innerHeight']} px)")
                        if not 0 <= gap <= 2 * facts["innerHeight"]:
                            problems.append(f"{where}: «در این خبر» is {gap:.0f} px after the body")
                        if facts["conferenceTop"] is not None and facts["statementsTop"] is not None:
                            if not facts["linksTop"] < facts["conferenceTop"] < facts["statementsTop"]:
                                problems.append(f"{where}: order is not body, links, conference, statements: {facts}")
                    # Paper: the same page printed.
                    page.emulate_media(media="print")
                    printed = page.evaluate(PRINT_FACTS)
                    page.screenshot(path=str(checkers.SCREENSHOTS / f"reader-print-{width}.png"), full_page=True)
                    if width == WIDTHS[0]:
                        # Chromium's own PDF of the printed page (print media still emulated), on A4.
                        pdf = page.pdf(format="A4", print_background=False, prefer_css_page_size=True)
                        (checkers.SCREENSHOTS / "reader-print.pdf").write_bytes(pdf)
                        sheets = int(re.search(rb"/Type\s*/Pages\b.*?/Count (\d+)", pdf, re.S).group(1))
                        report.append(f"{where}: prints on {sheets} A4 page(s)")
                        if sheets > 2:
                            problems.append(f"{where}: prints on {sheets} A4 pages")
                    page.emulate_media(media="screen")
                    for part in ("header", "nav", "chips", "share", "footer"):
                        if printed[part]:
                            problems.append(f"{where} printed: {part} is printed")
                    if not (printed["masthead"] and printed["address"]):
                        problems.append(f"{where} printed: no site name or address")
                    if not re.search(r"نشانی این خبر: http://localhost:\d+/articles/\d+/", printed["text"]):
                        problems.append(f"{where} printed: no absolute address in {printed['text'][-300:]!r}")
                    if "چاپ‌شده در" not in printed["text"]:
                        problems.append(f"{where} printed: no print date")
    print("\n".join(report))
    assert not problems, "\n".join(problems)
    for name in shots:
        for width in WIDTHS:
            assert (checkers.SCREENSHOTS / f"reader-{name}-{width}.png").stat().st_size > 10_000


def _cls(page, url):
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    page.goto(url, wait_until="load")
    page.evaluate("async () => { await document.fonts.ready; }")
    page.wait_for_timeout(1000)
    loaded = page.evaluate("[...document.fonts].filter(f => f.family.replace(/[\"']/g, '') === 'Vazirmatn').map(f => f.status)")
    return page.evaluate("window.__cls"), page.evaluate("window.__shifts"), loaded


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_font_swap_shifts_nothing_on_a_slow_network(founding_path):
    checkers.require_chromium()
    archive, pages = _pages(founding_path)
    targets = {"home": reverse("articles:home"), "article": pages["founding-article"]}
    results, problems = [], []
    with checkers.live_site() as base_url:
        for width in WIDTHS:
            for name, path in targets.items():
                # A fresh browser each time: nothing cached, the font really travels over the slow link.
                with checkers.chromium_page(width=width, height=PHONE_HEIGHT if width < 600 else 900) as page:
                    page.add_init_script(CLS_OBSERVER)
                    cls, shifts, loaded = _cls(page, base_url + path)
                results.append(f"CLS {name} at {width}px on slow 4G: {cls:.4f}")
                if "loaded" not in loaded:
                    problems.append(f"{name} at {width}px: Vazirmatn did not load ({loaded})")
                if cls >= CLS_LIMIT:
                    problems.append(f"{name} at {width}px: CLS {cls:.4f} >= {CLS_LIMIT}; shifts: {shifts[:5]}")
    print("\n" + "\n".join(results))
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_new_reader_pages_have_no_html_errors(founding_path):
    checkers.require_vnu()
    _, pages = _pages(founding_path)
    client = Client()
    documents = {}
    for name, path in pages.items():
        response = client.get(path, secure=True)
        assert response.status_code == 200, f"{name}: {path} answered {response.status_code}"
        documents[name] = response.content.decode()
    errors = checkers.vnu_errors(documents)
    assert not errors, "Nu Html Checker errors:\n" + "\n".join(f"{n}: {line}" for n, lines in errors.items() for line in lines)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_nothing_scrolls_sideways_on_the_narrowest_phone(founding_path):
    """At 320 px the header's one-line navigation scrolls inside itself; the page never does."""
    _, pages = _pages(founding_path)
    pages["home"] = reverse("articles:home")
    pages["search"] = reverse("articles:search") + "?q=" + "تلگرام"
    problems = []
    with checkers.live_site() as base_url, checkers.chromium_page(width=320, height=PHONE_HEIGHT) as page:
        for name, path in pages.items():
            page.goto(base_url + path, wait_until="load")
            page.evaluate("document.fonts.ready")
            wide, inner = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
            if wide > inner:
                problems.append(f"{name}: scrolls sideways at 320 px ({wide} > {inner})")
    assert not problems, "\n".join(problems)
