"""The search page in a real browser and the real checkers: «Telegram» and «فتاحی» at 1280 and 375 px.

Screenshots go to artifacts/screenshots/search-*.png for a person to look at.
Marked `browser`: skipped locally without Chromium, Java or node_modules, failed in CI (see checkers.py).
"""

from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse

from archive_site.tests import checkers
from archive_site.tests.content import build_archive

pytestmark = [pytest.mark.browser]

WIDTHS = (1280, 375)

FACTS = """() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    cards: [...document.querySelectorAll('.entity-card .entity-name')].map(e => e.textContent.trim()),
    cardTop: (document.querySelector('.entity-card') || {getBoundingClientRect: () => ({top: -1})}).getBoundingClientRect().top,
    firstResultTop: (document.querySelector('.result') || {getBoundingClientRect: () => ({top: -1})}).getBoundingClientRect().top,
    marks: document.querySelectorAll('.result mark').length,
    results: document.querySelectorAll('.result').length,
    heading: (document.querySelector('#results-heading') || {}).textContent || '',
    sortLinks: [...document.querySelectorAll('.sort-toggle a, .sort-toggle span')].map(e => e.textContent.trim()),
    dots: [...document.querySelectorAll('.snippet')].some(e => e.textContent.includes('...')),
})"""


def search_pages():
    url = reverse("articles:search")
    return {
        "search-telegram": f"{url}?{urlencode({'q': 'Telegram'})}",
        "search-fattahi": f"{url}?{urlencode({'q': 'فتاحی'})}",
        "search-fattahi-newest": f"{url}?{urlencode({'q': 'فتاحی', 'sort': 'newest'})}",
        "search-suggestion": f"{url}?{urlencode({'q': 'فتاهی'})}",
        "search-operators": f"{url}?{urlencode({'q': 'پیام‌رسان -تلگرام OR گپ'})}",
        "search-bad-date": f"{url}?{urlencode({'q': 'فتاحی', 'date_to': '9999-12-31'})}",
    }


EXPECTED_STATUS = {"search-bad-date": 400}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_search_for_telegram_and_fattahi_in_chromium():
    checkers.require_chromium()
    build_archive(extra_articles=3)
    pages = search_pages()
    checkers.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    with checkers.live_site() as base_url:
        for width in WIDTHS:
            with checkers.chromium_page(width=width, height=900) as page:
                for name in ("search-telegram", "search-fattahi"):
                    response = page.goto(base_url + pages[name], wait_until="load")
                    assert response.status == 200
                    page.evaluate("document.fonts.ready")
                    facts = page.evaluate(FACTS)
                    page.screenshot(path=str(checkers.SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
                    where = f"{name} at {width}px"
                    if facts["scrollWidth"] > facts["innerWidth"]:
                        problems.append(f"{where}: scrolls sideways ({facts['scrollWidth']} > {facts['innerWidth']})")
                    if not facts["cards"] or not (0 <= facts["cardTop"] < facts["firstResultTop"]):
                        problems.append(f"{where}: no entity card above the results: {facts}")
                    if not facts["results"] or not facts["marks"]:
                        problems.append(f"{where}: no highlighted results: {facts}")
                    if facts["sortLinks"] != ["مرتبط‌ترین", "تازه‌ترین"]:
                        problems.append(f"{where}: sort toggle is {facts['sortLinks']}")
                    if facts["dots"]:
                        problems.append(f"{where}: a snippet uses '...' instead of «…»")
                    expected_card = "تلگرام" if name == "search-telegram" else "حمید فتاحی"
                    if not any(card.startswith(expected_card) for card in facts["cards"]):
                        problems.append(f"{where}: cards are {facts['cards']}, expected {expected_card}")
    assert not problems, "\n".join(problems)
    for name in ("search-telegram", "search-fattahi"):
        for width in WIDTHS:
            assert (checkers.SCREENSHOTS / f"{name}-{width}.png").stat().st_size > 10_000


@pytest.mark.django_db
def test_search_pages_have_no_html_errors():
    checkers.require_vnu()
    build_archive(extra_articles=3)
    client = Client()
    documents = {}
    for name, path in search_pages().items():
        response = client.get(path, secure=True)
        assert response.status_code == EXPECTED_STATUS.get(name, 200), name
        documents[name] = response.content.decode()
    errors = checkers.vnu_errors(documents)
    assert not errors, "\n".join(f"{name}: {line}" for name, lines in errors.items() for line in lines)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_search_pages_have_no_serious_accessibility_violations():
    checkers.require_axe()
    build_archive(extra_articles=3)
    failures = []
    with checkers.live_site() as base_url:
        for width in WIDTHS:
            with checkers.chromium_page(width=width) as page:
                for name, path in search_pages().items():
                    response = page.goto(base_url + path, wait_until="load")
                    assert response.status == EXPECTED_STATUS.get(name, 200), name
                    blocking = [v for v in checkers.axe_violations(page) if v["impact"] in checkers.BLOCKING_IMPACTS]
                    failures += [f"{name} at {width}px: {line}" for line in checkers.describe_violations(blocking)]
    assert not failures, "\n".join(failures)
