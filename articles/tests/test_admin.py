"""The editors' admin: every page for a superuser and an editor, search, stale edits, workflow actions, query counts."""

import datetime as dt

import pytest

from articles.importer.services import import_article
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.forms import ModelMultipleChoiceField, MultipleChoiceField, MultiWidget
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.demo_content import load_demo_content
from articles.models import Article, PressConference, Section, Statement
from people.models import Person
from platforms.models import Platform

pytestmark = pytest.mark.django_db

ARCHIVE_APPS = ("articles", "people", "platforms")
# Wire copy naming someone the demo archive does not know: the import suggests him.
DISCOVERY_COPY = "تیتر خبر آزمایشی\nبه گزارش ایسنا، کامران نیک‌سرشت، مدیرعامل شرکت آزمایشی، گفت: کار ادامه دارد.\nانتهای پیام/"

ARCHIVE_MODELS = sorted(
    (model._meta.app_label, model._meta.model_name) for model in admin.site._registry if model._meta.app_label in ARCHIVE_APPS
)


@pytest.fixture
def demo():
    return load_demo_content(with_editor=False)


@pytest.fixture
def superuser():
    return get_user_model().objects.create_superuser("chief", "chief@example.org", "a-long-password-1")


@pytest.fixture
def editor():
    user = get_user_model().objects.create_user("reporter", password="a-long-password-2", is_staff=True)
    user.groups.add(Group.objects.get(name="دبیران"))
    return user


@pytest.fixture
def chief_editor():
    user = get_user_model().objects.create_user("chief-editor", password="a-long-password-4", is_staff=True)
    user.groups.add(Group.objects.get(name="سردبیران"))
    return user


@pytest.fixture(params=["superuser", "editor"])
def staff_client(request, client):
    client.force_login(request.getfixturevalue(request.param))
    return client


def admin_url(app_label, model_name, view, *args):
    return reverse(f"admin:{app_label}_{model_name}_{view}", args=args)


def form_data(response):
    """The POST data a browser would send back for the change form in `response`, unchanged."""
    data = {}

    def add_form(form):
        for name, field in form.fields.items():
            bound = form[name]
            key = bound.html_name
            value = bound.value()
            widget = field.widget
            if isinstance(widget, MultiWidget):
                parts = widget.decompress(value) if not isinstance(value, list) else value
                for index, part in enumerate(parts):
                    if part is None:
                        text = ""
                    elif isinstance(part, dt.date):
                        text = part.isoformat()
                    elif isinstance(part, dt.time):
                        text = part.strftime("%H:%M:%S")
                    else:
                        text = str(part)
                    data[f"{key}_{index}"] = text
            elif isinstance(value, bool):
                if value:
                    data[key] = "on"
            elif isinstance(value, (list, tuple)):
                data[key] = [str(item) for item in value]
            elif value is None:
                if not isinstance(field, MultipleChoiceField | ModelMultipleChoiceField):
                    data[key] = ""
            else:
                data[key] = str(value)

    add_form(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        add_form(formset.management_form)
        for form in formset.forms:
            add_form(form)
    return data


# Every page of every model, for the chief and for an editor.

@pytest.mark.parametrize("app_label, model_name", ARCHIVE_MODELS)
def test_changelist_add_and_change_pages_answer_200(staff_client, demo, app_label, model_name):
    model = next(m for m in admin.site._registry if (m._meta.app_label, m._meta.model_name) == (app_label, model_name))
    assert staff_client.get(admin_url(app_label, model_name, "changelist")).status_code == 200
    # Import suggestions come from imports only: their add page is refused.
    adding = 403 if model_name == "importsuggestion" else 200
    assert staff_client.get(admin_url(app_label, model_name, "add")).status_code == adding
    if model_name == "importsuggestion":
        import_article(text=DISCOVERY_COPY, source_name="discovery.txt")
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"demo content has no {model_name}"
    assert staff_client.get(admin_url(app_label, model_name, "change", obj.pk)).status_code == 200


@pytest.mark.parametrize("model", [Article, PressConference])
def test_history_and_revert_pages_answer_200(staff_client, demo, model):
    obj = model.objects.order_by("pk").first()
    response = staff_client.get(admin_url("articles", model._meta.model_name, "history", obj.pk))
    assert response.status_code == 200
    record = obj.history.order_by("history_id").first()
    url = reverse(f"admin:articles_{model._meta.model_name}_simple_history", args=[obj.pk, record.history_id])
    assert staff_client.get(url).status_code == 200


def test_admin_speaks_persian(staff_client, demo):
    response = staff_client.get(reverse("admin:index"))
    content = response.content.decode()
    assert 'dir="rtl"' in content
    assert "آرشیو خبری" in content


def test_changelist_shows_jalali_dates(client, superuser, demo):
    client.force_login(superuser)
    article = Article.objects.public().first()
    response = client.get(admin_url("articles", "article", "changelist"))
    from archive_site.jalali import format_datetime

    assert format_datetime(article.published_at, weekday=False) in response.content.decode()


# The editors' group.

def test_editor_cannot_manage_users_groups_or_delete_articles(client, editor, demo):
    client.force_login(editor)
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403
    article = Article.objects.first()
    assert client.get(admin_url("articles", "article", "delete", article.pk)).status_code == 403
    assert not editor.has_perm("articles.delete_article")
    assert not editor.has_perm("archive_site.add_apikey")
    assert editor.has_perm("articles.change_article")
    assert editor.has_perm("articles.delete_statement")
    assert editor.has_perm("platforms.add_platformalias")


def test_editor_can_add_an_article(client, editor, demo):
    client.force_login(editor)
    section = Section.objects.first()
    data = form_data(client.get(admin_url("articles", "article", "add")))
    data.update({"headline": "خبر تازهٔ دبیر / بخش دوم", "section": str(section.pk), "lead": "لید", "status": "draft"})
    response = client.post(admin_url("articles", "article", "add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get(headline="خبر تازهٔ دبیر / بخش دوم")
    assert article.version == 1
    assert article.history.first().history_user == editor


# Search: the normalized key finds what was typed differently.

def test_article_search_finds_another_spelling(client, superuser, demo):
    client.force_login(superuser)
    # Arabic yeh, no ZWNJ: the demo writes «پیام‌رسان‌های» with ZWNJs and Persian yeh.
    response = client.get(admin_url("articles", "article", "changelist"), {"q": "پيامرسانهاي داخلي"})
    assert response.status_code == 200
    found = list(response.context["cl"].result_list)
    assert found
    assert all("پیام" in a.headline + a.lead + a.body for a in found)


def test_article_search_by_message_code(client, superuser, demo):
    client.force_login(superuser)
    response = client.get(admin_url("articles", "article", "changelist"), {"q": "۱۴۰۵-۰۷۷"})
    assert [a.message_code for a in response.context["cl"].result_list] == ["۱۴۰۵-۰۷۷"]


@pytest.mark.parametrize(
    "app_label, model_name, query, expected",
    [
        ("platforms", "platform", "واتساپ", "واتس‌اپ"),
        ("platforms", "platform", "سروش پلاس", "سروش"),
        ("platforms", "platform", "telegram talaei", "تلگرام طلایی"),
        ("people", "person", "احمدي نيا", "رضا احمدی‌نیا"),
        ("people", "organization", "وزارت ارتباطات و فناوري اطلاعات", "وزارت ارتباطات و فناوری اطلاعات"),
        ("articles", "pressconference", "پيامرسانهاي داخلي", "پیام‌رسان‌های داخلی پس از یک سال؛ کاربران کجا هستند؟"),
        ("articles", "section", "علم و فناوري", "علم و فناوری"),
    ],
)
def test_admin_search_uses_normalized_keys(client, superuser, demo, app_label, model_name, query, expected):
    client.force_login(superuser)
    response = client.get(admin_url(app_label, model_name, "changelist"), {"q": query})
    assert response.status_code == 200
    assert expected in [str(obj) if model_name != "pressconference" else obj.title for obj in response.context["cl"].result_list]


def test_autocomplete_finds_a_platform_by_another_spelling(client, editor, demo):
    client.force_login(editor)
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "article", "field_name": "platforms", "term": "واتس آپ"},
    )
    assert response.status_code == 200
    assert [item["text"] for item in response.json()["results"]] == ["واتس‌اپ"]


# Stale edits are refused, with nothing lost.

def test_stale_edit_is_refused_and_the_other_edit_kept(client, superuser, editor, demo):
    article = Article.objects.public().order_by("pk").first()
    assert article.version == 1
    client.force_login(superuser)
    url = admin_url("articles", "article", "change", article.pk)
    stale = form_data(client.get(url))
    assert stale["expected_version"] == "1"

    # Meanwhile an editor saves the same article from another browser.
    other = type(client)()
    other.force_login(editor)
    fresh = form_data(other.get(url))
    fresh["lead"] = "لید بازنویسی‌شده به دست دبیر دیگر."
    response = other.post(url, fresh)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.version == 2

    stale["lead"] = "لید من که نباید روی کار دیگری بنشیند."
    response = client.post(url, stale)
    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.non_field_errors())
    assert "جای دیگری ذخیره شده است" in errors
    # The editor's input is still in the form.
    assert "لید من که نباید روی کار دیگری بنشیند." in response.content.decode()
    article.refresh_from_db()
    assert article.lead == "لید بازنویسی‌شده به دست دبیر دیگر."
    assert article.version == 2


def test_a_workflow_action_also_makes_an_open_form_stale(client, superuser, demo):
    article = Article.objects.filter(status=Article.Status.DRAFT).first()
    client.force_login(superuser)
    url = admin_url("articles", "article", "change", article.pk)
    stale = form_data(client.get(url))
    services.send_to_review(article=article, by=superuser)
    response = client.post(url, stale)
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW


def test_each_save_moves_the_version_on(client, superuser, demo):
    article = Article.objects.public().order_by("pk").first()
    client.force_login(superuser)
    url = admin_url("articles", "article", "change", article.pk)
    for expected in (2, 3):
        data = form_data(client.get(url))
        data["lead"] = f"لید نسخهٔ {expected}"
        assert client.post(url, data).status_code == 302
        article.refresh_from_db()
        assert article.version == expected


def test_reverting_from_history_is_not_refused(client, superuser, demo):
    article = Article.objects.public().order_by("pk").first()
    original_lead = article.lead
    client.force_login(superuser)
    url = admin_url("articles", "article", "change", article.pk)
    data = form_data(client.get(url))
    data["lead"] = "لیدی که پس گرفته می‌شود."
    assert client.post(url, data).status_code == 302
    first = article.history.order_by("history_id").first()
    revert_url = reverse("admin:articles_article_simple_history", args=[article.pk, first.history_id])
    response = client.post(revert_url, form_data(client.get(revert_url)))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.lead == original_lead
    assert article.version == 3


def test_choosing_withdrawn_in_the_form_sets_the_time(client, superuser, demo):
    article = Article.objects.public().order_by("pk").first()
    client.force_login(superuser)
    url = admin_url("articles", "article", "change", article.pk)
    data = form_data(client.get(url))
    data["status"] = "withdrawn"
    assert client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.status == "withdrawn" and article.withdrawn_at is not None


# Workflow actions.

def run_action(client, action, articles, **extra):
    return client.post(
        admin_url("articles", "article", "changelist"),
        {"action": action, ACTION_CHECKBOX_NAME: [a.pk for a in articles], **extra},
    )


def test_publish_now_action(client, editor, demo):
    client.force_login(editor)
    draft = Article.objects.get(status=Article.Status.DRAFT)
    response = run_action(client, "publish_now_action", [draft])
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED
    assert draft.published_at <= timezone.now()
    assert Article.objects.public().filter(pk=draft.pk).exists()
    assert draft.version == 2
    assert draft.history.first().history_user == editor


def test_publish_now_publishes_a_scheduled_article_now(client, editor, demo):
    client.force_login(editor)
    scheduled = Article.objects.get(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())
    run_action(client, "publish_now_action", [scheduled])
    assert Article.objects.public().filter(pk=scheduled.pk).exists()


def test_send_to_review_action_leaves_non_drafts_alone(client, editor, demo):
    client.force_login(editor)
    draft = Article.objects.get(status=Article.Status.DRAFT)
    public = Article.objects.public().first()
    response = run_action(client, "send_to_review_action", [draft, public])
    assert response.status_code == 302
    draft.refresh_from_db()
    public.refresh_from_db()
    assert draft.status == Article.Status.REVIEW
    assert public.status == Article.Status.PUBLISHED and public.version == 1


def test_withdraw_action_asks_for_the_reason_then_withdraws(client, chief_editor, demo):
    client.force_login(chief_editor)
    public = Article.objects.public().order_by("pk").first()
    response = run_action(client, "withdraw_action", [public])
    assert response.status_code == 200
    assert "دلیل پس‌گرفتن" in response.content.decode()
    public.refresh_from_db()
    assert public.status == Article.Status.PUBLISHED

    response = run_action(client, "withdraw_action", [public], confirm="yes", note="منبع خبر نادرست بود.")
    assert response.status_code == 302
    public.refresh_from_db()
    assert public.status == Article.Status.WITHDRAWN
    assert public.withdrawn_at is not None
    assert public.withdrawal_note == "منبع خبر نادرست بود."
    assert not Article.objects.public().filter(pk=public.pk).exists()


def test_withdraw_action_refuses_a_draft(client, chief_editor, demo):
    client.force_login(chief_editor)
    draft = Article.objects.get(status=Article.Status.DRAFT)
    run_action(client, "withdraw_action", [draft], confirm="yes", note="")
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_confirm_conference_action(client, editor, demo):
    client.force_login(editor)
    proposed = PressConference.objects.create(title="نشست پیشنهادی ورود خودکار", confirmed=False)
    response = client.post(
        admin_url("articles", "pressconference", "changelist"),
        {"action": "confirm_action", ACTION_CHECKBOX_NAME: [proposed.pk]},
    )
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.confirmed


def test_conference_changelist_filters_by_confirmed(client, superuser, demo):
    PressConference.objects.create(title="نشست تأییدنشده", confirmed=False)
    client.force_login(superuser)
    response = client.get(admin_url("articles", "pressconference", "changelist"), {"confirmed__exact": "0"})
    assert [c.title for c in response.context["cl"].result_list] == ["نشست تأییدنشده"]


def test_article_month_filter_is_jalali_and_bad_values_are_not_errors(client, superuser, demo):
    from archive_site.jalali import to_jalali

    client.force_login(superuser)
    article = Article.objects.public().order_by("-published_at").first()
    j = to_jalali(article.published_at)
    response = client.get(admin_url("articles", "article", "changelist"), {"month": f"{j.year:04d}-{j.month:02d}"})
    assert response.status_code == 200
    listed = list(response.context["cl"].result_list)
    assert article in listed
    assert all(to_jalali(a.published_at).month == j.month for a in listed)
    # A month that does not exist: Django's "bad filter" redirect, not an error.
    response = client.get(admin_url("articles", "article", "changelist"), {"month": "1404-13"})
    assert response.status_code == 302 and "e=1" in response["Location"]


# Query counts: a changelist costs the same whatever its length.

def changelist_queries(client, app_label, model_name):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(admin_url(app_label, model_name, "changelist"))
    assert response.status_code == 200
    return len(queries)


def add_more_rows():
    section = Section.objects.first()
    telegram = Platform.objects.get(slug="telegram")
    person = Person.objects.first()
    for index in range(12):
        article = Article.objects.create(
            headline=f"خبر افزوده {index}", section=section, status="published", published_at=timezone.now()
        )
        article.platforms.add(telegram)
        statement = Statement.objects.create(article=article, speaker=person, text=f"سخن افزوده {index}")
        statement.platforms.add(telegram)
        conference = PressConference.objects.create(title=f"نشست افزوده {index}", confirmed=True)
        Person.objects.create(name=f"شخص افزوده {index}").roles.create(
            organization=person.roles.first().organization, title="عضو"
        )
        Platform.objects.create(name=f"سکوی افزوده {index}", origin="domestic", parent=telegram)
        conference.participations.create(person=person)


@pytest.mark.parametrize("app_label, model_name", ARCHIVE_MODELS)
def test_changelist_queries_do_not_grow_with_rows(client, superuser, demo, app_label, model_name):
    client.force_login(superuser)
    changelist_queries(client, app_label, model_name)  # warm caches (content types, sessions)
    before = changelist_queries(client, app_label, model_name)
    add_more_rows()
    after = changelist_queries(client, app_label, model_name)
    assert after == before, f"{model_name}: {before} -> {after} queries"


def test_article_changelist_query_count_is_pinned(client, superuser, demo):
    client.force_login(superuser)
    changelist_queries(client, "articles", "article")
    # session, user, filtered count, total count, the page (desk joined, statement
    # counts as a subquery), and the desk and agency filters' choices.
    assert changelist_queries(client, "articles", "article") == 7


def test_statement_inline_shows_on_the_article(client, superuser, demo):
    client.force_login(superuser)
    article = Article.objects.filter(statements__isnull=False).first()
    response = client.get(admin_url("articles", "article", "change", article.pk))
    content = response.content.decode()
    assert "statements-TOTAL_FORMS" in content
    assert article.statements.first().text[:20] in content


@pytest.mark.parametrize("query", ["x" * 10_000, "؟!،…", "ب", "   "])
@pytest.mark.parametrize("model_name", ["article", "pressconference", "statement", "section"])
def test_odd_search_input_is_not_an_error(client, superuser, demo, query, model_name):
    client.force_login(superuser)
    response = client.get(admin_url("articles", model_name, "changelist"), {"q": query})
    assert response.status_code == 200


def test_odd_autocomplete_input_is_not_an_error(client, editor, demo):
    client.force_login(editor)
    for term in ["", "x" * 5_000, "؟؟"]:
        response = client.get(
            reverse("admin:autocomplete"),
            {"app_label": "articles", "model_name": "article", "field_name": "platforms", "term": term},
        )
        assert response.status_code == 200


def test_relink_action_links_a_person_added_after_the_import(client, editor, demo):
    from people.models import PersonAlias

    client.force_login(editor)
    article = Article.objects.public().order_by("pk").first()
    Article.objects.filter(pk=article.pk).update(body=article.body + "\n\nزرین‌دخت کیانی نیز در این باره سخن گفت.")
    person = Person.objects.create(name="زرین‌دخت کیانی")
    PersonAlias.objects.create(person=person, name="کیانی")
    assert not article.people.filter(pk=person.pk).exists()
    response = run_action(client, "relink_mentions_action", [article])
    assert response.status_code == 302
    assert article.people.filter(pk=person.pk).exists()


def test_a_public_article_cannot_be_sent_back_to_draft_from_its_form(client, editor, demo):
    client.force_login(editor)
    article = Article.objects.public().order_by("pk").first()
    url = admin_url("articles", "article", "change", article.pk)
    data = form_data(client.get(url))
    data["status"] = Article.Status.DRAFT
    response = client.post(url, data)
    assert response.status_code == 200
    assert "پس گرفته می‌شود" in " ".join(response.context["adminform"].form.errors.get("status", []))
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED


def test_editor_schedules_an_article_with_a_jalali_time_in_persian_digits(client, editor, demo):
    from zoneinfo import ZoneInfo

    client.force_login(editor)
    draft = Article.objects.get(status=Article.Status.DRAFT)
    url = admin_url("articles", "article", "change", draft.pk)
    page = client.get(url)
    assert 'placeholder="۱۴۰۵-۰۹-۰۷ ۱۴:۳۰"' in page.content.decode()
    data = form_data(page)
    data.update({"status": "published", "published_at": "۱۴۱۰-۰۱-۰۱ ۰۹:۱۵"})
    assert client.post(url, data).status_code == 302
    draft.refresh_from_db()
    assert draft.published_at == dt.datetime(2031, 3, 21, 9, 15, tzinfo=ZoneInfo("Asia/Tehran"))
    assert not Article.objects.public().filter(pk=draft.pk).exists()  # scheduled
