import pytest

from archive_site.text import (
    clean_display,
    compound_key,
    normalize_key,
    normalize_key_with_offsets,
    slugify_fa,
    sort_key,
    to_latin_digits,
    to_persian_digits,
)

# Every way the word arrives: ZWNJ lost (the founding article), ZWNJ, Arabic yeh,
# zero-width joiner, tatweel, harakat, soft hyphen, bidi marks.
SAME_WORD = [
    "پیامرسان",
    "پیام\u200cرسان",
    "پيام\u200cرسان",
    "پیام\u200dرسان",
    "پیـــام‌رسان",
    "پیَامِ‌رسان",
    "پیام\u00adرسان",
    "\u200fپیام‌رسان\u200e",
]


@pytest.mark.parametrize("variant", SAME_WORD)
def test_every_spelling_gives_one_key(variant):
    assert normalize_key(variant) == "پیامرسان"


def test_a_space_keeps_two_words_and_the_compound_key_joins_them():
    assert normalize_key("پیام رسان") == "پیام رسان"
    assert compound_key("پیام رسان گپ") == "پیامرسان رسانگپ"


@pytest.mark.parametrize(
    "arabic, persian",
    [("كتاب", "کتاب"), ("علي", "علی"), ("مؤثر", "موثر"), ("أحمد", "احمد"), ("آب", "اب"), ("مدرسة", "مدرسه"), ("خانۀ", "خانه")],
)
def test_arabic_letters_fold_to_persian(arabic, persian):
    assert normalize_key(arabic) == persian


@pytest.mark.parametrize("digits", ["۱۴۰۵", "١٤٠٥", "1405"])
def test_every_digit_set_gives_latin_digits(digits):
    assert normalize_key(digits) == "1405"


def test_punctuation_becomes_space_and_latin_is_lowercased():
    assert normalize_key("«گپ»، نوا؛ سروش! Telegram?") == "گپ نوا سروش telegram"


def test_founding_article_spellings():
    # The founding article lost its ZWNJs: these must meet their proper spellings.
    assert normalize_key("پیامرسانهای") == normalize_key("پیام‌رسان‌های")
    assert normalize_key("میکنند") == normalize_key("می‌کنند")
    assert normalize_key("بهشمار") == normalize_key("به‌شمار")
    assert normalize_key("بنگاههای رسانهای") == normalize_key("بنگاه‌های رسانه‌ای")
    assert normalize_key("مؤثر") == normalize_key("موثر")
    assert normalize_key("هیات") == normalize_key("هیأت")


def test_offsets_point_back_into_the_display_text():
    text = "از «پيام‌رسانِ» گپ"
    key, offsets = normalize_key_with_offsets(text)
    assert key == normalize_key(text)
    assert len(offsets) == len(key)
    start = key.index("گپ")
    assert text[offsets[start]:offsets[start + 1] + 1] == "گپ"


def test_digits_convert_both_ways():
    assert to_persian_digits("1405/09/07") == "۱۴۰۵/۰۹/۰۷"
    assert to_persian_digits("١٤") == "۱۴"
    assert to_latin_digits("۱۴۰۵-٠٩") == "1405-09"


def test_clean_display_keeps_spelling():
    assert clean_display("پیام\u200c\u200cرسان  ها \r\n") == "پیام\u200cرسان ها"
    assert clean_display("پيامرسان") == "پيامرسان"  # Arabic yeh stays for display


def test_slug_keeps_words_apart_and_stays_short():
    headline = "فتاحی: فقط در پیام رسان گپ و نوا عضو هستیم / انتظارات در سند حمایتی برآورده نشد"
    slug = slugify_fa(headline)
    assert len(slug) <= 60
    assert slug.startswith("فتاحی-فقط-در-پیام-رسان-گپ")
    assert not slug.endswith("-")
    assert slugify_fa("پیام‌رسان‌های داخلی") == "پیام-رسان-های-داخلی"
    assert slugify_fa("سال ۱۴۰۵") == "سال-1405"


def test_sort_key_is_persian_alphabetical_order():
    names = ["گپ", "کتاب", "ژاله", "زهرا", "چمران", "جواد", "پروین", "بهرام", "ایتا", "Telegram", "یاسر"]
    expected = ["ایتا", "بهرام", "پروین", "جواد", "چمران", "زهرا", "ژاله", "کتاب", "گپ", "یاسر", "Telegram"]
    assert sorted(names, key=sort_key) == expected
    assert sort_key("علي") == sort_key("علی")
