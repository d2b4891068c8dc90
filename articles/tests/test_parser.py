"""The wire parser and the pure parts of linking: no database."""

from pathlib import Path

import pytest

from articles.importer.linking import PERSON, PLATFORM, AliasIndex, Entity, detect_conference, extract_statements
from articles.importer.parser import WireError, decode_wire, parse_dateline, parse_wire

WIRE = Path(__file__).parent / "wire"


def read(name):
    return (WIRE / name).read_text(encoding="utf-8")


def founding_lines(path):
    return [line.strip() for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


# --- the founding article ------------------------------------------------------------

def test_founding_article_parts(founding_article_path):
    lines = founding_lines(founding_article_path)
    copy = parse_wire(founding_article_path.read_text(encoding="utf-8"))
    assert copy.headline == "فتاحی: فقط در پیام رسان گپ و نوا عضو هستیم / انتظارات در سند حمایتی برآورده نشد"
    assert copy.headline_clauses == ["فتاحی: فقط در پیام رسان گپ و نوا عضو هستیم", "انتظارات در سند حمایتی برآورده نشد"]
    assert copy.lead == lines[1]
    assert copy.lead.startswith("معاون وزیر ارتباطات و فناوری اطلاعات با بیان اینکه")
    # Every body paragraph, as written, and nothing of the footer.
    assert lines[-1] == "انتهای پیام /"
    assert copy.paragraphs == lines[2:-1]
    assert len(copy.paragraphs) == 9
    assert "انتهای" not in copy.body
    assert copy.has_footer and copy.message_code == ""
    assert copy.warnings == []


def test_founding_article_dateline_stays_in_the_body(founding_article_path):
    copy = parse_wire(founding_article_path.read_text(encoding="utf-8"))
    assert copy.dateline.desk == "علم و فناوری"
    assert copy.dateline.agency == "ایسکانیوز"
    assert copy.dateline.reporter == "خبرنگار گروه علم و فناوری"
    assert copy.dateline.city == ""
    assert copy.paragraphs[0].startswith("به گزارش خبرنگار گروه علم و فناوری ایسکانیوز، حمید فتاحی")


# --- datelines -------------------------------------------------------------------------

@pytest.mark.parametrize(
    "paragraph, agency, desk, reporter, city",
    [
        ("به گزارش خبرگزاری فارس از همدان، متن", "فارس", "", "", "همدان"),
        ("به گزارش ايسنا، متن", "ایسنا", "", "", ""),  # Arabic yeh: stored in the usual spelling
        ("به گزارش خبرنگار ایسکانیوز، متن", "ایسکانیوز", "", "خبرنگار", ""),
        ("به گزارش گروه سیاسی خبرگزاری تسنیم، متن", "تسنیم", "سیاسی", "", ""),
        ("به گزارش خبرگزاری دانشجویان ایران (ایسنا)، متن", "ایسنا", "", "", ""),
        ("به گزارش ایرنا از مشهد، متن", "ایرنا", "", "", "مشهد"),
        ("به گزارش خبرنگار گروه دانشگاه ایسکانیوز، متن", "ایسکانیوز", "دانشگاه", "خبرنگار گروه دانشگاه", ""),
        ("به گزارش خبرنگار اعزامی باشگاه خبرنگاران جوان از کربلا، متن", "باشگاه خبرنگاران جوان", "", "خبرنگار اعزامی", "کربلا"),
        # A press office is a source, not an agency: nothing is guessed.
        ("به گزارش روابط عمومی وزارت ارتباطات و فناوری اطلاعات، متن", "", "", "", ""),
    ],
)
def test_datelines(paragraph, agency, desk, reporter, city):
    dateline = parse_dateline(paragraph)
    assert (dateline.agency, dateline.desk, dateline.reporter, dateline.city) == (agency, desk, reporter, city)


def test_no_dateline_in_a_paragraph_that_does_not_open_with_it():
    assert parse_dateline("وزیر گفت به گزارش رسیده، کار انجام شد.") is None


def test_unknown_agency_is_left_empty_with_a_warning():
    # Never the house agency by guess: the editor is told the copy names none.
    copy = parse_wire("تیتر خبر\nلید خبر.\nبه گزارش روابط عمومی دانشگاه تهران، متن.\nانتهای پیام/")
    assert copy.agency == ""
    assert any("شناخته نشد" in warning for warning in copy.warnings)


def test_copy_without_any_credit_names_no_agency():
    copy = parse_wire("تیتر خبر\nمربی تیم گفت: بازی سختی بود.\nمتن دیگر.\nانتهای پیام/")
    assert copy.agency == "" and copy.dateline is None
    assert any("خبرگزاری در متن نیامده" in warning for warning in copy.warnings)


@pytest.mark.parametrize(
    ("lead", "agency", "desk"),
    [
        ("خبرگزاری فارس: وزیر گفت که کار انجام شد.", "فارس", ""),
        ("برنا - گروه ورزشی: سرمربی تیم گفت که بازی سخت بود.", "برنا", "ورزشی"),
        ("خبرگزاري فارس: رئيس ستاد گفت که کار انجام شد.", "فارس", ""),
        ("برنا - گروه اقتصادی؛ سازمان اعلام کرد که کار انجام شد.", "برنا", "اقتصادی"),
    ],
)
def test_lead_prefix_credits_the_agency(lead, agency, desk):
    copy = parse_wire(f"تیتر خبر\n{lead}\nمتن خبر.\nانتهای پیام/")
    assert (copy.agency, copy.dateline.desk) == (agency, desk)


@pytest.mark.parametrize(
    ("paragraph", "agency", "desk", "city"),
    [
        ("به گزارش خبرنگار اقتصادی خبرگزاری فارس، متن", "فارس", "اقتصادی", ""),
        ("به گزارش «ورزش سه» و به نقل از تسنیم، متن", "ورزش سه", "", ""),
        ("به گزارش گروه اجتماعی خبرگزاری تسنیم و به نقل از روابط عمومی انجمن، متن", "تسنیم", "اجتماعی", ""),
        ("به گزارش خبرنگار برنا از اهواز ، متن", "برنا", "", "اهواز"),
        ("به نقل از ایسنا، متن", "ایسنا", "", ""),
        ("مدیرکل در گفت‌وگو با خبرنگار اجتماعی ایرنا، گفت: متن", "ایرنا", "اجتماعی", ""),
        # A bureau named with «در» or with no preposition after the agency, a reporter «مستقر در …».
        ("به گزارش خبرنگار ایسنا در شیراز، متن", "ایسنا", "", "شیراز"),
        ("به گزارش خبرنگار مهر کرمان، متن", "مهر", "", "کرمان"),
        ("به گزارش گروه ورزشی خبرگزاری تسنیم استان فارس، متن", "تسنیم", "ورزشی", "استان فارس"),
        ("به گزارش خبرنگار پارلمانی خبرگزاری ایرنا مستقر در مجلس شورای اسلامی، متن", "ایرنا", "پارلمانی", ""),
        # A desk named after a country before the agency: the agency is the one the copy names last.
        ("به گزارش خبرنگار سایت عراق خبرگزاری ایسنا، متن", "ایسنا", "", ""),
        # A Persian semicolon closes a credit too, and «به‌گزارش» may be written joined.
        ("به‌گزارش خبرگزاری برنا از استان ایلام؛ مدیرکل گفت: متن", "برنا", "", "استان ایلام"),
    ],
)
def test_dateline_forms_of_every_agency(paragraph, agency, desk, city):
    dateline = parse_dateline(paragraph)
    assert (dateline.agency, dateline.desk, dateline.city) == (agency, desk, city)


# --- footers ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    "tail, last_paragraph, code",
    [
        ("متن پایانی.\nانتهای پیام /", "متن پایانی.", ""),
        ("متن پایانی.\nانتهای پیام/", "متن پایانی.", ""),
        ("متن پایانی.\nانتهاي پيام/ 1234", "متن پایانی.", "1234"),
        ("متن پایانی.انتهای پیام/", "متن پایانی.", ""),  # glued
        ("متن پایانی. انتهای پیام/ ۴۵۶۷", "متن پایانی.", "4567"),  # glued, Persian digits
        ("متن پایانی\u200cها.انتهای پیام/م.ع", "متن پایانی\u200cها.", "م.ع"),
        ("متن پایانی.\nانتهای پیام/\nAM-1234", "متن پایانی.", "AM-1234"),  # code on its own line
        ("متن پایانی.\nانتهای\u200cپیام", "متن پایانی.", ""),
        ("متن پایانی.\nانتهای پیام 2233", "متن پایانی.", "2233"),
    ],
)
def test_footers(tail, last_paragraph, code):
    copy = parse_wire(f"تیتر خبر\nلید خبر.\n{tail}")
    assert copy.has_footer
    assert copy.paragraphs[-1] == last_paragraph
    assert copy.message_code == code
    assert "انتها" not in copy.body


def test_a_sentence_about_the_end_of_a_message_is_not_a_footer():
    copy = parse_wire("تیتر خبر\nلید خبر.\nاو در انتهای پیام خود گفت")
    assert not copy.has_footer
    assert copy.paragraphs == ["او در انتهای پیام خود گفت"]
    assert "انتهای پیام" in " ".join(copy.warnings)


def test_fixture_footers():
    glued = parse_wire(read("isna_glued_code.txt"))
    assert glued.message_code == "4567"
    assert glued.paragraphs[-1].endswith("پاسخ\u200cدهندگان است.")
    own_line = parse_wire(read("code_own_line.txt"))
    assert own_line.message_code == "ت.ع-2041"
    assert own_line.paragraphs[-1].startswith("علاقه\u200cمندان")


def test_zwnj_and_arabic_letters_kept_for_display():
    copy = parse_wire(read("isna_glued_code.txt"))
    assert copy.headline == "افزایش کاربران پيام\u200cرسان\u200cهاي داخلي در دانشگاه\u200cها"
    assert copy.dateline.agency == "ایسنا"


# --- malformed input ---------------------------------------------------------------------

@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "خالی"),
        (b"  \n\n\t\n", "خالی"),
        ("Caf\xe9 cr\xe8me".encode("latin-1"), "UTF-8"),
        ("خبر".encode("cp1256"), "UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "دودویی"),
        ("تیتر".encode("utf-16"), "UTF-16"),
        (b"\x01\x02\x03\x04 text \x05", "کنترلی"),
    ],
)
def test_decode_rejects(data, reason):
    with pytest.raises(WireError, match=reason):
        decode_wire(data, max_bytes=10_000)


def test_decode_rejects_too_large():
    with pytest.raises(WireError, match="بزرگ"):
        decode_wire("خبر".encode() * 100, max_bytes=50)


def test_decode_strips_bom():
    assert decode_wire("\ufeffتیتر".encode(), max_bytes=100) == "تیتر"


@pytest.mark.parametrize(
    "text, reason",
    [
        ("\n\n", "خالی"),
        (read("headline_only.txt"), "فقط تیتر"),
        ("Just an English line\nand another", "فارسی"),
        ("انتهای پیام/", "فقط پانوشت"),
        ("تیتر " * 100 + "\nلید", "تیتر نیست"),
    ],
)
def test_shapeless(text, reason):
    with pytest.raises(WireError, match=reason):
        parse_wire(text)


# --- mentions ------------------------------------------------------------------------------

def make_index(*pairs):
    index = AliasIndex()
    for number, (kind, names) in enumerate(pairs, start=1):
        for name in names:
            index.add(name, Entity(kind, number, names[0]))
    return index


def test_longest_alias_first_and_whole_words():
    index = make_index((PLATFORM, ["تلگرام"]), (PLATFORM, ["تلگرام طلایی"]), (PLATFORM, ["گپ", "پیام رسان گپ"]))
    found = index.find("هاتگرام و تلگرام طلایی؛ گپی نزدیم. پیامرسان گپ")
    assert [entity.name for entity in found.of_kind(PLATFORM)] == ["تلگرام طلایی", "گپ"]
    assert [entity.name for entity in index.find("تلگرام و تلگرام طلایی").of_kind(PLATFORM)] == ["تلگرام", "تلگرام طلایی"]


def test_spellings_of_one_name_match():
    index = make_index((PLATFORM, ["آی‌گپ"]), (PLATFORM, ["گپ"]), (PLATFORM, ["واتس اپ"]), (PLATFORM, ["ایتا"]))
    names = lambda text: [e.name for e in index.find(text).of_kind(PLATFORM)]  # noqa: E731
    assert names("آی گپ") == ["آی‌گپ"]
    assert names("آيگپ") == ["آی‌گپ"]
    assert names("واتساپ و واتس‌اپ") == ["واتس اپ"]
    # A one-word name is never spelled by joining two other words.
    assert names("رسانه ای تا امروز") == []


def test_ambiguous_alias_links_nothing():
    index = AliasIndex()
    index.add("فتاحی", Entity(PERSON, 1, "حمید فتاحی"))
    index.add("فتاحی", Entity(PERSON, 2, "مریم فتاحی"))
    found = index.find("فتاحی گفت")
    assert found.found == []
    assert found.ambiguous[0][0] == "فتاحی"


# --- conferences ---------------------------------------------------------------------------

def test_founding_conference(founding_article_path):
    copy = parse_wire(founding_article_path.read_text(encoding="utf-8"))
    report, note = detect_conference(copy.all_paragraphs)
    assert note == ""
    assert report.title == "بررسی علل عدم مهاجرت مردم به پیامرسانهای داخلی"
    assert report.time_note == "عصر امروز"
    assert report.venue == "اتحادیه جامعه اسلامی دانشجویان"
    assert "حمید فتاحی" in report.before


@pytest.mark.parametrize(
    "text, title, venue, time_note",
    [
        ("نشست خبری معرفی نسخه جدید سروش صبح امروز در دانشگاه تهران برگزار شد.", "معرفی نسخه جدید سروش", "دانشگاه تهران", "صبح امروز"),
        ("علی رضایی در نشست خبری با موضوع «آینده پیام‌رسان‌ها» گفت: سخن", "آینده پیام‌رسان‌ها", "", ""),
        ("وزیر در نشست خبري بررسي بودجه پژوهش که ديروز در تهران برگزار شد گفت: سخن", "بررسي بودجه پژوهش", "تهران", "ديروز"),
    ],
)
def test_conference_reports(text, title, venue, time_note):
    report, _ = detect_conference([text])
    assert (report.title, report.venue, report.time_note) == (title, venue, time_note)


def test_hosted_by():
    report, _ = detect_conference(["نشست خبری سخنگوی اتحادیه به میزبانی اتحادیه جامعه اسلامی دانشجویان در تالار شهید برگزار شد."])
    assert report.title == "سخنگوی اتحادیه"
    assert report.host_text == "اتحادیه جامعه اسلامی دانشجویان"
    assert report.venue == "تالار شهید"


@pytest.mark.parametrize(
    "text",
    [
        "نشست خبری بررسی امنیت سایبری فردا در دانشگاه برگزار خواهد شد.",
        "وزیر در نشست خبری آینده خود گفت: سخن",
        "قرار است نشست خبری معرفی سروش در تهران برگزار شود.",
        "وی در پایان نشست خبری امروز گفت: سخن",  # «در پایان ...» is no «در نشست خبری X گفت»
        "خبرنگاران در نشست خبری حضور نداشتند.",
        # The absence named before the conference: the coach skipped it.
        "سرمربی بعد از غیبت در نشست خبری پیش از دیدار با حریف، اعلام کرد که می‌رود.",
    ],
)
def test_no_conference_from_a_passing_mention(text):
    report, _ = detect_conference([text])
    assert report is None


def test_a_conference_without_a_title_is_still_reported():
    # «او در نشست خبری امروز خود گفت»: held and reported; the copy gives it no title.
    report, _ = detect_conference(["او در نشست خبری امروز خود گفت: سخن"])
    assert report is not None and report.title == "" and report.time_note == "امروز"


@pytest.mark.parametrize(
    "text",
    [
        "فرمانده طی نشستی خبری با اشاره به وضعیت منطقه گفت: سخن",
        "سرمربی تیم در کنفرانس مطبوعاتی قبل از دیدار مقابل حریف گفت: سخن",
        "وزیر خارجه پیش از ظهر امروز یکشنبه در نشست خبری حضور یافت و سخن گفت.",
        "مدیرکل صبح امروز در نشست خبری، اظهار داشت: سخن",
        # «در یک نشست خبری», and reported speech with «که».
        "معاون وزیر امروز در یک نشست خبری گفت که بیماری مهار شده است.",
        # Tomorrow's match is not tomorrow's conference; a weekly conference counted by its ordinal.
        "سرمربی تیم در کنفرانس مطبوعاتی پیش از بازی فردا گفت: آماده‌ایم.",
        "سخنگوی دستگاه قضا در چهل و سومین نشست خبری خود درباره پرونده‌ها گفت: سخن",
        "رئیس ستاد در نشست خبری مشترک با مدیرکل میراث فرهنگی، صنایع دستی و گردشگری با اشاره به ورود 13.5 میلیون مسافر اظهار داشت: سخن",
    ],
)
def test_conference_forms_of_wire_copy(text):
    report, _ = detect_conference([text])
    assert report is not None


def test_an_earlier_conference_mentioned_in_passing_is_not_this_report():
    report, _ = detect_conference(["آقای وزیر روز گذشته در نشست خبری اعلام کرد: سخن"])
    assert report is None


def test_future_conference_in_fixture_is_not_reported():
    copy = parse_wire(read("code_own_line.txt"))
    report, note = detect_conference(copy.all_paragraphs)
    assert report is None


# --- statements ------------------------------------------------------------------------------

def test_statements_of_the_founding_article(founding_article_path):
    copy = parse_wire(founding_article_path.read_text(encoding="utf-8"))
    index = make_index((PERSON, ["حمید فتاحی", "فتاحی"]))
    quotes = extract_statements(copy.all_paragraphs, index=index, role_titles={})
    texts = [quote.text for quote in quotes]
    assert texts[0] == "از پیامرسانهای داخلی فقط در گپ و نوا عضو هستیم."
    # «وی ادامه داد» follows the named speaker; two statements in one paragraph.
    assert texts[1].startswith("بنگاههای رسانهای") and texts[2].startswith("با توجه به اقداماتی")
    # A role description is not a name: without the person's roles it stays unattributed,
    # and so does the «وی» after it.
    assert not any(text.startswith("این وزارتخانه") for text in texts)
    assert not any(text.startswith("فتوای مقام") for text in texts)
    assert all(quote.speaker.name == "حمید فتاحی" for quote in quotes)


def test_statements_by_role(founding_article_path):
    copy = parse_wire(founding_article_path.read_text(encoding="utf-8"))
    index = make_index((PERSON, ["حمید فتاحی", "فتاحی"]))
    quotes = extract_statements(copy.all_paragraphs, index=index, role_titles={1: ["معاون وزیر", "عضو هیات مدیره"]})
    texts = [quote.text for quote in quotes]
    assert texts[0].startswith("من تنها در تعداد محدودی")  # the lead names only the role
    assert any(text.startswith("این وزارتخانه") for text in texts)
    assert any(text.startswith("فتوای مقام") for text in texts)  # «وی» after the role


def test_unknown_speaker_breaks_the_chain():
    index = make_index((PERSON, ["علی رضایی", "رضایی"]))
    paragraphs = read("spoke_at_conference.txt").split("\n\n")[1:]
    quotes = extract_statements(paragraphs, index=index, role_titles={})
    texts = [quote.text for quote in quotes]
    assert texts[0] == "در این نسخه گروه\u200cهای کلاسی تا ۵۰۰۰ عضو را می\u200cپذیرند. پشتیبانی از کلاس\u200cهای برخط نیز افزوده شده است."
    assert texts[1].startswith("کاربران تلگرام")
    assert len(texts) == 2  # the expert and the «وی» after them are not رضایی


def test_a_credit_opening_the_body_names_the_agency_and_not_the_reporter_as_a_place():
    copy = parse_wire("تیتر خبر\n\nلید خبر بدون اعتبار.\n\nخبرآنلاین - رسول سلیمی: گزارش تازه منتشر شد.\n\nمتن دیگر.")
    assert copy.agency == "خبرآنلاین"
    assert copy.dateline.city == ""
