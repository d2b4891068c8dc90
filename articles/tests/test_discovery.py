"""Organization discovery: each rule reads a pattern of the language, shown here on sentences of its own.

Pure (no database): `find_organizations` reads paragraphs and returns what it found.
"""

import pytest

from archive_site.text import normalize_key
from articles.importer.discovery import find_organizations, find_people


def _names(*paragraphs):
    return [normalize_key(o.name) for o in find_organizations(list(paragraphs))]


@pytest.mark.parametrize("sentence, expected", [
    # An official head needs no rare word: two name words or a place that closes the name.
    ("مدیرعامل شرکت ملی گاز ایران از افزایش صادرات خبر داد.", "شرکت ملی گاز ایران"),
    ("بر پایه گزارش تازه مرکز آمار ایران، تورم کاهش یافت.", "مرکز آمار ایران"),
    ("این پرونده به شورای عالی کار فرستاده شد.", "شورای عالی کار"),
    # A role before an everyday head makes a body of it.
    ("سرمربی تیم ملی والیبال ایران در فرودگاه گفت: آماده‌ایم.", "تیم ملی والیبال ایران"),
    # Places of several words close the name: a province with its qualifier, «جمهوری اسلامی ایران», a town.
    ("در این زمینه با دادگستری خراسان رضوی جلسه داشتیم.", "دادگستری خراسان رضوی"),
    ("رئیس پلیس راه استان فارس از کاهش تصادف‌ها خبر داد.", "پلیس راه استان فارس"),
    ("بیمه مرکزی جمهوری اسلامی ایران این طرح را تصویب کرد.", "بیمه مرکزی جمهوری اسلامی ایران"),
    ("مدیر آموزش و پرورش شهرستان میمه گفت: مدارس باز است.", "آموزش و پرورش شهرستان میمه"),
    # Pairs of one field stay one name even before a verb; a comma list closed by «و» too.
    ("این کار خلاف بخشنامه وزارت آموزش و پرورش است.", "وزارت آموزش و پرورش"),
    ("وزارت صنعت، معدن و تجارت فهرست را منتشر کرد.", "وزارت صنعت، معدن و تجارت"),
    # A verbal noun keeps its «از» object inside the name.
    ("نائب رئیس جمعیت علمی پیشگیری از اعتیاد ایران گفت: آمار نگران‌کننده است.", "جمعیت علمی پیشگیری از اعتیاد ایران"),
    # A memorial name closes the name of the body it names.
    ("عضو هیئت علمی دانشگاه علوم پزشکی شهید صدوقی یزد گفت: درمان رایگان است.", "دانشگاه علوم پزشکی شهید صدوقی"),
    # A well-known body written in full with its place.
    ("گزارش با همکاری جمعیت هلال احمر جمهوری اسلامی ایران تهیه شد.", "جمعیت هلال احمر جمهوری اسلامی ایران"),
])
def test_official_names_are_found_in_full(sentence, expected):
    assert normalize_key(expected) in _names(sentence)


@pytest.mark.parametrize("sentence, not_expected", [
    # The predicate of the clause is not part of the name.
    ("پژوهشگران دانشگاه صنعتی اصفهان موفق به ساخت باتری شدند.", "دانشگاه صنعتی اصفهان موفق"),
    ("اگر شرکت توسعه و تجهیز دچار مشکل شود، کمک می‌کنیم.", "شرکت توسعه و تجهیز دچار"),
    ("بانک تجارت خدمات پرداخت خود را روی این سامانه فعال کرده است.", "بانک تجارت خدمات پرداخت"),
    ("با حزب عدالت و پیشرفت گفت‌وگوهایی داشته‌ایم.", "حزب عدالت و پیشرفت گفت‌وگوهایی"),
    ("این دو بازیکن از تیم شهرداری بم نخستین حضور خود را تجربه می‌کنند.", "تیم شهرداری بم نخستین"),
    # A «و» the name did not take is not left at its end.
    ("با دخالت وزارت ورزش و احضار مدیران همراه شد.", "وزارت ورزش و"),
    # Indefinite nouns after an everyday head are a team, a crowd, not a body.
    ("ما می‌دانستیم با چه تیم قدرتمندی بازی داریم.", "تیم قدرتمندی"),
    # Organs and sections of a body are not bodies of their own.
    ("عضو هیئت مدیره انجمن صنفی نانوایان گفت: قیمت نان ثابت است.", "هیئت مدیره انجمن صنفی نانوایان"),
    ("دو تن داور گروه تصویرگری بودند.", "گروه تصویرگری"),
    # An agency's desk in a credit, the capital of a province, a country's team.
    ("به گزارش خبرنگار گروه استان‌های ایرنا، طرح افتتاح شد.", "گروه استانهای ایرنا"),
    ("معاون دادستان مرکز خوزستان هشدار داد.", "مرکز خوزستان"),
    ("بازیکنان تیم ژاپن خوب کار نکردند.", "تیم ژاپن"),
    # A head after a number or a quantifier names a kind of body.
    ("تولید در چهار شرکت بزرگ کشور افزایش یافت.", "شرکت بزرگ کشور"),
    # The second noun of a pair inside a longer name opens none.
    ("مدیر کل حفظ آثار و نشر ارزش‌های دفاع مقدس گفت: نمایشگاه برپاست.", "نشر ارزشهای دفاع مقدس"),
])
def test_names_stop_where_the_clause_goes_on(sentence, not_expected):
    assert normalize_key(not_expected) not in _names(sentence)


def test_the_short_form_of_a_name_given_in_full_is_the_same_body():
    names = _names("سخنگوی وزارت امور خارجه گفت: گفت‌وگوها ادامه دارد.", "وزارت خارجه پیش‌تر بیانیه داده بود.")
    assert normalize_key("وزارت امور خارجه") in names
    assert normalize_key("وزارت خارجه") not in names


def test_a_bare_head_of_the_list_with_a_place_is_that_places_body():
    names = _names("نیروهای ارتش سودان امروز وارد شهر شدند.")
    assert normalize_key("ارتش سودان") in names
    assert normalize_key("ارتش") not in names


def test_a_club_whose_name_is_a_word_is_the_word_before_a_verb():
    sport = "سرمربی تیم در نشست خبری پیش از دیدار با بازیکنان لیگ برتر و هواداران فوتبال گفت: "
    assert normalize_key("استقلال") not in _names(sport + "این صندوق استقلال دارد و پاسخگوست.")
    assert normalize_key("استقلال") in _names(sport + "ما برابر استقلال بازی خوبی کردیم.")


def test_a_cited_agency_is_named_by_its_name_not_the_words_after_it():
    names = _names("بنا بر روایت خبرگزاری دفاع مقدس، فرمانده گفت: آماده‌ایم.",
                   "به گزارش خبرگزاری روسی تاس، مذاکرات ادامه دارد.")
    assert normalize_key("دفاع مقدس") in names
    assert normalize_key("تاس") in names
    assert normalize_key("مقدس") not in names


def test_a_foreign_given_name_that_is_a_persian_word_needs_a_surname():
    people = [p.key for p in find_people(["در این حادثه ده نفر جان باخته‌اند و پنج نفر زخمی شدند."])]
    assert people == []
    spoke = [p.key for p in find_people(["مانوئل پیگرینی، سرمربی تیم، در نشست خبری گفت: بازی خوبی بود."])]
    assert normalize_key("مانوئل پیگرینی") in spoke


def test_a_number_is_no_surname():
    assert find_people(["ان‌شاءالله ۱۲۹کیلومتر دیگر هم ساخته می‌شود و مردم راضی خواهند بود."]) == []


def test_a_surname_listed_beside_a_person_named_in_full_is_a_person():
    people = [p.key for p in find_people([
        "سرمربی تیم گفت: میانگین سنی بازیکنان ما پایین است. شاید بهنام کریمی و یزدانی‌پور کمی بزرگ‌تر باشند.",
        "کریمی در این بازی گل زد.",
    ])]
    assert normalize_key("یزدانی‌پور") in people
    assert normalize_key("هشدارها") not in [p.key for p in find_people([
        "بهنام کریمی گفت: کریمی و هشدارها را جدی بگیرید.",
    ])]


def test_a_given_name_in_two_words_keeps_its_first_half():
    people = [p.key for p in find_people(["زین الدین زیدان در نشست خبری گفت: بازی سختی است."])]
    assert normalize_key("زین الدین زیدان") in people
