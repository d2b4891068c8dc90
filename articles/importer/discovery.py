"""People, organizations and roles that wire copy names, found from the patterns of the language.

Pure: text in, findings out, no database. The archive's own names are linked
elsewhere (linking.AliasIndex); this module finds the ones it does not know
yet, so that editors can accept them as suggestions.

The patterns read (each a pattern of Persian news writing, not of one text):

- a person is a given name (from the gazetteer in lexicon.given_names) with a
  surname after it: «حمید فتاحی», «سید محمدرضا موالی‌زاده», optionally after
  titles («دکتر», «حجت‌الاسلام», «سردار»); a martyr's name («شهید …») is a
  memorial, not a speaker, and is left out;
- a role is the phrase after the name between commas («X، معاون وزیر …، گفت»)
  or the role phrase right before it («سرمربی تیم فوتبال X فراز کمالوند»);
- an organization is a head word («وزارت», «شرکت», «باشگاه» …) and the name
  words after it, up to a stop word, a verb or punctuation; «و» continues the
  name only between the paired nouns of one field («ارتباطات و فناوری اطلاعات»).
"""

import functools
import re
from dataclasses import dataclass, field

from archive_site.text import normalize_key
from articles.importer import lexicon as lx

_TOKEN = re.compile(r"[\w\u200c\u064b-\u065f\u0670\u0640]+|[^\s\w\u200c]")
_SENTENCE_END = re.compile(r"(?<=[.!؟?])\s+|\n+")
_LATIN_OR_DIGIT = re.compile(r"^[\dA-Za-z_]+$")
_SAID_KEYS = tuple(tuple(normalize_key(verb).split()) for verb in lx.SAID_VERBS)
# Places named after people: «خیابان شهید بهشتی», «ورزشگاه امام رضا»; the name there is no person.
_PLACE_HEADS = lx.keys(
    "خیابان", "میدان", "بزرگراه", "بلوار", "کوچه", "ورزشگاه", "استادیوم", "سالن", "بیمارستان", "دانشگاه", "مدرسه",
    "دبیرستان", "هنرستان", "مسجد", "فرودگاه", "بندر", "شهرک", "پایگاه", "پادگان", "پل", "تونل", "سد", "پارک", "باغ",
    "مجتمع", "مجموعه", "حسینیه", "تالار", "فرهنگسرای", "فرهنگسرا", "کتابخانه", "موزه", "پردیس", "خوابگاه", "اتوبان",
    "جاده", "ایستگاه", "مترو", "ناو", "ناوشکن", "موشک", "عملیات", "جشنواره", "جایزه", "یادواره", "کنگره", "همایش",
    "مسابقات", "جام", "لیگ", "تورنمنت", "بنیاد", "موسسه", "مؤسسه", "انتشارات", "نشر", "شرکت", "باشگاه", "گروه",
    "مرکز", "سازمان", "حوزه", "آرامگاه", "مقبره", "حرم", "امامزاده", "مزار", "گلزار", "بیت", "منزل", "کوی", "محله",
    "شهرستان", "روستای", "روستا", "شهر", "استان", "بخش", "دهستان", "منطقه",
)
_SURNAME_ENDINGS = ("ی", "یان", "زاده", "پور", "نیا", "فر", "راد", "وند", "نژاد", "لو", "کیا", "مقدم", "آبادی", "نی", "ها",
                    "پوری", "یی", "وی", "دی", "ری", "ان", "ده", "زی")


@dataclass(frozen=True)
class Token:
    text: str
    key: str
    start: int
    end: int

    @property
    def is_word(self):
        return bool(self.key) and not _LATIN_OR_DIGIT.match(self.key)


def tokenize(text):
    return list(_tokens(text))


@functools.lru_cache(maxsize=1024)
def _tokens(text):
    """A sentence's tokens, cached: people, surnames and organizations each read every sentence of the copy."""
    return tuple(Token(raw, _token_key(raw), match.start(), match.end())
                 for match in _TOKEN.finditer(text) for raw in (match.group(0),))


@functools.lru_cache(maxsize=65536)
def _token_key(raw):
    """A word's key, cached: copy repeats its words, and folding them is most of tokenizing."""
    return normalize_key(raw).replace(" ", "")


def sentences(paragraphs):
    """(paragraph index, sentence) pairs."""
    for number, paragraph in enumerate(paragraphs):
        for sentence in _SENTENCE_END.split(paragraph):
            if sentence.strip():
                yield number, sentence


@dataclass
class FoundPerson:
    name: str
    key: str
    role: str = ""
    evidence: str = ""
    titled: bool = False  # written with a title («دکتر», «سردار» …)
    speaks: bool = False  # the subject of a verb of saying somewhere in the copy
    speech: list = field(default_factory=list)  # the sentences in which they speak


@dataclass
class FoundOrganization:
    name: str
    key: str
    evidence: str = ""
    canonical: str = ""  # the key it is known by: a well-known name (gazetteer) or its own
    well_known: bool = False  # named in the gazetteer («استقلال» and «استقلال خوزستان» are two clubs)


@dataclass
class Findings:
    people: list = field(default_factory=list)
    organizations: list = field(default_factory=list)

    def person(self, key):
        return next((p for p in self.people if p.key == key), None)


# --- people -------------------------------------------------------------------------

def _is_name_word(token):
    key = token.key
    return (
        token.is_word and len(key) >= 2 and key not in lx.FUNCTION_WORDS and key not in lx.NOT_SURNAME
        and key not in lx.ROLE_HEADS and key not in lx.ORG_HEADS and key not in lx.HONORIFICS
        and not key.startswith(("می", "نمی")) or (token.is_word and key in lx.SURNAME_SUFFIX_WORDS)
    )


# Words this common in Persian are words first; a surname is rarer (wordfreq's Zipf scale).
SURNAME_MAX_ZIPF = 4.4
# Below this a surname is no everyday word at all: with a given name before it, it names someone.
RARE_ZIPF = 2.5
# A given name this rare as a word, before a surname this rare, is a name without more evidence.
TYPICAL_GIVEN_ZIPF = 3.8
TYPICAL_SURNAME_ZIPF = 4.2
# A surname standing alone must be rarer still: «صالح» or «ظریف» alone are words first.
SURNAME_ONLY_MAX_ZIPF = 3.6
_PLURAL_ENDINGS = ("ها", "های", "هایی", "ات")
# Verb and possessive endings («آماده‌ایم», «تلاشمان»): a word of a sentence, not a surname.
_PERSONAL_ENDINGS = ("ایم", "اید", "اند", "مان", "تان", "شان", "یم", "ید")


_zipf = lx.zipf


GIVEN_NAME_WORD_ZIPF = 4.5
_HARAKAT = re.compile("[\u064b-\u0652]")


def _not_a_name_word(token):
    """«نشوند», «۱۲۹کیلومتر», «إلا», «حُسن»: a verb, a word with digits, Arabic with its vowel marks or
    a hamza under alef is no Persian surname as wire copy writes one."""
    key = token.key
    return (_is_verb(key) or any(c.isdigit() for c in key) or bool(_HARAKAT.search(token.text))
            or token.text.startswith(("إ", "أ")))


def _is_verb_form(key):
    """«باخته‌اند», «رفته‌ایم»: a verb with its person, never a surname."""
    return key.endswith(_PERSONAL_ENDINGS) and len(key) > 4 or key in lx.LIGHT_VERBS


def _plausible_surname(tokens):
    """Whether the words after a given name can be a surname rather than the words of a sentence.

    A surname is one of: a rare word, a given name made an adjective
    («محمدی», «کریمی»), a word with a surname ending («…زاده», «…پور»), or
    two words. A plural or a common word («برگزاری», «اجتماعی») is not.
    """
    first = tokens[0]
    raw = first.text.replace("‌", "")
    if any(_not_a_name_word(t) for t in tokens):
        return False
    if len(tokens) > 1:
        return True
    if first.key.endswith(_STRONG_SURNAME_ENDINGS) and len(first.key) >= 5:
        return True
    if "‌" in first.text and first.text.split("‌")[-1] in ("ها", "های", "هایی", "ای", "ی"):
        return False
    if first.key.endswith("ی") and first.key[:-1] in lx.given_names():
        return True
    if first.key.endswith(_PLURAL_ENDINGS) and len(first.key) > 4 or first.key.endswith(_PERSONAL_ENDINGS):
        return False
    return _zipf(first.text) < SURNAME_MAX_ZIPF and _zipf(raw) < SURNAME_MAX_ZIPF


_SECOND_HALVES = lx.keys("الدین", "الله")

_SAID_BY_FIRST = {}
for _verb in _SAID_KEYS:
    _SAID_BY_FIRST.setdefault(_verb[0], []).append(_verb)
del _verb


def _said_at(tokens, position):
    if position >= len(tokens):
        return False
    verbs = _SAID_BY_FIRST.get(tokens[position].key)  # read only the verbs that start with this word
    if not verbs:
        return False
    keys = tuple(t.key for t in tokens[position:position + 3])
    return any(keys[: len(verb)] == verb for verb in verbs)


def _person_at(tokens, i):
    """(end, name tokens, titled, martyr) for a person named from tokens[i], or None."""
    given = lx.given_names()
    j, titled, martyr = i, False, False
    while j < len(tokens) and (tokens[j].key in lx.HONORIFICS or tokens[j].key in lx.SAYYID or tokens[j].key == lx.MARTYR):
        if tokens[j].key in given and j + 1 < len(tokens) and tokens[j + 1].key not in given and (
            tokens[j + 1].key not in lx.HONORIFICS
        ):
            break  # «امیر قلعه‌نویی»: a title that is also a given name, before a surname
        titled = titled or tokens[j].key in lx.HONORIFICS
        martyr = martyr or tokens[j].key == lx.MARTYR
        j += 1
    name_start = j
    # «سید» is part of the name as written; other titles are not.
    while name_start > i and tokens[name_start - 1].key in lx.SAYYID:
        name_start -= 1
    if j >= len(tokens) or tokens[j].key not in given:
        return None
    j += 1
    # A second given name («محمد رضا», «علی اکبر») when a surname still follows it.
    if j + 1 < len(tokens) and tokens[j].key in lx.SECOND_GIVEN_NAMES and _is_name_word(tokens[j + 1]):
        j += 1
    surname = []
    while j < len(tokens) and len(surname) < 3 and _is_name_word(tokens[j]):
        key = tokens[j].key
        if surname and key not in lx.SURNAME_SUFFIX_WORDS:
            # A second surname word («توکل صدیقی») only where the name clearly ends after it.
            # «گل محمدی»: or a patronymic after a short first word.
            if len(surname) > 1 or not (_strong_close(tokens, j + 1) and key.endswith(_SURNAME_ENDINGS) and (
                _zipf(tokens[j].text) < SURNAME_MAX_ZIPF or key.endswith("ی") and key[:-1] in given
            )):
                break
        surname.append(tokens[j])
        j += 1
    given_token = tokens[j - len(surname) - 1] if surname else None
    # «جان اسپیرو»: a foreign given name vouches for the word after it, unless the given name is
    # first of all a Persian word («جان باخته‌اند») and the word after it cannot be a surname.
    foreign = bool(surname) and given_token.key in lx.FOREIGN_GIVEN_NAMES and (
        _zipf(given_token.text) < GIVEN_NAME_WORD_ZIPF or not _is_verb_form(surname[-1].key))
    if not surname or not (titled or foreign or _plausible_surname(surname)):
        return None
    return j, tokens[name_start:j], titled, martyr


def _strong_close(tokens, position):
    """A name surely ends before tokens[position]: punctuation, a verb of saying, a role word or the end."""
    if position >= len(tokens):
        return True
    token = tokens[position]
    return not token.is_word or token.key in lx.ROLE_HEADS or _said_at(tokens, position) or token.key in ("در", "با", "که", "نیز", "هم")


def _text(sentence, tokens):
    return sentence[tokens[0].start:tokens[-1].end]


def _role_after(sentence, tokens, end):
    """«X، معاون وزیر ارتباطات، گفت», «یحیی توره بازیکن تیم …»: the role after the name, between commas or in apposition."""
    if end < len(tokens) and tokens[end].key in lx.ROLE_HEADS and tokens[end].key not in ("امام", "استاد", "ستاره"):
        stop = end
        while stop < len(tokens) and stop - end <= 12 and tokens[stop].text not in "،,.:؛()«»" and not _role_ends(tokens, stop, end):
            stop += 1
        return _text(sentence, tokens[end:stop])
    if end + 1 < len(tokens) and tokens[end].text in "،," and tokens[end + 1].key in lx.ROLE_HEADS:
        stop = end + 1
        while stop < len(tokens) and stop - end <= 14 and tokens[stop].text not in "،,.:؛()«»" and not _role_ends(tokens, stop, end + 1):
            stop += 1
        return _text(sentence, tokens[end + 1:stop])
    if end + 1 < len(tokens) and tokens[end].text == "(" and tokens[end + 1].key in lx.ROLE_HEADS:
        stop = end + 1
        while stop < len(tokens) and tokens[stop].text != ")" and stop - end <= 14:
            stop += 1
        return _text(sentence, tokens[end + 1:stop])
    return ""


_ROLE_ENDS = lx.keys("به", "با", "را", "که", "نیز", "هم", "طی", "ضمن", "پس", "پیش", "برای", "درباره", "امروز", "دیروز",
                    "امشب", "صبح", "ظهر", "عصر", "شب", "روز", "اخیرا", "اخیراً", "همچنین", "ضمنا")


def _role_ends(tokens, position, start):
    """Where a role written without a closing comma ends: a verb of saying or any verb, the words that
    open the rest of the clause («… به خبرنگار فارس گفت», «… در نشست خبری با خبرنگاران …»), or «و»
    before another person («… و سید فرید موسوی عضو …»). «در» stays: «سفیر ایران در روسیه»."""
    token = tokens[position]
    key = token.key
    if _said_at(tokens, position) or key in _ROLE_ENDS or _is_verb(key) or key in lx.PREDICATIVES:
        return True
    if key == "در" and position + 1 < len(tokens) and tokens[position + 1].key in lx.keys("نشست", "جلسه", "گفت‌وگو", "گفتگو", "مراسم", "حاشیه", "پایان", "ادامه", "این", "آن"):
        return True
    if key == "و" and position + 1 < len(tokens) and (_person_at(tokens, position + 1) or tokens[position + 1].key in lx.SAYYID):
        return True
    return position > start and position + 1 < len(tokens) and _is_verb(tokens[position + 1].key) and key not in lx.PLACES


def _role_before(sentence, tokens, start):
    """«سرمربی تیم فوتبال X فراز کمالوند»: the role phrase right before the name, in the same clause."""
    j = start - 1
    if j > 0 and tokens[j].text in "،,":
        j -= 1  # «مجری سیما، احسان علیخانی»
    while j >= 0 and start - j <= 10:
        token = tokens[j]
        if not token.is_word and token.text not in "-–" and j != start - 2:
            return ""
        if token.key in lx.ROLE_HEADS:
            while j > 0 and tokens[j - 1].key in lx.ROLE_HEADS:
                j -= 1
            if j > 0 and tokens[j - 1].key in ("گزارش", "نقل"):
                return ""  # «به گزارش خبرنگار گروه X، Y»: the dateline's credit, not Y's role
            end = start - 1 if tokens[start - 1].text in "،," else start
            return _text(sentence, tokens[j:end])
        if token.key in lx.FUNCTION_WORDS and token.key not in _ROLE_WORDS:
            return ""
        j -= 1
    return ""


# Words the name lists keep out of names that roles are made of: «سرمربی تیم ملی», «وزیر سابق», «معاون اول».
_ROLE_WORDS = lx.keys("و", "تیم", "باشگاه", "ملی", "سابق", "اسبق", "پیشین", "فعلی", "کنونی", "جدید", "وقت", "موقت",
                      "اول", "دوم", "سوم", "نخست") | lx.ORG_HEADS


_STRONG_SURNAME_ENDINGS = ("زاده", "پور", "نیا", "فر", "راد", "وند", "نژاد", "یان", "لو", "کیا", "مقدم", "فرد", "منش", "پناه",
                           "خواه", "نسب", "زادگان", "آبادی")
_MANNER = lx.keys("اشاره", "بیان", "تاکید", "تأکید", "ابراز", "اعلام", "انتقاد", "تشریح", "یادآوری", "حضور")


@dataclass
class _Candidate:
    key: str
    name: str
    sentence: str
    sentence_number: int
    start: int  # token positions in the sentence
    end: int
    surname_key: str
    titled: bool
    role: str
    evidence: bool  # a title, a role, a verb of saying or a surname that can only be one
    speaks: bool = False


def _patronymic(candidate):
    """A surname made of a given name («مجیدی», «حیدری», «محمدپور»): the commonest kind of Iranian surname."""
    last = normalize_key(candidate.name.split()[-1])
    for ending in ("ی", "پور", "زاده", "نیا", "نژاد", "فر", "یان"):
        if last.endswith(ending) and last[: -len(ending)] in lx.given_names() and len(last) - len(ending) >= 3:
            return True
    return False


def _typical_name(candidate):
    """A common given name before a word that is rare as a word: «بابک حاتمی» needs no more evidence."""
    words = candidate.name.split()
    given = normalize_key(words[-2]) if len(words) >= 2 else ""
    typical_given = given in lx.COMMON_GIVEN_NAMES or (given in lx.given_names() and _zipf(words[-2]) < TYPICAL_GIVEN_ZIPF)
    return typical_given and _zipf(words[-1]) < TYPICAL_SURNAME_ZIPF


def _clause_says(tokens, start):
    """Whether the sentence goes on from `start` to a verb of saying before any colon («… در نشستی مشترک گفت:»)."""
    for position in range(start, len(tokens)):
        if tokens[position].text in ":«":
            return False
        if _said_at(tokens, position):
            return True
    return False


def _said_after(tokens, end):
    if _said_at(tokens, end):
        return True
    if end < len(tokens) and tokens[end].key in ("نیز", "هم", "همچنین") and _said_at(tokens, end + 1):
        return True
    return end + 1 < len(tokens) and tokens[end].key == "با" and tokens[end + 1].key in _MANNER


def find_people(paragraphs):
    """FoundPerson for each distinct person the copy names in full, in order of first mention.

    A given name and a surname make a candidate; it is taken when the copy
    gives evidence that it names a person: a title, a role beside it, a verb
    of saying after it, a surname that only a surname can be («…زاده»,
    «…پور»), the surname standing alone elsewhere in the copy, or a place in
    a list beside a name already taken.
    """
    candidates = []
    standalone = {}
    for number, sentence in sentences(paragraphs):
        tokens = tokenize(sentence)
        for position, token in enumerate(tokens):
            # A surname standing alone as the subject of a verb of saying («کمالوند گفت»).
            if _said_after(tokens, position + 1) or (position and tokens[position - 1].key in lx.HONORIFICS):
                standalone[token.key] = standalone.get(token.key, 0) + 1
        i = 0
        while i < len(tokens):
            if i > 0 and tokens[i - 1].key in _PLACE_HEADS:
                i += 1
                continue
            hit = _person_at(tokens, i)
            if hit is None:
                i += 1
                continue
            end, name_tokens, titled, martyr = hit
            if name_tokens[0].key in _SECOND_HALVES and i and tokens[i - 1].is_word \
                    and tokens[i - 1].key not in lx.FUNCTION_WORDS and tokens[i - 1].key not in lx.ROLE_HEADS:
                # «زین الدین زیدان», «عبد الله …»: «الدین» and «الله» end a given name, never open one
                i -= 1
                name_tokens = [tokens[i], *name_tokens]
            if martyr:
                i = end  # a martyr in a memorial's name is not a speaker
                continue
            name = _text(sentence, name_tokens)
            role = _role_after(sentence, tokens, end) or _role_before(sentence, tokens, i)
            surname_key = name_tokens[-1].key
            foreign = any(t.key in lx.FOREIGN_GIVEN_NAMES for t in name_tokens[:-1]) and _zipf(name_tokens[-1].text) < 5
            # «فرهاد نوری مقدم»: a surname of two words, the second a surname word, is one.
            two_word = len(name_tokens) >= 3 and name_tokens[-1].key in lx.SURNAME_SUFFIX_WORDS
            evidence = (titled or foreign or two_word or bool(role) or _said_after(tokens, end)
                        or (surname_key.endswith(_STRONG_SURNAME_ENDINGS) and len(surname_key) >= 5))
            speaks = _said_after(tokens, end) or (bool(_role_after(sentence, tokens, end)) and _clause_says(tokens, end))
            candidates.append(_Candidate(normalize_key(name), name, sentence.strip(), number, i, end, surname_key,
                                         titled, role, evidence, speaks))
            i = end
        # The subject of a sentence that reports speech: «X در نشستی مشترک با … گفت».
        in_sentence = [c for c in candidates if c.sentence == sentence.strip() and c.sentence_number == number]
        if in_sentence and _clause_says(tokens, in_sentence[0].end):
            in_sentence[0].evidence = in_sentence[0].speaks = True
    # The surname alone elsewhere as a speaker («… کمالوند افزود»): the copy treats it as a name.
    # A full name the copy repeats, or whose surname is a word the language hardly uses otherwise.
    repeated = {}
    for candidate in candidates:
        repeated[candidate.key] = repeated.get(candidate.key, 0) + 1
    for candidate in candidates:
        if (standalone.get(candidate.surname_key, 0) and len(candidate.surname_key) >= 3) or repeated[candidate.key] > 1:
            candidate.evidence = True
        elif _zipf(candidate.name.split()[-1]) < RARE_ZIPF or _typical_name(candidate) or _patronymic(candidate):
            candidate.evidence = True
    accepted_keys = {c.key for c in candidates if c.evidence}
    # Lists: «فریده شهبازی، ابوالفضل همتی و محمدعلی بنی اسدی».
    changed = True
    while changed:
        changed = False
        for a in candidates:
            if a.key in accepted_keys:
                continue
            for b in candidates:
                # Names side by side, or with one «،» or «و» between them (a line-up).
                if b.key in accepted_keys and b.sentence_number == a.sentence_number and b.sentence == a.sentence and (
                    0 <= a.start - b.end <= 1 or 0 <= b.start - a.end <= 1
                ):
                    accepted_keys.add(a.key)
                    changed = True
                    break
    found = {}
    for candidate in candidates:
        if candidate.key not in accepted_keys:
            continue
        person = found.get(candidate.key)
        if person is None:
            person = found[candidate.key] = FoundPerson(name=candidate.name, key=candidate.key, role=candidate.role,
                                                        evidence=candidate.sentence, titled=candidate.titled)
        elif candidate.role and not person.role:
            person.role = candidate.role
        person.speaks = person.speaks or candidate.speaks
        if candidate.speaks:
            person.speech.append(candidate.sentence)
    people = _drop_partial_names(list(found.values()))
    return people + _surname_speakers(paragraphs, people)


def _surname_speakers(paragraphs, people):
    """People the copy names by surname only, where it says they are people.

    «سرمربی استقلال، کی‌روش گفت», «آقای امیرآبادی افزود», «فرکی گفت: …»:
    a word that is rare as a word, right after a role or a title, or as the
    first word of a clause whose verb is one of saying.
    """
    known = {p.key.split()[-1] for p in people} | {w for p in people for w in p.key.split()}
    by_surname = {}
    for person in people:
        by_surname.setdefault(person.key.split()[-1], []).append(person)
    found = {}
    for _, sentence in sentences(paragraphs):
        tokens = tokenize(sentence)
        for position, token in enumerate(tokens):
            key = token.key
            named = by_surname.get(key, [])
            if len(named) == 1 and token.is_word and _speaks_by_surname(sentence, tokens, position):
                # «قدیانی، مدیر انتشارات قدیانی، گفت»: the person named in full elsewhere speaks here.
                named[0].speaks = True
                named[0].speech.append(sentence.strip())
            if (not token.is_word or key in known or key in found or len(key) < 3 or key in lx.given_names()
                    or key in lx.FUNCTION_WORDS or key in lx.ROLE_HEADS or key in lx.ORG_HEADS or key in lx.NOT_SURNAME
                    or key in lx.HONORIFICS or key.endswith(_PERSONAL_ENDINGS) or _zipf(token.text) >= SURNAME_ONLY_MAX_ZIPF):
                continue
            previous = tokens[position - 1] if position else None
            titled = previous is not None and previous.key in lx.HONORIFICS and previous.key not in lx.SAYYID
            clause_start = previous is None or not previous.is_word
            # After a role only across a comma: «سخنگوی کرملین گفت» names a body, «سرمربی تیم، کی‌روش گفت» a man.
            role = _role_before(sentence, tokens, position) if previous is not None and previous.text in "،," else ""
            speaks = _said_after(tokens, position + 1)
            # a surname's shape: «…پور», «…زاده», or an adjective in «ی» («الهامی»), not a plural («هشدارها»)
            surname_shape = key.endswith(_STRONG_SURNAME_ENDINGS) or key.endswith("ی") and not key.endswith(("های", "هایی"))
            listed = (surname_shape and not _not_a_name_word(token)
                      and _listed_beside(tokens, position, by_surname))
            if titled or (speaks and (clause_start or role)) or listed:
                found[key] = FoundPerson(name=token.text.strip("\u200c"), key=key, role=role, evidence=sentence.strip(),
                                         titled=titled, speaks=speaks, speech=[sentence.strip()] if speaks else [])
            elif key in found and _said_after(tokens, position + 1):
                found[key].speech.append(sentence.strip())
    return list(found.values())


def _listed_beside(tokens, position, surnames):
    """«مرفاوی، الهامی و …», «سپهر حیدری و محمدپور»: a surname in a list beside one of a person the
    copy names in full (one «،» or «و» between)."""
    for step in (-1, 1):
        separator, other = position + step, position + 2 * step
        if 0 <= other < len(tokens) and (tokens[separator].key == "و" or tokens[separator].text in "،,") \
                and tokens[other].key in surnames:
            return True
    return False


def _speaks_by_surname(sentence, tokens, position):
    """A surname opening a clause (or after a title) whose verb is one of saying, directly or after «، role،»."""
    previous = tokens[position - 1] if position else None
    if not (previous is None or not previous.is_word or previous.key in lx.HONORIFICS):
        return False
    if _said_after(tokens, position + 1):
        return True
    return bool(_role_after(sentence, tokens, position + 1)) and _clause_says(tokens, position + 1)


def _drop_partial_names(people):
    """«علی دایی» and «علی دایی‌نژاد» are not two people when one name is the other's start and both stand in the copy."""
    keys = {p.key.replace(" ", "") for p in people}
    return [p for p in people if not any(k != p.key.replace(" ", "") and k.startswith(p.key.replace(" ", "")) and len(k) - len(p.key.replace(" ", "")) <= 4 for k in keys)]


# --- organizations ------------------------------------------------------------------

_VERB_ENDINGS = ("اند", "ایم", "اید", "ام", "ای", "ند", "یم", "ید", "م")


def _is_verb(key):
    """A verb or auxiliary, negated or not, with its person («شد», «نکرد», «نیستند», «کرده‌اند»)."""
    if not key:
        return False
    if key.endswith(_INFINITIVES):
        return True
    stem = key[1:] if key.startswith("ن") and key[1:] in lx.LIGHT_VERBS else key
    return (stem in lx.LIGHT_VERBS or any(key.endswith(e) and key[:-len(e)] in lx.LIGHT_VERBS for e in _VERB_ENDINGS)
            or key.startswith(("نمی", "می")) and len(key) > 4 or key in ("کنندگان", "دهندگان"))


def _name_word(key):
    return key not in lx.FUNCTION_WORDS and key not in lx.ORG_STOP and key not in lx.ORG_HEADS and not _is_verb(key)


def _comma_list_in_name(tokens, j):
    """«وزارت صنعت، معدن و تجارت»: a comma inside a name, in a list of single nouns closed by «و»."""
    return (j + 3 < len(tokens) and tokens[j + 1].is_word and _name_word(tokens[j + 1].key)
            and tokens[j + 2].key == "و" and tokens[j + 3].is_word and _name_word(tokens[j + 3].key))


def _org_at(tokens, i):
    """(end, name tokens) of an organization whose head is tokens[i], or None."""
    head = tokens[i].key
    if head not in lx.ORG_HEADS or head in lx.NOT_ORG_HEADS or tokens[i].text.endswith(("‌ها", "‌های", "‌هاي")):
        return None  # plural heads («سازمان‌های …») name kinds of bodies, not one
    if i and (tokens[i - 1].key in lx.COUNTING_WORDS or any(c.isdigit() for c in tokens[i - 1].key)):
        return None  # «چهار شرکت بزرگ کشور», «یک شرکت ماشین‌سازی», «۱۰۰ سازمان»: kinds of body, counted
    if i + 1 < len(tokens) and f"{head} {tokens[i + 1].key}" in lx.ORGANS:
        return None  # «هیئت مدیره انجمن …», «شورای مرکزی حزب»: an organ of the body named next
    if head in lx.DESK_HEADS and i and tokens[i - 1].key in lx.DESK_HEADS:
        return None  # «خبرنگار گروه استان‌های ایرنا»: an agency's desk in a credit
    if i > 1 and tokens[i - 1].key == "و" and (tokens[i - 2].key in lx.ORG_AND_PAIRS or head in lx.VERBAL_ORG_HEADS):
        return None  # «حفظ آثار و نشر ارزش‌ها»: the second noun of a pair inside a longer name
    j = i + 1
    words = 0
    closed_by_place = False
    while j < len(tokens) and words < 8:
        token = tokens[j]
        key = token.key
        if key == "و" or (token.text in "،," and words and _comma_list_in_name(tokens, j)):
            # «غذا و دارو», «صنعت، معدن و تجارت», «ارتباطات و فناوری اطلاعات»: nouns of one name. A «و»
            # that starts a new clause (a verb soon after, another body, a person) ends the name.
            following = tokens[j + 1] if j + 1 < len(tokens) else None
            pair = key == "و" and following is not None and tokens[j - 1].key in lx.ORG_AND_PAIRS and following.key in lx.ORG_AND_PAIRS
            if pair or words and following is not None and following.is_word and _name_word(following.key) and not (
                j + 2 < len(tokens) and _is_verb(tokens[j + 2].key)
            ) and following.key not in lx.ROLE_HEADS and not _opens_predicate(tokens, j + 1) and not (_person_at(tokens, j + 1)) and not (
                j + 2 < len(tokens) and tokens[j + 2].key in lx.ROLE_HEADS  # «… و قربانی مدیرکل …»: a person and a role
            ):
                j += 1  # «آموزش و پرورش», «صنعت، معدن و تجارت»: one name
                continue
            break
        if not token.is_word:
            if token.text in "-–" and j + 1 < len(tokens) and tokens[j + 1].is_word and words:
                j += 1  # «فولاد - مبارکه»
                continue
            break
        if key == "با" and tokens[j - 1].key == "مبارزه":
            j += 1  # «پلیس مبارزه با مواد مخدر»
            continue
        if key == "از" and words and j + 1 < len(tokens) and tokens[j + 1].is_word and (
                tokens[j + 1].key in lx.ORG_AND_PAIRS
                or tokens[j - 1].key in lx.GOVERNS_AZ and words <= 2 and _name_word(tokens[j + 1].key)):
            j += 1  # «جمعیت علمی پیشگیری از خودکشی»
            continue
        following = tokens[j + 1].key if j + 1 < len(tokens) else ""
        place_end = _place_end(tokens, j)
        if place_end is not None:
            # «… استان فارس», «… خراسان رضوی», «… جمهوری اسلامی ایران»: the place closes the name.
            words += place_end - j
            j = place_end
            closed_by_place = True
            break
        if _opens_predicate(tokens, j) or words >= 2 and _object_of_subject(tokens, i, j):
            break
        if words and _indefinite(token, strict=True):
            break  # «وزارت ورزش و جوانان پاسخی نداد»: «an answer», not a name word
        if key == lx.MARTYR and words and j + 1 < len(tokens) and tokens[j + 1].is_word:
            # «دانشگاه علوم پزشکی شهید بهشتی», «پایگاه … شهید رجایی»: a memorial name closes the name
            end = j + 2
            if end < len(tokens) and tokens[end].is_word and _name_word(tokens[end].key) and _zipf(tokens[end].text) < 4.0 \
                    and tokens[end].key not in lx.PLACES:
                end += 1
            words += end - j
            j = end
            break
        after_and = tokens[j - 1].key == "و"  # «آموزش و پرورش است»: the pair was checked when «و» was taken
        if (key in lx.ORG_STOP or any(c.isdigit() for c in key) or key in lx.LIGHT_VERBS or key in lx.TIME_WORDS
                or _is_verb(following) and not after_and or _is_verb(key)
                or key in lx.FUNCTION_WORDS and key not in ("ملی",)
                or key.startswith(("می", "نمی")) and len(key) > 4 or _said_at(tokens, j) or key.endswith(_PERSONAL_ENDINGS)
                or words and _person_at(tokens, j) is not None and not _everyday_word(tokens[j])):
            break
        # «کمیته واگذاری باشگاه نفت», «معاونت فرهنگی وزارت ارشاد»: a body of a body runs on.
        j += 1
        words += 1
    while j > i + 1 and (tokens[j - 1].key == "و" or not tokens[j - 1].is_word):
        j -= 1  # «وزارت ورزش و احضار …»: a «و» the name did not take
    name_words = [t for t in tokens[i + 1:j] if t.is_word]
    if not name_words or tokens[j - 1].text.endswith(("‌های", "‌هاي", " های")) and j - 1 > i + 1:
        return None  # «… و استان‌های»: a plural in the ezafe ends no name, the phrase was cut
    if all(t.key in lx.PLACE_OPENERS or t.key in lx.PLACE_QUALIFIERS for t in name_words):
        return None  # «بیمه کشور», «شرکت سرمایه‌گذاری استان» is not one: the country's, the province's …
    if head in lx.PLACE_ONLY_NOT_BODY and all(t.key in lx.PLACES or t.key in lx.PLACE_OPENERS or t.key in lx.PLACE_QUALIFIERS for t in name_words):
        return None  # «مرکز خوزستان» (its capital), «تیم آمریکا» (a country's team), «فدراسیون روسیه»
    if head in lx.WEAK_ORG_HEADS and not _weak_head_names_body(tokens, i, j, closed_by_place):
        return None
    return j, tokens[i:j]


def _weak_head_names_body(tokens, i, end, closed_by_place):
    """Whether «شرکت …», «تیم …», «حوزه …» names a body rather than an ordinary phrase («حوزه رفتاری»).

    A rare word in it does («کمیسیون تلفیق»), and so does a role before it («مدیرعامل شرکت توزیع
    نیروی برق مشهد», «سرمربی تیم ملی»); an official head with two name words or a place that
    closes it («شرکت ملی گاز ایران», «مرکز آمار ایران», «شورای عالی کار») does too.
    """
    name_words = [t for t in tokens[i + 1:end] if t.is_word]
    head = tokens[i].key
    if head in lx.PHRASE_ORG_HEADS and _indefinite(name_words[-1]):
        return False  # «تیم قدرتمندی», «جمعیت نمازگزارانی که …»: a team, a crowd
    if head in lx.SUBUNIT_HEADS and i and tokens[i - 1].key in lx.ROLE_HEADS:
        # «رئیس حوزه هنری کرج»: a branch named with its place; «داور گروه تصویرگری»: a section
        return closed_by_place
    if min(_zipf(t.text) for t in name_words) < lx.WEAK_HEAD_NAME_MAX_ZIPF:
        return True
    if head not in lx.SUBUNIT_HEADS and i and (
            tokens[i - 1].key in lx.ROLE_HEADS or tokens[i - 1].key == "کل" and i > 1 and tokens[i - 2].key in lx.ROLE_HEADS):
        return True
    if head in lx.PHRASE_ORG_HEADS:
        # «شبکه فاضلاب اهواز», «نظام جمهوری اسلامی»: a place after an everyday phrase proves nothing
        return False
    return closed_by_place or len(name_words) >= 2


def _object_of_subject(tokens, head, j):
    """«وزارت صنعت، معدن و تجارت فهرست را منتشر کرد»: a body that opens its clause is its subject,
    and the noun right before «را» is the object, unless it is an adjective of the name («… امنیت ملی
    را»), a place, or the second noun of a pair («غذا و دارو را»)."""
    if j + 1 >= len(tokens) or tokens[j + 1].key != "را" or tokens[j - 1].key == "و":
        return False
    key = tokens[j].key
    if key.endswith("ی") or key in lx.PLACES or key in lx.ORG_AND_PAIRS:
        return False
    return head == 0 or not tokens[head - 1].is_word or tokens[head - 1].key in _CLAUSE_OPENERS


_CLAUSE_OPENERS = lx.keys("که", "اما", "ولی", "و", "نیز", "همچنین")


def _indefinite(token, *, strict=False):
    """«قدرتمندی», «پررنگی»: a word with the indefinite «ی», much rarer than the word without it.

    `strict` asks for a plain case (a very rare form of a common word: «پاسخی»), as a name's
    own words may be rare adjectives."""
    key = token.key
    if not key.endswith("ی") or len(key) < 4:
        return False
    word, stem = _zipf(token.text), _zipf(token.text[:-1])
    if strict:
        return word < 4.2 and stem >= word + 1.1
    return word < 3.7 and stem >= 3.0 and stem >= word + 0.5


def _place_end(tokens, j):
    """The end of a place that starts at tokens[j] («استان سیستان و بلوچستان», «خراسان رضوی»,
    «شهر تهران», «جمهوری اسلامی ایران», a bare «استان» or «کشور»), or None."""
    n, k = len(tokens), j
    while k < n and tokens[k].key in lx.PLACE_OPENERS:
        k += 1
    opened = k > j
    while k < n and tokens[k].key in lx.PLACE_QUALIFIERS and opened:
        k += 1  # «جمهوری اسلامی …»
    if opened and tokens[k - 1].key in lx.DIVISIONS and k < n and tokens[k].key not in lx.PLACES and _unknown_place(tokens[k]):
        return k + 1  # «شهرستان ابهر»: a town the list does not hold, named after its kind
    if k < n and tokens[k].key in lx.PLACES:
        k += 1
        while k < n and (tokens[k].key in lx.PLACE_QUALIFIERS
                         or tokens[k].key == "و" and k + 1 < n and tokens[k + 1].key in lx.PLACES):
            k += 2 if tokens[k].key == "و" else 1
        if k < n and tokens[k].key == normalize_key("جمهوری"):
            return _place_end(tokens, k) or k  # «بانک مرکزی جمهوری اسلامی ایران»
        return k
    return k if opened else None


def _unknown_place(token):
    """A rare word after «استان/شهرستان/شهر» is the place's name («ابهر»), an everyday one is not («جلسات»)."""
    key = token.key
    return (token.is_word and _zipf(token.text) < 4.0 and key not in lx.ORG_STOP and key not in lx.FUNCTION_WORDS
            and key not in lx.ORG_HEADS and not _is_verb(key))


_ORDINAL = re.compile(r"(?:یک|دو|سو|چهار|پنج|شش|هفت|هشت|نه|ده|یازده|دوازده|بیست|سی|چهل|پنجاه|شصت|هفتاد|هشتاد|نود|صد"
                      r"|دویست|سیصد|چهارصد|پانصد|ششصد|هفتصد|هشتصد|نهصد|هزار|نخست|اول|آخر)مین$")
# Infinitives and plural said-verbs end a name like a verb does («… و فراهم کردن خدمات»).
_INFINITIVES = ("کردن", "شدن", "دادن", "نمودن", "گرفتن", "داشتن", "یافتن", "ساختن", "آوردن")


def _everyday_word(token):
    """«آزاد» in «منطقه آزاد ارس»: a given name that is first of all a common word, inside a name."""
    return token.key not in lx.COMMON_GIVEN_NAMES and _zipf(token.text) >= 4.5


def _opens_predicate(tokens, j):
    """Whether tokens[j] starts the rest of the clause rather than continuing a name before it.

    The predicate («موفق به …», «دچار مشکل», «خواستار …»), an ordinal («نخستین حضور»), a past
    participle («به تیم ملی بازگشته»), an indefinite plural («گفت‌وگوهایی داشته‌ایم»), and an
    object that a reflexive or demonstrative closes («خدمات پرداخت خود را», «مجوز آن را»).
    """
    token = tokens[j]
    key = token.key
    if key in lx.PREDICATIVES or _ORDINAL.search(key) or key.endswith("هایی"):
        return True
    if key.endswith(("ته", "ده")) and len(key) > 3 and _zipf(token.text[:-1] + "ند") >= 3.0:
        return True
    for k in range(j + 1, min(j + 3, len(tokens) - 1)):
        if not tokens[k].is_word or tokens[k].key in lx.PLACES:
            return False
        if tokens[k].key in _OBJECT_CLOSERS and tokens[k + 1].key == "را":
            return True
    return False


# «خدمات پرداخت خود را»: the reflexive possessive closes the object it follows («آن را», «آنها را»
# are objects themselves: «مؤسسه … بذر آنها را معرفی کرده»).
_OBJECT_CLOSERS = lx.keys("خود", "خویش")


def _gazetteer_matches(tokens, sport):
    """(start, end, name) of the well-known organizations named in the tokens."""
    index = _gazetteer_index()
    longest, openers = _gazetteer_openers()
    out = []
    i = 0
    while i < len(tokens):
        if tokens[i].key not in openers:
            i += 1  # no well-known name starts with this word: most words of a text
            continue
        for size in range(min(longest, len(tokens) - i), 0, -1):
            span = tokens[i:i + size]
            if not all(t.is_word or _LATIN_OR_DIGIT.match(t.key or "-") for t in span):
                continue
            entry = index.get(tuple(t.key for t in span)) or index.get(("".join(t.key for t in span),))
            if entry is None:
                continue
            name, needs_sport = entry
            if needs_sport and not (sport or (i and tokens[i - 1].key in _CLUB_CONTEXT)):
                continue
            if needs_sport and i + size < len(tokens) and _is_verb(tokens[i + size].key):
                continue  # «این صندوق استقلال دارد»: the word, not the club
            if size == 1 and span[0].key in lx.ORG_HEADS and _place_end(tokens, i + 1):
                continue  # «ارتش یمن»: not the bare «ارتش» of the list, a head with its place
            out.append((i, i + size, name))
            i += size - 1
            break
        i += 1
    return out


_TEAM_HEADS = lx.keys("تیم", "باشگاه")
_FULL_NAME_HEADS = lx.keys("شرکت")  # «شرکت ذوب آهن اصفهان» is the company, «ذوب‌آهن» the club
_CLUB_CONTEXT = lx.keys("تیم", "باشگاه", "مقابل", "برابر", "دیدار", "بازی", "هواداران", "سرمربی", "بازیکن", "مربی",
                        "سرپرست", "مدافع", "هافبک", "مهاجم", "دروازه‌بان", "کاپیتان")
_SPORT_WORDS = lx.keys("فوتبال", "لیگ", "سرمربی", "بازیکن", "گل", "دروازه", "هافبک", "مهاجم", "دیدار", "مسابقه", "جام",
                       "قهرمانی", "والیبال", "بسکتبال", "کشتی", "فدراسیون", "باشگاه", "داور", "ورزشگاه", "نیمکت")


@functools.cache
def _gazetteer_openers():
    """The longest entry of the gazetteer index, and every key a match can start with: an entry's
    first word, or a beginning of an entry written joined («صداوسیما» from «صدا و سیما»)."""
    index = _gazetteer_index()
    openers = {words[0] for words in index}
    for words in index:
        if len(words) == 1:
            openers.update(words[0][:n] for n in range(1, len(words[0])))
    return max(len(words) for words in index), frozenset(openers)


@functools.cache
def _gazetteer_index():
    from articles.importer import gazetteer

    index = {}
    for table, ambiguous in ((gazetteer.CLUBS, gazetteer.CLUB_KEYS_NEED_SPORT), (gazetteer.BODIES, ())):
        ambiguous_keys = {normalize_key(a).replace(" ", "") for a in ambiguous}
        for name, others in table.items():
            for form in (name, *others):
                key = normalize_key(form)
                # A club's name is a place or a word («نفت تهران» is also a ticker): sport copy only.
                index[tuple(key.split())] = (name, key.replace(" ", "") in ambiguous_keys or table is gazetteer.CLUBS)
                index[(key.replace(" ", ""),)] = index[tuple(key.split())]
    return index


def _add_organization(found, name, key, sentence, *, well_known=False):
    """One entry per organization however it is spaced or spelled; the fullest spelling is the name."""
    joined = key.replace(" ", "")
    for other in found.values():
        other_joined = other.key.replace(" ", "")
        if other_joined == joined or other.canonical == key:
            if len(name) > len(other.name) and other.canonical == key:
                other.name = name
            return
    found[joined] = FoundOrganization(name=name, key=normalize_key(name), evidence=sentence.strip(), canonical=key,
                                      well_known=well_known)


def find_organizations(paragraphs, *, people=(), agency="", section=""):
    """FoundOrganization for each distinct organization the copy names, in order of first mention.

    Two readings: a head word and the name words after it («وزارت امور
    خارجه»), and the well-known bodies copy names bare (gazetteer). The
    reporting agency and the desk («گروه بین‌الملل») are not organizations
    of the story.
    """
    person_keys = [f" {p.key} " for p in people]
    excluded = {normalize_key(agency), normalize_key(f"خبرگزاری {agency}")} if agency else set()
    all_text = " ".join(paragraphs)
    sport = sum(1 for t in tokenize(all_text) if t.key in _SPORT_WORDS) >= 3
    found = {}
    for _, sentence in sentences(paragraphs):
        tokens = tokenize(sentence)
        covered = set()
        for start, end, name in _gazetteer_matches(tokens, sport):
            if end - start > 1 and tokens[start].key in lx.ORG_HEADS:
                # «جمعیت هلال احمر جمهوری اسلامی ایران», «سازمان لیگ فوتبال ایران»: the well-known
                # body written in full, with the place that closes its official name
                end = _place_end(tokens, end) or end
            covered.update(range(start, end))
            written = _text(sentence, tokens[start:end])  # as the copy writes it
            if normalize_key(written) not in excluded:
                _add_organization(found, written, normalize_key(name), sentence, well_known=True)
        i = 0
        while i < len(tokens):
            hit = _org_at(tokens, i) if i not in covered else None
            if hit is None:
                i += 1
                continue
            end, org_tokens = hit
            name = _text(sentence, org_tokens)
            key = normalize_key(name)
            words = key.split()
            inner = [n for s, e, n in _gazetteer_matches(org_tokens[1:], True)]
            if words[0] == normalize_key("خبرگزاری") and len(words) > 1:
                # «خبرگزاری روسی تاس» is cited as «تاس»; the reporting agency is no organization of the story.
                short = inner[0] if inner else _agency_cited(sentence, org_tokens)
                key, name = normalize_key(short), short
            elif words[0] in lx.DESK_HEADS and (" ".join(words[1:3]) in lx.DESK_KEYS or words[1:2] and words[1] in lx.DESK_KEYS):
                i = end
                continue
            elif inner and (words[0] in _TEAM_HEADS or key.endswith(normalize_key(inner[-1])) and (
                    words[0] not in _FULL_NAME_HEADS or not key.startswith(f"{words[0]} {normalize_key(inner[-1])}"))):
                # «شرکت ژاپنی سافت بانک»: a descriptor between; «شرکت ذوب آهن اصفهان» is the company
                # «تیم فوتبال سپاهان», «سازمان تروریستی داعش»: the well-known name is the name
                key, name = normalize_key(inner[-1]), inner[-1]
            # «بنیاد شهید علی X»: a person's whole name inside is a memorial, not a body's name
            named_after = any(p in f" {' '.join(words[1:])} " for p in person_keys)
            if key and key not in excluded and not named_after:
                _add_organization(found, name, key, sentence)
            covered.update(range(i, end))
            i += 2  # a body named inside this one («… باشگاه نفت») is an organization too, but
            # not the first word of this name («صندوق بیمه کشاورزی», «شرکت بورس اوراق بهادار»)
            while i < end and (tokens[i].key not in lx.ORG_HEADS or tokens[i].key in lx.PHRASE_ORG_HEADS):
                i += 1  # «شرکت توزیع نیروی برق»: an everyday head inside a name opens none
            if i < end:
                covered.discard(i)
    return _merge_short_forms(list(found.values()))


def _agency_cited(sentence, tokens):
    """«خبرگزاری دفاع مقدس», «خبرگزاری روسی تاس»: the agency's name after «خبرگزاری», less a word of
    nationality before it, up to the first comma («خبرگزاری خبرآنلاین، اظهارات و …» is «خبرآنلاین»)."""
    words = []
    for token in tokens[1:]:
        if not token.is_word:
            break
        words.append(token)
    while len(words) > 1 and words[0].key.endswith("ی") and _zipf(words[0].text) >= 3.5:
        words = words[1:]  # «روسی», «فرانسوی»
    return _text(sentence, words) if words else tokens[-1].text


def _merge_short_forms(organizations):
    """The short form of a name the copy also gives in full is that body, not another one:
    «وزارت تعاون» beside «وزارت تعاون، کار و رفاه اجتماعی», «وزارت خارجه» beside «وزارت امور
    خارجه», «سازمان هواشناسی» beside «سازمان هواشناسی کشور» (same head, words in order)."""
    def shortens(short, full):
        if short == full or short[0] != full[0] or len(short) >= len(full):
            return False
        rest = iter(full[1:])
        return all(word in rest for word in short[1:])

    word_lists = [(o.key.split(), o.well_known) for o in organizations]
    return [org for org, (words, _) in zip(organizations, word_lists)
            if not any(shortens(words, other) and not (org.well_known and known) for other, known in word_lists)]


def discover(paragraphs, *, agency="", section=""):
    people = find_people(paragraphs)
    organizations = find_organizations(paragraphs, people=people, agency=agency, section=section)
    # «فولاد مبارکه سپاهان», «فرابورس»: words of a body's name are no person's name
    org_keys = [f" {o.key} " for o in organizations] + [f" {o.canonical} " for o in organizations if o.canonical]
    people = [p for p in people if not any(f" {p.key} " in k for k in org_keys)]
    return Findings(people=people, organizations=organizations)


# «در ادامه این نشست، X گفت», «X نیز در این نشست افزود», «سخنران دیگر نشست»: another speaker there
# (matched on the sentence's key: Arabic yeh, ZWNJ and punctuation folded).
_AT_THIS_CONFERENCE = re.compile(
    r"(?:این|همین|ادامه(?:\s+|\u200c)?(?:ی\s+)?(?:این\s+)?)\s*(?:نشست|کنفرانس)|سخنران|نیز\s+(?:در\s+)?(?:ادامه|این)"
    r"|(?:^|\s)(?:وی|او)?\s*نیز\s+(?:با\s+\S+\s+)?(?:گفت|افزود|اظهار)"
)


def conference_speakers(report, people):
    """The people a conference report says spoke there, from the discovered and known people of the copy.

    Named in the conference sentence («X در نشست خبری … گفت»); else the one
    whose role the sentence names («سرمربی تیم … در نشست خبری گفت»); else,
    for «نشست خبری … برگزار شد», everyone the copy quotes; else the only
    person the copy quotes.
    """
    text_key = f" {normalize_key(report.before + ' ' + report.speaker_text)} "
    named = [p for p in people if f" {p.key} " in text_key or f" {p.key.split()[-1]} " in text_key]
    speaking = [p for p in named if p.speaks]
    others = [p for p in people if p not in named and any(_AT_THIS_CONFERENCE.search(normalize_key(s)) for s in p.speech)]
    if speaking or len(named) == 1:
        return (speaking or named) + others
    if named:  # «با اخراج علی دایی … برادر او محمد در نشست …»: the one named nearest the conference
        return [max(named, key=lambda p: max(text_key.rfind(f" {w} ") for w in p.key.split()))]
    by_role = [p for p in people if p.role and f" {normalize_key(p.role)} " in text_key]
    if len(by_role) == 1:
        return by_role
    speakers = [p for p in people if p.speaks]
    if report.held_form:
        return speakers
    return speakers if len(speakers) == 1 else []
