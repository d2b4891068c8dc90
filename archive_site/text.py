"""Persian text, in one place: search keys, digits, slugs and sort keys.

Display text is never rewritten here; a *key* is derived from it and stored
beside it. Every search, link and de-duplication compares keys, so the same
word matches whether it was typed with a ZWNJ, a space or nothing between its
parts, with Arabic or Persian yeh and kaf, with harakat or tatweel, and with
Persian, Arabic-Indic or Latin digits.
"""

import functools
import re
import unicodedata

from django.utils.text import slugify

ZWNJ = "\u200c"

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
LATIN_DIGITS = "0123456789"

_TO_LATIN_DIGITS = str.maketrans(PERSIAN_DIGITS + ARABIC_DIGITS, LATIN_DIGITS * 2)
_TO_PERSIAN_DIGITS = str.maketrans(LATIN_DIGITS + ARABIC_DIGITS, PERSIAN_DIGITS * 2)

# Letters that are written several ways and mean one letter for matching.
_LETTER_FOLDS = {
    "ي": "ی", "ى": "ی", "ئ": "ی", "ې": "ی", "ۍ": "ی",
    "ك": "ک", "ڪ": "ک",
    "ة": "ه", "ۀ": "ه", "ە": "ه", "ھ": "ه",
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ؤ": "و", "ۆ": "و",
    "ء": "",
}
# Characters that join the parts of a word without being a letter: removing
# them joins the parts ("پیام‌رسان" -> "پیامرسان").
_JOINERS = "\u200c\u200d\u00ad\u200b\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u0640"
# Harakat and Quranic marks: U+064B..U+065F, U+0670, U+06D6..U+06ED.
_MARKS = "".join(chr(c) for c in [*range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE)])

_KEY_TABLE = str.maketrans(
    {**_LETTER_FOLDS, **{c: "" for c in _JOINERS + _MARKS}, **dict(zip(PERSIAN_DIGITS + ARABIC_DIGITS, LATIN_DIGITS * 2))}
)
_NON_WORD = re.compile(r"[^\w]+|_+")


@functools.lru_cache(maxsize=8192)
def _fold_char(char):
    """The key form of one character: '' (dropped), ' ' (separator) or letters.

    Cached: a text has few distinct characters, and highlighting a search
    page's snippets folds tens of thousands of them (two thirds of the page's
    time before).
    """
    char = unicodedata.normalize("NFKC", char)
    char = char.translate(_KEY_TABLE).lower()
    return "".join(c if (c.isalnum()) else " " for c in char)


def normalize_key(text):
    """The search/matching key of `text`: folded letters and digits, single spaces.

    >>> normalize_key("پيام‌رسان‌ها") == normalize_key("پیامرسانها")
    True
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).translate(_KEY_TABLE).lower()
    return " ".join(_NON_WORD.sub(" ", text).split())


def normalize_key_with_offsets(text, limit=None):
    """Like `normalize_key`, with, for each key character, the index in `text` it came from.

    Used to highlight matches in the display text, which keeps its own spelling.
    With `limit`, stops once the key has that many characters (a prefix of the whole key).
    """
    key_chars = []
    offsets = []
    pending_space = False
    for index, char in enumerate(text or ""):
        if limit is not None and len(key_chars) >= limit:
            break
        folded = _fold_char(char)
        if folded == "":
            continue
        for out in folded:
            if out == " ":
                pending_space = bool(key_chars)
                continue
            if pending_space:
                key_chars.append(" ")
                offsets.append(index)
                pending_space = False
            key_chars.append(out)
            offsets.append(index)
    return "".join(key_chars), offsets


def key_words(text):
    """The words of the key of `text`."""
    return normalize_key(text).split()


def compound_key(text):
    """Each pair of neighbouring words joined: lets `پیامرسان` find copy that wrote `پیام رسان`."""
    return compound_of_words(key_words(text))


def compound_of_words(words):
    """compound_key() of text whose key words are `words` (for a caller that has the key already)."""
    return " ".join(a + b for a, b in zip(words, words[1:]))


def to_latin_digits(text):
    return str(text).translate(_TO_LATIN_DIGITS)


def to_persian_digits(text):
    return str(text).translate(_TO_PERSIAN_DIGITS)


# Characters no text of the archive may carry: C0 controls but tab and line
# ends, DEL, C1 controls, lone surrogates and Unicode noncharacters (U+FDD0..
# U+FDEF and the last two code points of every plane). XML 1.0 refuses most of
# them, so one in a headline would break every feed that carries it.
_LINE_BREAKING_CONTROLS = {"\x0b": "\n", "\x0c": "\n", "\x1c": "\n", "\x1d": "\n", "\x1e": "\n",
                           "\x85": "\n", "\u2028": "\n", "\u2029": "\n"}
_UNSAFE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
    + "]"
)
_LINE_BREAKS = re.compile("[" + "".join(_LINE_BREAKING_CONTROLS) + "]")


def strip_unsafe_chars(text):
    """`text` with what no output can carry removed: the one door every text passes (import, admin, API).

    Vertical tab, form feed and the other separators that Word and old wire
    systems write for a line break become a newline; other control characters,
    lone surrogates and noncharacters are dropped. Tab, newline and CR stay.
    """
    if not text or not isinstance(text, str):
        return text
    text = _LINE_BREAKS.sub("\n", text)
    return _UNSAFE.sub("", text)


def clean_display(text):
    """Tidy display text without changing its spelling: unsafe characters, doubled ZWNJs, stray spaces, CRs."""
    if not text:
        return ""
    text = strip_unsafe_chars(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = re.sub(f"{ZWNJ}{{2,}}", ZWNJ, text)
    text = re.sub(f" *{ZWNJ} *", ZWNJ, text)
    text = re.sub(r"[ \t\u00a0]+", " ", text)
    return "\n".join(line.strip() for line in text.split("\n")).strip()


def slugify_fa(text, max_length=60):
    """A readable unicode slug: ZWNJ and spaces become '-', cut at a word boundary.

    The numeric id carries identity in URLs, so the slug only has to read well.
    """
    text = (text or "").translate(_TO_LATIN_DIGITS)
    text = re.sub(f"[{ZWNJ}\u200d]", "-", text)
    text = "".join(c for c in unicodedata.normalize("NFKC", text) if c not in _MARKS and c != "\u0640")
    slug = slugify(text, allow_unicode=True)
    slug = re.sub(r"-{2,}", "-", slug).strip("-")
    if len(slug) > max_length:
        cut = slug[:max_length]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return slug


# Persian alphabetical order. Code-point order puts پ چ ژ گ after ی; this
# puts each letter where a Persian dictionary does.
_PERSIAN_ALPHABET = "اآبپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
_SORT_RANK = {letter: index for index, letter in enumerate(_PERSIAN_ALPHABET)}


def sort_key(text):
    """A string whose code-point order is Persian alphabetical order, on any database.

    Persian letters come first (as ASCII-range ranks), then digits and Latin letters.
    """
    key = normalize_key(text)
    out = []
    for char in key:
        if char in _SORT_RANK:
            out.append(chr(0x21 + _SORT_RANK[char]))  # '!'..'@': before digits and Latin
        elif char == " ":
            out.append(" ")
        else:
            out.append(char)
    return "".join(out)[:255]


def surname_sort_key(name, surname=""):
    """A sort key by surname, then the whole name: «حمید فتاحی» files under ف.

    `surname` as editors gave it, or else the last word of the name (Persian
    names put the surname last; a compound surname needs it given).
    """
    words = (name or "").split()
    surname = (surname or "").strip() or (words[-1] if words else "")
    return f"{sort_key(surname)} {sort_key(name)}"[:255]


def sort_initial(key):
    """The Persian letter (or other character) a `sort_key` begins with, for an alphabet index."""
    if not key:
        return ""
    rank = ord(key[0]) - 0x21
    return _PERSIAN_ALPHABET[rank] if 0 <= rank < len(_PERSIAN_ALPHABET) else key[0].upper()


def initial_prefix(letter):
    """The `sort_key` prefix of keys beginning with `letter` (the inverse of `sort_initial`)."""
    return sort_key(letter)[:1]
