"""Issue 9 in Chromium: each role's dashboard, article form, history and diff at 1280 and 375 px.

Checks the visible text (hidden headings for screen readers included) for
Django's English defaults, and counts for Latin digits; screenshots go to
artifacts/screenshots/admin-*.png for a person to look at.
"""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from archive_site.tests import checkers
from articles.demo_content import load_demo_content
from articles.models import Article

pytestmark = [pytest.mark.browser]

WIDTHS = (1280, 375)
ROLES = {"reporter": "خبرنگاران", "editor": "دبیران", "chief": "سردبیران"}
# Django's and django-simple-history's English defaults seen on Persian screens before.
ENGLISH = [
    "Please correct the error", "Select an option", "Run", "Search", "Pagination", "Django", "History", "Revert",
    "Home", "Log out", "Logout", "View site", "Save", "Delete", "Filter", "Show all", "Recent actions", "entries",
    "Changed by", "Date/time", "Comment", "Object", "Change reason", "selected", "Breadcrumbs", "Model name",
    "Toggle", "Start typing", "Close", "Today", "Now", "None",
]
ENGLISH_RE = re.compile(r"\b(?:" + "|".join(re.escape(word) for word in ENGLISH) + r")\b")

FACTS = """() => ({
    text: document.body.innerText + ' ' + [...document.querySelectorAll('.visually-hidden')].map(e => e.textContent).join(' '),
    counts: [...document.querySelectorAll('.paginator, .action-counter, .newsroom-dashboard .count, .history-table td:first-child')]
        .map(e => e.textContent).join(' '),
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    font: getComputedStyle(document.body).fontFamily,
    wide: [...document.querySelectorAll('body *')]
        .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.left < -1 || r.right > window.innerWidth + 1); })
        .slice(-4).map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : '')),
})"""


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_each_role_sees_a_persian_admin_at_desktop_and_phone_widths():
    checkers.require_chromium()
    load_demo_content(with_editor=False)
    article = Article.objects.filter(status=Article.Status.PUBLISHED).order_by("pk").first()
    article.headline = article.headline + " (ویرایش‌شده)"
    article.save()
    latest = article.history.order_by("-history_id").first()
    pages = {
        "dashboard": reverse("admin:index"),
        "changelist": reverse("admin:articles_article_changelist"),
        "form": reverse("admin:articles_article_change", args=[article.pk]),
        "history": reverse("admin:articles_article_history", args=[article.pk]),
        "diff": reverse("admin:articles_article_diff", args=[article.pk, latest.history_id]),
    }
    sessions = {}
    for role, group in ROLES.items():
        user = get_user_model().objects.create_user(f"browser-{role}", password="a-long-password-7", is_staff=True)
        user.groups.add(Group.objects.get(name=group))
        client = Client()
        client.force_login(user)
        sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value

    checkers.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    with checkers.live_site() as base_url:
        for width in WIDTHS:
            for role, session in sessions.items():
                with checkers.chromium_page(width=width, height=900) as page:
                    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}])
                    for name, path in pages.items():
                        response = page.goto(base_url + path, wait_until="load")
                        where = f"{role} {name} at {width}px"
                        if response.status != 200:
                            problems.append(f"{where}: answered {response.status}")
                            continue
                        facts = page.evaluate(FACTS)
                        page.screenshot(path=str(checkers.SCREENSHOTS / f"admin-{role}-{name}-{width}.png"), full_page=True)
                        english = sorted(set(ENGLISH_RE.findall(facts["text"])))
                        if english:
                            problems.append(f"{where}: English left on the screen: {english}")
                        if re.search(r"[0-9]", facts["counts"]):
                            problems.append(f"{where}: Latin digits in counts: {facts['counts'][:200]!r}")
                        if "Vazirmatn" not in facts["font"]:
                            problems.append(f"{where}: font is {facts['font']}")
                        wide_ok = name != "changelist" or width != 1280
                        if not wide_ok and facts["scrollWidth"] > facts["innerWidth"]:
                            problems.append(f"{where}: the list is wider than the screen ({facts['scrollWidth']}): {facts['wide']}")
                        if name == "form" and width == 375 and facts["scrollWidth"] > facts["innerWidth"] + 1:
                            problems.append(f"{where}: the form scrolls sideways ({facts['scrollWidth']}): {facts['wide']}")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_jalali_picker_fills_the_time_offline():
    checkers.require_chromium()
    load_demo_content(with_editor=False)
    article = Article.objects.filter(status=Article.Status.PUBLISHED).order_by("pk").first()
    user = get_user_model().objects.create_user("browser-picker", password="a-long-password-7", is_staff=True)
    user.groups.add(Group.objects.get(name="دبیران"))
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    with checkers.live_site() as base_url, checkers.chromium_page(width=1280, height=900) as page:
        page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}])
        page.goto(base_url + reverse("admin:articles_article_change", args=[article.pk]), wait_until="load")
        field = page.locator("#id_published_at")
        before = field.input_value()
        field.locator("xpath=..").locator("button.jalali-picker-toggle").click()
        calendar = field.locator("xpath=..").locator(".jalali-calendar")
        assert calendar.is_visible()
        month_title = calendar.locator(".head strong").inner_text()
        calendar.locator("select.hour").select_option("14")
        calendar.locator("select.minute").select_option("30")
        calendar.locator("button.day[data-day='10']").click()
        value = field.input_value()
    assert re.fullmatch(r"[۰-۹]{4}-[۰-۹]{2}-۱۰ ۱۴:۳۰", value), (before, value)
    assert value[:7] == before[:7], "the calendar opens on the field's own month"
    assert any(name in month_title for name in ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"))
