"""Wire intelligence: discovery and the review queue, precise linking, updates in place, bad files, the JSON report."""

import json
from io import StringIO

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from articles.importer.linking import AliasIndex
from articles.importer.parser import WireError, parse_wire
from articles.importer.services import import_article, relink_mentions
from articles.importer.suggestions import accept_suggestion, merge_suggestion, reject_suggestion
from articles.models import Article, ImportSuggestion, RemovedLink, Section, Statement
from people.models import Organization, OrganizationAlias, Person, PersonAlias
from platforms.models import Platform

CONFERENCE_REPORT = """وزیر نیرو: تابستان بدون خاموشی خواهیم داشت

وزیر نیرو از آمادگی شبکه برق برای گذر از تابستان خبر داد.

به گزارش خبرنگار اقتصادی ایسنا، علیرضا کاوه‌پور، وزیر نیرو، صبح امروز در نشست خبری برنامه‌های تابستانی صنعت برق گفت: ظرفیت تازه‌ای به شبکه افزوده شده است.

کاوه‌پور افزود: مردم با صرفه‌جویی در ساعت‌های اوج به پایداری شبکه کمک می‌کنند.

انتهای پیام/ {code}
"""


def import_text(text, name="wire.txt", **options):
    return import_article(text=text, source_name=name, **options)


@pytest.fixture
def editor(db):
    user = User.objects.create_user("suggestions-editor", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="دبیران"))
    return User.objects.get(pk=user.pk)


# --- discovery and the review queue -----------------------------------------------------

@pytest.mark.django_db
def test_discovered_person_waits_as_a_suggestion_then_accepting_rederives_earlier_articles(editor):
    first = import_text(CONFERENCE_REPORT.format(code="101"), "a.txt")
    second = import_text(CONFERENCE_REPORT.format(code="102").replace("تابستان بدون", "تابستانی بی"), "b.txt")
    assert {p["name"]: p["known"] for p in first.people} == {"علیرضا کاوه‌پور": False}
    assert first.people[0]["role"] == "وزیر نیرو"
    assert first.report_conference["speakers"] == ["علیرضا کاوه‌پور"]
    # Nothing about him is in the archive yet: no person, no link, no statement, no participant.
    assert not Person.objects.exists() and not Statement.objects.exists()

    suggestion = ImportSuggestion.objects.get(kind="person", name="علیرضا کاوه‌پور")
    assert suggestion.status == "pending" and suggestion.role == "وزیر نیرو"
    assert "صبح امروز در نشست خبری" in suggestion.evidence
    assert set(suggestion.articles.values_list("pk", flat=True)) == {first.article_id, second.article_id}
    assert suggestion.seen_count == 2

    accept_suggestion(suggestion=suggestion, by=editor)
    person = Person.objects.get(name="علیرضا کاوه‌پور")
    for article in Article.objects.all():
        assert list(article.people.all()) == [person]
        assert article.statements.filter(speaker=person).count() == 2  # «… گفت:» and «کاوه‌پور افزود:»
        assert [p.person for p in article.conference.participations.all()] == [person]
    assert ImportSuggestion.objects.get(pk=suggestion.pk).status == "accepted"

    # The archive has learned him: the next import knows him.
    again = import_text(CONFERENCE_REPORT.format(code="103").replace("تابستان", "زمستان"), "c.txt")
    assert again.people == [{"name": "علیرضا کاوه‌پور", "role": "وزیر نیرو", "known": True, "id": person.pk}]


@pytest.mark.django_db
def test_a_rejected_name_is_remembered_and_not_suggested_again(editor):
    import_text(CONFERENCE_REPORT.format(code="201"))
    suggestion = ImportSuggestion.objects.get(kind="person")
    reject_suggestion(suggestion=suggestion, by=editor)
    result = import_text(CONFERENCE_REPORT.format(code="202").replace("تابستان", "زمستان"), "other.txt")
    assert all(p["name"] != "علیرضا کاوه‌پور" for p in result.people)
    assert ImportSuggestion.objects.filter(kind="person").count() == 1
    assert ImportSuggestion.objects.get(pk=suggestion.pk).status == "rejected"


@pytest.mark.django_db
def test_merging_teaches_another_spelling_of_a_known_person(editor):
    known = Person.objects.create(name="علی‌رضا کاوه پور")
    import_text(CONFERENCE_REPORT.format(code="301").replace("علیرضا کاوه‌پور", "علیرضا کاوه‌پوری"))
    suggestion = ImportSuggestion.objects.get(kind="person", name="علیرضا کاوه‌پوری")
    merge_suggestion(suggestion=suggestion, into=known, by=editor)
    assert PersonAlias.objects.filter(person=known, name="علیرضا کاوه‌پوری").exists()
    assert list(Article.objects.get().people.all()) == [known]


@pytest.mark.django_db
def test_only_editors_decide_on_suggestions():
    import_text(CONFERENCE_REPORT.format(code="401"))
    reporter = User.objects.create_user("reporter", password="x", is_staff=True)
    with pytest.raises(PermissionDenied):
        accept_suggestion(suggestion=ImportSuggestion.objects.get(kind="person"), by=reporter)
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_an_unknown_desk_is_a_suggestion_and_accepting_it_files_the_articles(editor):
    result = import_text(CONFERENCE_REPORT.format(code="501").replace("خبرنگار اقتصادی", "خبرنگار گروه انرژی"))
    assert result.desk == "انرژی" and not Section.objects.filter(name="انرژی").exists()
    suggestion = ImportSuggestion.objects.get(kind="section", name="انرژی")
    accept_suggestion(suggestion=suggestion, by=editor)
    assert Article.objects.get().section.name == "انرژی"


@pytest.mark.django_db
def test_desk_aliases_map_the_credit_onto_the_archives_desk():
    economy = Section.objects.create(name="گروه اقتصاد")
    economy.aliases.create(name="اقتصادی")
    result = import_text(CONFERENCE_REPORT.format(code="601"))
    assert result.desk == "اقتصادی" and Article.objects.get().section == economy


@pytest.mark.django_db
def test_the_admin_queue_accepts_and_rejects(client, editor):
    import_text(CONFERENCE_REPORT.format(code="701"))
    client.force_login(editor)
    url = "/admin/articles/importsuggestion/"
    page = client.get(url)
    assert page.status_code == 200 and "علیرضا کاوه‌پور" in page.content.decode()
    person = ImportSuggestion.objects.get(kind="person")
    client.post(url, {"action": "accept_action", "_selected_action": [person.pk]})
    assert Person.objects.filter(name="علیرضا کاوه‌پور").exists()


# --- precise linking ----------------------------------------------------------------------

@pytest.mark.django_db
def test_a_surname_alone_links_only_with_the_full_name_in_the_article():
    kazemi = Person.objects.create(name="مریم کاظمی")
    PersonAlias.objects.create(person=kazemi, name="کاظمی")
    index = AliasIndex.load()
    martyr = "یادواره شهید کاظمی برگزار شد"
    assert index.find_all([martyr]).of_kind("person") == []
    full = ["مریم کاظمی در این نشست سخن گفت.", "کاظمی افزود: کار ادامه دارد."]
    assert [e.id for e in index.find_all(full).of_kind("person")] == [kazemi.pk]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "linked"),
    [
        ("بله، درست است که کار دیر شد.", set()),
        ("او در پیام‌رسان بله عضو است.", {"بله"}),
        ("با ما گپ می‌زند و از نوای موسیقی می‌گوید.", set()),
        ("از پیام‌رسان‌های داخلی فقط در گپ و نوا عضو هستیم.", {"گپ", "نوا"}),
        ("خبرها در کانال‌های تلگرامی دست‌به‌دست شد.", {"تلگرام"}),
        ("کانال‌های تلگرام بسته شد.", {"تلگرام"}),
        ("سروش، فرزند او، به مدرسه رفت.", set()),
    ],
)
def test_common_word_aliases_link_only_in_a_platform_context(text, linked):
    bale = Platform.objects.get(slug="bale")
    bale.aliases.get_or_create(key="بله", defaults={"name": "بله"})
    index = AliasIndex.load()
    assert {e.name for e in index.find_all([text]).of_kind("platform")} == linked


@pytest.mark.django_db
def test_an_everyday_word_alias_of_an_organization_needs_its_context():
    tic = Organization.objects.create(name="شرکت ارتباطات زیرساخت")
    OrganizationAlias.objects.create(organization=tic, name="زیرساخت")
    index = AliasIndex.load()
    assert index.find_all(["زیرساخت‌ها و زیرساخت شهری نیاز به سرمایه دارد."]).of_kind("organization") == []
    assert [e.id for e in index.find_all(["مدیرعامل شرکت زیرساخت گفت"]).of_kind("organization")] == [tic.pk]


@pytest.mark.django_db
def test_relinking_never_readds_a_link_an_editor_removed():
    person = Person.objects.create(name="علیرضا کاوه‌پور")
    import_text(CONFERENCE_REPORT.format(code="801"))
    article = Article.objects.get()
    assert list(article.people.all()) == [person]
    article.people.remove(person)  # the editor unlinks him (the admin form does the same)
    assert RemovedLink.objects.filter(article=article, kind="people", object_id=person.pk).exists()
    relink_mentions()
    import_text(CONFERENCE_REPORT.format(code="801").replace("ظرفیت تازه‌ای", "ظرفیت بیشتری"))
    assert not article.people.exists()
    article.people.add(person)  # linked again by hand: no longer remembered as removed
    assert not RemovedLink.objects.exists()


# --- updates and bad files ---------------------------------------------------------------

@pytest.mark.django_db
def test_a_corrected_headline_with_the_same_code_updates_in_place():
    first = import_text(CONFERENCE_REPORT.format(code="901"))
    corrected = import_text(CONFERENCE_REPORT.format(code="901").replace("بدون خاموشی", "بی خاموشی"), "corrected.txt")
    assert corrected.outcome == "updated" and corrected.article_id == first.article_id
    article = Article.objects.get()
    assert "بی خاموشی" in article.headline and article.history.count() == 2


@pytest.mark.django_db
def test_a_corrected_headline_without_a_code_updates_in_place_by_its_lead():
    text = CONFERENCE_REPORT.format(code="").replace("انتهای پیام/ \n", "انتهای پیام/\n")
    first = import_text(text)
    corrected = import_text(text.replace("بدون خاموشی", "بی خاموشی"), "corrected.txt")
    assert corrected.outcome == "updated" and corrected.article_id == first.article_id
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_a_corrected_quote_replaces_the_old_statement():
    person = Person.objects.create(name="علیرضا کاوه‌پور")
    import_text(CONFERENCE_REPORT.format(code="902"))
    assert Statement.objects.filter(speaker=person).count() == 2
    import_text(CONFERENCE_REPORT.format(code="902").replace("ظرفیت تازه‌ای", "ظرفیت بیشتری"), "corrected.txt")
    texts = list(Statement.objects.order_by("position").values_list("text", flat=True))
    assert len(texts) == 2 and texts[0].startswith("ظرفیت بیشتری")


@pytest.mark.django_db
def test_a_statement_an_editor_wrote_survives_a_corrected_copy():
    person = Person.objects.create(name="علیرضا کاوه‌پور")
    import_text(CONFERENCE_REPORT.format(code="903"))
    article = Article.objects.get()
    Statement.objects.create(article=article, speaker=person, text="سخنی که دبیر افزود.", position=9)
    import_text(CONFERENCE_REPORT.format(code="903").replace("ظرفیت تازه‌ای", "ظرفیت بیشتری"), "corrected.txt")
    assert Statement.objects.filter(text="سخنی که دبیر افزود.").exists()


def test_an_html_page_is_refused_with_a_clear_message():
    page = "<!DOCTYPE html><html><head><title>خبر</title></head><body><div><p>تیتر خبر</p><p>متن خبر فارسی</p></div></body></html>"
    with pytest.raises(WireError, match="HTML"):
        parse_wire(page)


def test_mostly_non_persian_text_is_refused():
    with pytest.raises(WireError, match="فارسی نیست"):
        parse_wire("Minister says\nThe minister said the grid is ready for the summer season.\nمتن\n")


def test_hard_wrapped_paragraphs_are_joined_again():
    text = (
        "تیتر خبر آزمایشی\n\n"
        "وزیر نیرو صبح امروز در نشست خبری برنامه‌های تابستانی صنعت برق\n"
        "گفت: ظرفیت تازه‌ای به شبکه افزوده شده است و مردم با صرفه‌جویی\n"
        "به پایداری شبکه کمک می‌کنند.\n\n"
        "بند دوم خبر که در دو سطر شکسته شده و هنوز ادامه دارد تا این\n"
        "که به پایان برسد.\n\n"
        "انتهای پیام/\n"
    )
    copy = parse_wire(text)
    assert copy.lead.startswith("وزیر نیرو") and copy.lead.endswith("کمک می‌کنند.")
    assert copy.paragraphs == ["بند دوم خبر که در دو سطر شکسته شده و هنوز ادامه دارد تا این که به پایان برسد."]
    assert any("به هم پیوستند" in warning for warning in copy.warnings)


def test_copy_with_one_paragraph_per_line_is_left_as_it_is():
    copy = parse_wire("تیتر خبر\nلید خبر که یک سطر است و ادامه دارد بی آنکه شکسته شده باشد\nبند دوم خبر.\nانتهای پیام/")
    assert copy.lead == "لید خبر که یک سطر است و ادامه دارد بی آنکه شکسته شده باشد" and copy.paragraphs == ["بند دوم خبر."]


# --- the JSON report -------------------------------------------------------------------------

REPORT_KEYS = {"source", "outcome", "error", "article_id", "agency", "section", "archive_section", "city", "reporter",
               "message_code", "people", "organizations", "platforms", "conference", "zwnj_repairs", "warnings"}


@pytest.mark.django_db
@pytest.mark.parametrize("dry_run", [True, False])
def test_format_json_prints_one_stable_object_per_file(tmp_path, dry_run):
    (tmp_path / "a.txt").write_text(CONFERENCE_REPORT.format(code="950"), encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe bad")
    out, err = StringIO(), StringIO()
    with pytest.raises(Exception):  # one file failed: exit status 1
        call_command("import_articles", str(tmp_path), "--format", "json", *(["--dry-run"] if dry_run else []),
                     stdout=out, stderr=err)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [set(line) for line in lines] == [REPORT_KEYS, REPORT_KEYS]
    good, bad = lines
    assert good["outcome"] == "imported" and good["agency"] == "ایسنا" and good["section"] == "اقتصادی"
    assert good["people"] == [{"name": "علیرضا کاوه‌پور", "role": "وزیر نیرو", "known": False}]
    assert good["conference"] == {"title": "برنامه‌های تابستانی صنعت برق", "host": "", "venue": "",
                                  "time_note": "صبح امروز", "speakers": ["علیرضا کاوه‌پور"]}
    assert bad["outcome"] == "failed" and bad["error"]
    assert "1 failed" in err.getvalue()
    assert Article.objects.count() == (0 if dry_run else 1)
