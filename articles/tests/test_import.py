"""The wire import: the founding article's acceptance, idempotency, atomicity, the command, relinking."""

import datetime as dt
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from archive_site.jalali import InvalidDate
from archive_site.text import normalize_key
from archive_site.zwnj import repair_zwnj
from articles.importer import derive as derive_module
from articles.importer import services
from articles.importer.linking import AliasIndex
from articles.importer.services import IMPORTED, import_article, parse_published_at, relink_mentions
from articles.models import Article, ImportSuggestion, PressConference, Section, Statement
from people.models import Organization, OrganizationAlias, Participation, Person, PersonAlias, Role
from platforms.models import Platform

WIRE = Path(__file__).parent / "wire"
CONFERENCE_TITLE = "بررسی علل عدم مهاجرت مردم به پیام‌رسان‌های داخلی"
HOST = "اتحادیه جامعه اسلامی دانشجویان"
FOUNDING_PLATFORMS = {"گپ", "نوا", "سروش", "هاتگرام", "تلگرام طلایی"}


def platform(name, origin=Platform.Origin.DOMESTIC, **extra):
    # The known-platforms data migration may have made it already.
    found = Platform.objects.filter(name=name).first()
    return found or Platform.objects.create(name=name, origin=origin, **extra)


@pytest.fixture
def known(db):
    """What the acceptance says is known before the founding article is imported."""
    fattahi = Person.objects.create(name="حمید فتاحی")
    PersonAlias.objects.create(person=fattahi, name="فتاحی")
    union = Organization.objects.filter(name=HOST).first() or Organization.objects.create(name=HOST)
    Section.objects.get_or_create(name_key=normalize_key("علم و فناوری"), defaults={"name": "علم و فناوری"})
    telegram = platform("تلگرام", Platform.Origin.FOREIGN)
    platforms = {name: platform(name) for name in ("گپ", "نوا", "سروش")}
    for name in ("هاتگرام", "تلگرام طلایی"):
        platforms[name] = platform(name, Platform.Origin.FOREIGN, kind=Platform.Kind.UNOFFICIAL_CLIENT, parent=telegram)
    platforms["تلگرام"] = telegram
    return {"fattahi": fattahi, "union": union, "platforms": platforms}


def founding_text(path):
    return path.read_text(encoding="utf-8")


def snapshot():
    """Everything an import may write, counted."""
    return {
        "articles": Article.objects.count(),
        "history": Article.history.count(),
        "sections": Section.objects.count(),
        "conferences": PressConference.objects.count(),
        "participations": Participation.objects.count(),
        "statements": Statement.objects.count(),
        "people_links": Article.people.through.objects.count(),
        "platform_links": Article.platforms.through.objects.count(),
        "organization_links": Article.organizations.through.objects.count(),
    }


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_articles", *map(str, args), stdout=out, stderr=err)
    return out.getvalue()


def run_failing(*args):
    out = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_articles", *map(str, args), stdout=out, stderr=StringIO())
    assert raised.value.returncode == 1
    return out.getvalue()


# --- the founding article (issue 2's acceptance) ------------------------------------------

@pytest.mark.django_db
def test_founding_article_acceptance(known, founding_article_path):
    # His roles then, as the archive knows them: they attribute the speech the copy gives by role only.
    ministry = Organization.objects.create(name="وزارت ارتباطات و فناوری اطلاعات")
    infrastructure = Organization.objects.create(name="شرکت ارتباطات زیرساخت")
    Role.objects.create(person=known["fattahi"], organization=ministry, title="معاون وزیر ارتباطات و فناوری اطلاعات")
    Role.objects.create(person=known["fattahi"], organization=infrastructure, title="عضو هیات مدیره شرکت ارتباطات زیرساخت")
    lines = [line.strip() for line in founding_text(founding_article_path).split("\n") if line.strip()]
    output = run(founding_article_path, "--published-at", "1405-09-07 18:00")
    assert output.startswith("imported")

    article = Article.objects.get()
    assert article.headline == lines[0]
    assert article.headline_clauses == ["فتاحی: فقط در پیام رسان گپ و نوا عضو هستیم", "انتظارات در سند حمایتی برآورده نشد"]
    # The copy lost its ZWNJs: it reads repaired, and the repair is reversible.
    assert article.lead == repair_zwnj(lines[1])[0] != lines[1]
    assert "پیام‌رسان‌های داخلی" in article.lead and "می‌کنند" in article.lead
    assert article.paragraphs == [repair_zwnj(line)[0] for line in lines[2:-1]]  # every body paragraph
    assert "انتهای پیام" not in article.body and "انتهای پیام" not in article.lead
    assert article.section.name == "علم و فناوری"
    assert article.agency == "ایسکانیوز"
    assert article.reporter == "خبرنگار گروه علم و فناوری"
    assert article.message_code == ""
    assert article.status == Article.Status.REVIEW
    assert article.published_at == timezone.make_aware(dt.datetime(2026, 11, 28, 18, 0))
    assert article.source_name == str(founding_article_path)

    assert list(article.people.all()) == [known["fattahi"]]
    assert {p.name for p in article.platforms.all()} == FOUNDING_PLATFORMS  # تلگرام never stands alone in it
    assert set(article.organizations.all()) == {known["union"], ministry, infrastructure}

    conference = article.conference
    assert normalize_key(conference.title) == normalize_key(CONFERENCE_TITLE)
    assert conference.title == CONFERENCE_TITLE  # as the copy has it, its ZWNJs repaired
    assert conference.host == known["union"]
    assert conference.venue == HOST
    assert conference.time_note == "عصر امروز"
    assert conference.starts_at == timezone.make_aware(dt.datetime(2026, 11, 28, 16, 0))
    assert conference.confirmed is False
    assert [p.person for p in conference.participations.all()] == [known["fattahi"]]

    statements = list(article.statements.order_by("position"))
    assert len(statements) == 10
    # The lead gives its speaker by role only; the archive knows the role, so it is his.
    assert statements[0].text == "من تنها در تعداد محدودی از پیام‌رسان‌های داخلی عضو هستیم."
    about_gap = next(s for s in statements if s.text == "از پیام‌رسان‌های داخلی فقط در گپ و نوا عضو هستیم.")
    assert about_gap.speaker == known["fattahi"] and about_gap.conference == conference
    assert {p.name for p in about_gap.platforms.all()} == {"گپ", "نوا"}
    assert all(s.speaker == known["fattahi"] for s in statements)
    assert "گپ" in Article.objects.get().statements_key

    article.zwnj_repair = False  # the editor turns the repair off: the copy as received
    article.save()
    article.refresh_from_db()
    assert article.lead == lines[1] and article.paragraphs == lines[2:-1]
    article.zwnj_repair = True
    article.save()
    article.refresh_from_db()
    assert article.lead == repair_zwnj(lines[1])[0]


@pytest.mark.django_db
def test_founding_article_reimport_changes_nothing(known, founding_article_path):
    run(founding_article_path)
    article = Article.objects.get()
    before, updated_at, version = snapshot(), article.updated_at, article.version

    output = run(founding_article_path)
    assert output.startswith("unchanged")
    assert "0 imported, 0 updated, 1 unchanged, 0 failed" in output
    assert snapshot() == before
    article.refresh_from_db()
    assert (article.updated_at, article.version) == (updated_at, version)


@pytest.mark.django_db
def test_founding_article_links_the_conference_an_editor_made(known, founding_article_path):
    made = PressConference.objects.create(title=CONFERENCE_TITLE, host=known["union"], confirmed=True, venue="تالار اتحادیه")
    run(founding_article_path)
    article = Article.objects.get()
    assert article.conference == made
    assert PressConference.objects.count() == 1
    made.refresh_from_db()
    assert made.venue == "تالار اتحادیه"  # a confirmed conference is the editor's: not rewritten
    assert made.participations.get().person == known["fattahi"]


@pytest.mark.django_db
def test_a_conference_with_the_same_title_months_away_is_another(known, founding_article_path):
    long_ago = timezone.make_aware(dt.datetime(2020, 1, 1, 10))
    PressConference.objects.create(title=CONFERENCE_TITLE, starts_at=long_ago)
    run(founding_article_path, "--published-at", "2026-11-28")
    assert PressConference.objects.count() == 2
    assert Article.objects.get().conference.starts_at == timezone.make_aware(dt.datetime(2026, 11, 28, 16))


@pytest.mark.django_db
def test_founding_article_with_roles(known, founding_article_path):
    ministry = Organization.objects.create(name="وزارت ارتباطات و فناوری اطلاعات")
    OrganizationAlias.objects.create(organization=ministry, name="وزارت ارتباطات")
    deputy = Role.objects.create(person=known["fattahi"], organization=ministry, title="معاون وزیر",
                                 start_date=dt.date(2024, 1, 1))
    Role.objects.create(person=known["fattahi"], organization=ministry, title="مشاور وزیر",
                        start_date=dt.date(2010, 1, 1), end_date=dt.date(2012, 1, 1))
    run(founding_article_path, "--published-at", "2026-11-28")
    article = Article.objects.get()
    assert set(article.organizations.all()) == {known["union"], ministry}
    participation = article.conference.participations.get()
    assert participation.role == deputy  # the role held then, and named in the copy
    # The lead names only the role: with the role known, its speech is attributed.
    first = article.statements.order_by("position").first()
    assert first.text.startswith("من تنها در تعداد محدودی")


# --- other agencies, footers and codes -----------------------------------------------------

@pytest.mark.django_db
def test_other_agency_dateline_and_code():
    rezaei = Person.objects.create(name="علی رضایی")
    PersonAlias.objects.create(person=rezaei, name="رضایی")
    soroush, igap, gap = platform("سروش"), platform("آی‌گپ"), platform("گپ")
    run(WIRE / "fars_hamedan.txt", "--publish")
    article = Article.objects.get()
    assert (article.agency, article.dateline_city, article.message_code) == ("فارس", "همدان", "1234")
    assert article.reporter == ""
    assert article.section.name == services.DEFAULT_SECTION_NAME
    assert article.status == Article.Status.PUBLISHED and article.is_public
    assert set(article.platforms.all()) == {soroush, igap}  # «آی‌گپ» is not «گپ»
    assert gap not in article.platforms.all()
    assert article.conference is None  # «نشست خبری بعدی ... برگزار خواهد شد» is no report
    assert list(article.people.all()) == [rezaei]
    assert article.statements.count() == 3
    assert article.paragraphs[-1] == "این همایش تا پایان هفته در دانشگاه بوعلی سینا ادامه دارد."


@pytest.mark.django_db
def test_glued_footer_with_persian_digits_and_arabic_letters():
    platform("سروش"), platform("گپ"), platform("تلگرام", Platform.Origin.FOREIGN)
    run(WIRE / "isna_glued_code.txt")
    article = Article.objects.get()
    assert article.agency == "ایسنا"
    assert article.message_code == "4567"
    assert "انتها" not in article.body
    assert article.paragraphs[-1].endswith("پاسخ\u200cدهندگان است.")
    # Arabic yeh/kaf in the copy: kept for display, matched by key.
    assert "پيام\u200cرسان\u200cهاي" in article.headline
    assert {p.name for p in article.platforms.all()} == {"سروش", "گپ", "تلگرام"}


@pytest.mark.django_db
def test_code_on_its_own_line_and_no_invented_conference():
    output = run(WIRE / "code_own_line.txt")
    article = Article.objects.get()
    assert article.message_code == "ت.ع-2041"
    # A desk the archive does not have is a suggestion for editors, not a new public desk.
    assert not Section.objects.filter(name="دانشگاه").exists()
    assert ImportSuggestion.objects.filter(kind="section", name="دانشگاه", status="pending").exists()
    assert article.section.name == services.DEFAULT_SECTION_NAME and output.startswith("imported")
    assert article.conference is None
    assert PressConference.objects.count() == 0


@pytest.mark.django_db
def test_spoke_at_a_conference():
    rezaei = Person.objects.create(name="علی رضایی")
    PersonAlias.objects.create(person=rezaei, name="رضایی")
    platform("سروش"), platform("گپ"), platform("تلگرام", Platform.Origin.FOREIGN)
    run(WIRE / "spoke_at_conference.txt")
    article = Article.objects.get()
    assert article.conference.title == "معرفی نسخه دانشگاهی سروش"
    assert [p.person for p in article.conference.participations.all()] == [rezaei]
    statements = list(article.statements.order_by("position"))
    assert len(statements) == 2
    assert {p.name for p in statements[1].platforms.all()} == {"تلگرام", "سروش"}


# --- idempotency ---------------------------------------------------------------------------

@pytest.mark.django_db
def test_same_code_updates_the_article(tmp_path):
    first = run(WIRE / "fars_hamedan.txt")
    article = Article.objects.get()
    history = article.history.count()
    changed = tmp_path / "fars.txt"
    changed.write_text(
        (WIRE / "fars_hamedan.txt").read_text(encoding="utf-8").replace("تا پایان هفته", "تا پنجشنبه"), encoding="utf-8"
    )
    output = run(changed)
    assert first.startswith("imported") and output.startswith("updated")
    assert "(body)" in output
    assert Article.objects.count() == 1
    article_after = Article.objects.get()
    assert "تا پنجشنبه" in article_after.body
    assert article_after.version == article.version + 1
    assert article_after.history.count() == history + 1


@pytest.mark.django_db
def test_no_code_recognised_by_agency_and_headline_key(known, founding_article_path, tmp_path):
    run(founding_article_path)
    # The same copy as another wire writes it: ZWNJ, Arabic yeh, an edited paragraph.
    text = founding_text(founding_article_path)
    variant = text.replace("پیام رسان گپ", "پيام‌رسان گپ").replace("عصر امروز", "عصر امروز (شنبه)")
    path = tmp_path / "variant.txt"
    path.write_text(variant, encoding="utf-8")
    output = run(path)
    assert output.startswith("updated")
    assert Article.objects.count() == 1
    assert "پيام‌رسان گپ" in Article.objects.get().headline


@pytest.mark.django_db
def test_another_agency_with_the_same_headline_is_another_article(tmp_path):
    text = (WIRE / "code_own_line.txt").read_text(encoding="utf-8")
    path = tmp_path / "other.txt"
    path.write_text(text.replace("خبرنگار گروه دانشگاه ایسکانیوز", "خبرگزاری مهر").replace("ت.ع-2041", ""), encoding="utf-8")
    run(WIRE / "code_own_line.txt")
    run(path)
    assert sorted(Article.objects.values_list("agency", flat=True)) == ["ایسکانیوز", "مهر"]


@pytest.mark.django_db
def test_publish_on_reimport_publishes_a_review_article_and_keeps_its_time(known, founding_article_path):
    run(founding_article_path, "--published-at", "2026-11-01T09:30")
    output = run(founding_article_path, "--publish")
    assert output.startswith("updated") and "status" in output
    article = Article.objects.get()
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at == timezone.make_aware(dt.datetime(2026, 11, 1, 9, 30))


@pytest.mark.django_db
def test_reimport_never_revives_a_withdrawn_article(known, founding_article_path):
    run(founding_article_path, "--publish")
    Article.objects.update(status=Article.Status.WITHDRAWN, withdrawn_at=timezone.now())
    output = run(founding_article_path, "--publish")
    assert output.startswith("unchanged")
    assert Article.objects.get().status == Article.Status.WITHDRAWN


@pytest.mark.django_db
def test_links_only_added_never_removed(known, founding_article_path):
    run(founding_article_path)
    article = Article.objects.get()
    extra = Person.objects.create(name="شخصی که دبیر افزود")
    article.people.add(extra)
    run(founding_article_path)
    assert set(Article.objects.get().people.all()) == {known["fattahi"], extra}


@pytest.mark.django_db
def test_reimport_does_not_undo_an_editors_corrections(known, founding_article_path, tmp_path):
    run(founding_article_path)
    article = Article.objects.get()
    article.platforms.remove(known["platforms"]["نوا"])
    statement = article.statements.order_by("position").first()
    statement.text = statement.text.replace("پیامرسانهای", "پیام‌رسان‌های")
    statement.save()
    statements = article.statements.count()

    assert run(founding_article_path).startswith("unchanged")
    assert known["platforms"]["نوا"] not in article.platforms.all()
    assert article.statements.count() == statements

    # A corrected copy of the same article updates it, and a link the editor removed stays removed.
    path = tmp_path / "corrected.txt"
    path.write_text(founding_text(founding_article_path).replace("مفید باشد", "سودمند باشد"), encoding="utf-8")
    output = run(path)
    assert output.startswith("updated")
    assert known["platforms"]["نوا"] not in article.platforms.all()
    call_command("relink_mentions", stdout=StringIO())
    assert known["platforms"]["نوا"] not in article.platforms.all()


# --- malformed files, atomicity, dry run -------------------------------------------------

@pytest.fixture
def malformed(tmp_path):
    files = {
        "empty.txt": b"",
        "latin1.txt": "Caf\xe9: le r\xe9sum\xe9 \xe0 la cr\xe8me\n\nDeuxi\xe8me paragraphe.".encode("latin-1"),
        "binary.txt": bytes(range(256)) * 4,
        "headline_only.txt": (WIRE / "headline_only.txt").read_bytes(),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    return tmp_path


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, reason",
    [("empty.txt", "خالی"), ("latin1.txt", "UTF-8"), ("binary.txt", "دودویی"), ("headline_only.txt", "فقط تیتر")],
)
def test_malformed_file_fails_clearly_and_writes_nothing(known, malformed, name, reason):
    before = snapshot()
    output = run_failing(malformed / name)
    line = output.splitlines()[0]
    assert line.startswith("failed") and str(malformed / name) in line and reason in line
    assert "0 imported, 0 updated, 0 unchanged, 1 failed" in output
    assert snapshot() == before


@pytest.mark.django_db
def test_a_folder_with_good_and_bad_files(known, malformed, founding_article_path):
    shutil.copy(founding_article_path, malformed / "founding.txt")
    (malformed / "notes.md").write_text("not wire copy")
    output = run_failing(malformed)
    assert "1 imported, 0 updated, 0 unchanged, 4 failed" in output
    assert len([line for line in output.splitlines() if line.startswith(("imported", "failed"))]) == 5
    assert "notes.md" not in output  # a folder contributes its .txt files only
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_missing_path_fails(db):
    output = run_failing("/nonexistent/wire.txt")
    assert "/nonexistent/wire.txt" in output


@pytest.mark.django_db
def test_too_large_file_fails(settings, known, founding_article_path):
    settings.IMPORT_MAX_FILE_BYTES = 1000
    output = run_failing(founding_article_path)
    assert "بزرگ" in output
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_a_failure_midway_leaves_nothing(known, founding_article_path, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(derive_module, "_write_statements", broken)
    before = snapshot()
    output = run_failing(founding_article_path)
    assert "disk full" in output
    assert snapshot() == before  # no article, no conference, no links, no suggestion
    assert not ImportSuggestion.objects.exists()


@pytest.mark.django_db
def test_dry_run_writes_nothing_and_shows_what_would_change(known, founding_article_path):
    before = snapshot()
    output = run(founding_article_path, "--dry-run")
    assert snapshot() == before
    assert output.startswith("would import")
    assert "desk: علم و فناوری |" in output
    assert "حمید فتاحی" in output and "تلگرام طلایی" in output
    assert "(new, unconfirmed)" in output
    assert "Dry run (nothing written): 1 imported" in output


@pytest.mark.django_db
def test_dry_run_of_an_update(known, founding_article_path, tmp_path):
    run(founding_article_path)
    before = snapshot()
    path = tmp_path / "edited.txt"
    path.write_text(founding_text(founding_article_path).replace("مفید باشد", "سودمند باشد"), encoding="utf-8")
    output = run(path, "--dry-run")
    assert output.startswith("would update") and "(body" in output
    assert snapshot() == before
    assert "مفید باشد" in Article.objects.get().body


# --- --published-at ------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, expected",
    [
        ("1405-09-07", dt.datetime(2026, 11, 28, 0, 0)),
        ("۱۴۰۵/۰۹/۰۷ ۱۴:۳۰", dt.datetime(2026, 11, 28, 14, 30)),
        ("2026-11-28", dt.datetime(2026, 11, 28, 0, 0)),
        ("2026-11-28T14:30", dt.datetime(2026, 11, 28, 14, 30)),
        ("2026-11-28 14:30:15", dt.datetime(2026, 11, 28, 14, 30, 15)),
    ],
)
def test_parse_published_at(text, expected):
    assert parse_published_at(text) == timezone.make_aware(expected)


def test_parse_published_at_with_offset():
    assert parse_published_at("2026-11-28T11:00:00+00:00") == timezone.make_aware(dt.datetime(2026, 11, 28, 14, 30))


@pytest.mark.parametrize("text", ["1404-12-30", "yesterday", "2026-11-28 25:00", "1405-09-07T10:00+03:30", ""])
def test_parse_published_at_rejects(text):
    with pytest.raises(InvalidDate):
        parse_published_at(text)


@pytest.mark.django_db
def test_bad_published_at_is_a_command_error(founding_article_path):
    with pytest.raises(CommandError, match="--published-at"):
        call_command("import_articles", str(founding_article_path), "--published-at", "1404-12-30", stdout=StringIO())
    assert Article.objects.count() == 0


# --- bounded queries -------------------------------------------------------------------------

def quotes_copy(count):
    paragraphs = [f"حمید فتاحی گفت: سخن شماره {n} درباره گپ و سروش است." for n in range(count)]
    return "\n".join(["تیتر آزمایشی شمارش پرسش‌ها", "لید خبر.", "به گزارش خبرنگار گروه علم و فناوری ایسکانیوز، آغاز.",
                      *paragraphs, "انتهای پیام/"])


@pytest.mark.django_db
def test_import_queries_do_not_grow_with_the_copy(known):
    index = AliasIndex.load()

    def queries(count):
        Article.objects.all().delete()
        with CaptureQueriesContext(connection) as captured:
            result = import_article(text=quotes_copy(count), source_name="x.txt", index=index)
        assert result.outcome == IMPORTED and result.statements_added == count
        return len(captured)

    assert queries(2) == queries(12)


@pytest.mark.django_db
def test_alias_index_loads_in_constant_queries(known, django_assert_num_queries):
    for n in range(5):
        person = Person.objects.create(name=f"شخص شماره {n}")
        PersonAlias.objects.create(person=person, name=f"نام دیگر {n}")
    with django_assert_num_queries(6):
        AliasIndex.load()


# --- relinking -----------------------------------------------------------------------------

@pytest.mark.django_db
def test_relink_after_an_editor_adds_a_person(known, founding_article_path):
    known["fattahi"].delete()
    run(founding_article_path)
    article = Article.objects.get()
    assert article.people.count() == 0
    updated_at = article.updated_at

    person = Person.objects.create(name="حمید فتاحی")
    out = StringIO()
    call_command("relink_mentions", stdout=out)
    assert "1 articles read, 1 changed" in out.getvalue()
    article.refresh_from_db()
    assert list(article.people.all()) == [person]
    assert article.updated_at > updated_at

    out = StringIO()
    call_command("relink_mentions", stdout=out)
    assert "0 changed, 0 links added" in out.getvalue()


@pytest.mark.django_db
def test_relink_one_article_and_unknown_id(known, founding_article_path, make_article):
    run(founding_article_path)
    article = Article.objects.get()
    platform("تلگرام طلایی")  # already linked: nothing to add
    out = StringIO()
    call_command("relink_mentions", "--article", str(article.pk), stdout=out)
    assert "1 articles read, 0 changed, 0 links added" in out.getvalue()
    # Two articles naming سروش without a link to it: --article relinks the one it names only.
    soroush = known["platforms"]["سروش"]
    article.platforms.remove(soroush)
    other = make_article(headline="خبری دیگر دربارهٔ سروش", body="سروش پیام‌رسانی داخلی است.")
    out = StringIO()
    call_command("relink_mentions", "--article", str(other.pk), stdout=out)
    assert "1 articles read, 1 changed, 1 links added" in out.getvalue()
    assert list(other.platforms.all()) == [soroush]
    assert soroush not in article.platforms.all()
    with pytest.raises(CommandError, match="No article"):
        call_command("relink_mentions", "--article", "999999", stdout=StringIO())


@pytest.mark.django_db
def test_relink_queries_are_bounded_per_article(known, make_article):
    # Relinking re-derives each article (links, statements, participants):
    # a fixed number of queries per article, whatever the archive holds.
    index = AliasIndex.load()

    def queries(count):
        Article.objects.all().delete()
        for n in range(count):
            make_article(headline=f"حمید فتاحی در پیام‌رسان گپ {n}", body="پیام‌رسان‌های سروش و نوا")
        with CaptureQueriesContext(connection) as captured:
            result = relink_mentions(index=index)
        assert result.articles == count and result.links_added == count * 4
        return len(captured)

    two, nine = queries(2), queries(9)
    assert (nine - two) / 7 == (two - queries(1))


@pytest.mark.django_db
def test_ambiguous_alias_is_reported_not_linked(known, founding_article_path):
    other = Person.objects.create(name="مریم فتاحی")
    PersonAlias.objects.create(person=other, name="فتاحی")
    index = AliasIndex.load()
    result = import_article(text=founding_text(founding_article_path), source_name="f.txt", index=index)
    article = Article.objects.get()
    # «حمید فتاحی» is written in full once; the bare «فتاحی» could be either.
    assert list(article.people.all()) == [known["fattahi"]]
    assert any("فتاحی" in warning and "چند" in warning for warning in result.warnings)


# Conference recognition on sentences other agencies write.

def test_a_speaker_after_a_comma_still_reports_the_conference():
    from articles.importer.linking import detect_conference

    report, note = detect_conference(
        ["به گزارش خبرگزاری فارس، در نشست خبری بررسی آینده شبکه ملی اطلاعات، مدیرعامل شرکت ارتباطات زیرساخت گفت: پهنای باند افزایش می‌یابد."]
    )
    assert report is not None, note
    # «آینده» in a title is a topic, not a date; «شب» inside «شبکه» is not a time of day.
    assert report.title == "بررسی آینده شبکه ملی اطلاعات"
    assert report.time_note == ""


@pytest.mark.parametrize(
    "sentence",
    [
        "نشست خبری معرفی سامانه تازه هفته آینده برگزار شد.",
        "در نشست خبری آینده، وزیر گفت: سلام",
        "نشست خبری بررسی بودجه که قرار بود دیروز برگزار شود لغو شد.",
    ],
)
def test_a_conference_to_come_or_cancelled_is_not_reported(sentence):
    from articles.importer.linking import detect_conference

    report, _ = detect_conference([sentence])
    assert report is None
