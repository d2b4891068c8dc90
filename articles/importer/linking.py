"""Who and what wire copy mentions, which press conference it reports, who said what.

Everything here matches on keys (archive_site.text.normalize_key), never on
display text, so «پیام رسان گپ», «پیام‌رسان گپ» and «پيامرسان گپ» are the same
words. Mentions come from an in-memory AliasIndex built once per import run
(six queries, whatever the number of files or words).
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field

from archive_site.text import normalize_key

PERSON, ORGANIZATION, PLATFORM = "person", "organization", "platform"
# Spans longer than this many words are never one name.
_MAX_EXTRA_WORDS = 2


@dataclass(frozen=True)
class Entity:
    kind: str
    id: int
    name: str


@dataclass(frozen=True)
class Mention:
    entity: Entity
    start: int  # word positions in the key of the text searched
    end: int


@dataclass
class Mentions:
    found: list = field(default_factory=list)  # Mention, in text order
    ambiguous: list = field(default_factory=list)  # (words as written in the key, [Entity, ...])

    def of_kind(self, kind):
        """Distinct entities of one kind, in order of first mention."""
        seen, out = set(), []
        for mention in self.found:
            if mention.entity.kind == kind and mention.entity.id not in seen:
                seen.add(mention.entity.id)
                out.append(mention.entity)
        return out


class AliasIndex:
    """Names and aliases of people, organizations and platforms, by key words.

    A name is found as whole words, longest first: «تلگرام طلایی» is one
    mention of تلگرام طلایی, not also one of تلگرام, and «گپ» never matches
    inside another word. A name written with a ZWNJ or a space («آی‌گپ»,
    «واتس اپ») is also found written joined or apart. A key shared by two
    entities links neither (an editor decides), and is reported.
    """

    def __init__(self, entries=()):
        self._by_words = defaultdict(set)
        self._by_joined = defaultdict(set)
        # What a span may start with: every leading run of words of a name, and every leading run of
        # letters of a joined name. find() stops growing a span as soon as it leaves these, so each
        # word costs a lookup or two instead of one per span length (the automaton of the index).
        self._word_prefixes = set()
        self._joined_prefixes = set()
        self._max_words = 1
        self.entities = {}
        for name, entity in entries:
            self.add(name, entity)

    def add(self, name, entity):
        key = normalize_key(name)
        if not key:
            return
        self.entities[entity.kind, entity.id] = entity
        words = tuple(key.split())
        self._by_words[words].add(entity)
        self._word_prefixes.update(words[:size] for size in range(1, len(words) + 1))
        self._max_words = max(self._max_words, len(words))
        if len(words) > 1 or "\u200c" in name:
            # Only compound names are also matched joined/apart: joining any
            # two short words could otherwise spell a one-word name («ای تا»).
            joined = "".join(words)
            self._by_joined[joined].add(entity)
            self._joined_prefixes.update(joined[:size] for size in range(1, len(joined) + 1))

    def lookup(self, name, *, kind):
        """The entities of `kind` whose name or alias is exactly `name` (as a key, joined or apart)."""
        words = tuple(normalize_key(name).split())
        entities = self._by_words.get(words) or self._by_joined.get("".join(words)) or ()
        return sorted((e for e in entities if e.kind == kind), key=lambda e: e.id)

    @classmethod
    def load(cls):
        from people.models import Organization, OrganizationAlias, Person, PersonAlias
        from platforms.models import Platform, PlatformAlias

        index = cls()
        names = {}
        for kind, model in ((PERSON, Person), (ORGANIZATION, Organization), (PLATFORM, Platform)):
            for pk, name in model.objects.values_list("pk", "name"):
                names[kind, pk] = name
                index.add(name, Entity(kind, pk, name))
                words = normalize_key(name).split()
                if kind == PERSON and len(words) >= 2:
                    # The surname alone («کاوه‌پور افزود»): linked only where the full name stands in the same
                    # article (find_all), and never when two people share it (ambiguous).
                    index.add(words[-1], Entity(kind, pk, name))
        for kind, model, fk in (
            (PERSON, PersonAlias, "person_id"),
            (ORGANIZATION, OrganizationAlias, "organization_id"),
            (PLATFORM, PlatformAlias, "platform_id"),
        ):
            for owner_id, alias in model.objects.values_list(fk, "name"):
                if (kind, owner_id) in names:
                    index.add(alias, Entity(kind, owner_id, names[kind, owner_id]))
        return index

    def find_all(self, texts, kinds=None):
        """Mentions in several texts (headline, paragraphs): a name never runs from one into the next.

        A person named by one word only (a surname alias: «فتاحی») is linked
        only when the article also names them in full: «کاظمی» alone may be
        anyone of that name.
        """
        result = Mentions()
        for text in texts:
            found = self.find(text, kinds=kinds)
            result.found.extend(found.found)
            result.ambiguous.extend(found.ambiguous)
        in_full = {m.entity for m in result.found if m.entity.kind == PERSON and m.end - m.start > 1}
        result.found = [m for m in result.found if m.entity.kind != PERSON or m.end - m.start > 1 or m.entity in in_full]
        return result

    def find(self, text, kinds=None):
        """Mentions in `text` (display text; matched on its key).

        A one-word name that is also an everyday word («بله», «گپ», «نوا»,
        «زیرساخت») is linked only where the copy speaks of a platform or a
        body: beside «پیام‌رسان», «شبکه», «اپلیکیشن», «شرکت» …, or in a list
        with another platform. Adjective and plural forms of a platform's or
        an organization's name («تلگرامی», «کانال‌های تلگرام») are found too.
        """
        words = normalize_key(text).split()
        result = Mentions()
        position = 0
        longest = self._max_words + _MAX_EXTRA_WORDS
        candidates = []
        while position < len(words):
            for size in range(self._span_limit(words, position, min(longest, len(words) - position)), 0, -1):
                span = words[position:position + size]
                entities = self._by_words.get(tuple(span)) or self._by_joined.get("".join(span))
                if not entities and size == 1:
                    entities = self._inflected(span[0])
                if kinds and entities:
                    entities = {entity for entity in entities if entity.kind in kinds}
                if entities:
                    candidates.append((position, position + size, entities))
                    position += size
                    break
            else:
                position += 1
        for index, (start, end, entities) in enumerate(candidates):
            if end - start == 1 and _is_common_word(_base_form(words[start])) and any(e.kind != PERSON for e in entities):
                if not _in_context(words, start, end, candidates, index):
                    continue
            if len(entities) == 1:
                result.found.append(Mention(next(iter(entities)), start, end))
            else:
                result.ambiguous.append((" ".join(words[start:end]), tuple(sorted(entities, key=lambda e: (e.kind, e.id)))))
        return result

    def _span_limit(self, words, position, limit):
        """The longest span from `position` (at most `limit` words) that may still be a name, and at least 1."""
        longest, span, joined = 1, (), ""
        for size in range(1, limit + 1):
            word = words[position + size - 1]
            span, joined = (span + (word,) if span is not None else None), (joined + word if joined is not None else None)
            if span is not None and span not in self._word_prefixes:
                span = None
            if joined is not None and joined not in self._joined_prefixes:
                joined = None
            if span is None and joined is None:
                break
            longest = size
        return longest

    def _inflected(self, word):
        """«تلگرامی», «تلگرامها»: a platform's or organization's one-word name with a suffix."""
        for suffix in _NAME_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                entities = {e for e in self._by_words.get((word[: -len(suffix)],), ()) if e.kind != PERSON}
                if entities:
                    return entities
        return None


_NAME_SUFFIXES = ("هایی", "های", "ها", "ی")


def _base_form(word):
    """«زیرساختها» → «زیرساخت»: a word without the plural or adjective suffix (for the everyday-word check)."""
    from articles.importer.lexicon import EVERYDAY_ALIASES

    for suffix in _NAME_SUFFIXES:
        if word.endswith(suffix) and word[: -len(suffix)] in EVERYDAY_ALIASES:
            return word[: -len(suffix)]
    return word


def _is_common_word(word):
    """A one-word alias that Persian also uses as a word or a name: «بله» (yes), «گپ» (chat), «سروش» (a name)."""
    from articles.importer.lexicon import EVERYDAY_ALIASES, given_names

    return word in EVERYDAY_ALIASES or word in given_names()


_CONTEXT_BEFORE = 4
_CONTEXT_AFTER = 2


def _context_keys():
    from articles.importer.lexicon import ORG_HEADS, PLATFORM_CONTEXT

    return PLATFORM_CONTEXT | ORG_HEADS


def _unsuffixed(word):
    """«پیامرسانی», «پیامرسانهای» → «پیامرسان»: a context word with its suffix off."""
    for suffix in ("هایی", "های", "ها", "ی"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _in_context(words, start, end, candidates, index):
    context = _context_keys()
    following = words[end] if end < len(words) else ""
    if following.startswith(("می", "نمی")) or following in ("زد", "زدند", "زدیم", "بزنیم", "کرد", "کردند", "است"):
        return False  # «با ما گپ می‌زند», «بله است»: the everyday word, used as a word
    window = words[max(0, start - _CONTEXT_BEFORE):start] + words[end:end + _CONTEXT_AFTER]
    if any(word in context or _unsuffixed(word) in context for word in window):
        return True
    # «در گپ و نوا», «سروش، گپ و بله»: a list with a platform already in context.
    for other in (index - 1, index + 1):
        if 0 <= other < len(candidates):
            o_start, o_end, _ = candidates[other]
            between = words[min(end, o_end):max(start, o_start)]
            if all(word in ("و", "یا") for word in between) and len(between) <= 1:
                if _in_context(words, o_start, o_end, [], -1):
                    return True
    return False


# --- press conferences ------------------------------------------------------------

def _tolerant(phrase):
    """A regex for `phrase` that accepts Arabic yeh/kaf, ZWNJ or space between its words."""
    variants = {"ی": "[یيى]", "ک": "[کك]", "ه": "[هةۀ]"}
    words = ["".join(variants.get(char, re.escape(char)) for char in word) for word in phrase.split()]
    return r"[\s\u200c]+".join(words)


_CONFERENCE_KIND = "(?:" + "|".join(_tolerant(p) for p in (
    "نشست خبری", "نشستی خبری", "کنفرانس خبری", "نشست رسانه ای", "نشست رسانه‌ای", "نشست مطبوعاتی", "نشستی مطبوعاتی",
    "کنفرانس مطبوعاتی", "کنفرانسی مطبوعاتی", "کنفرانس‌های خبری", "نشست خبری مشترک", "نشست خبری-رسانه ای",
)) + ")"
# A character inside one clause: no sentence mark (a dot or colon between digits, «13.5», is no mark).
_NO_CLAUSE_BREAK = r"(?:[^.:؛;!?؟\n،]|(?<=\d)[.:/](?=\d))"
_IN_SENTENCE = r"(?:[^.:؛!?؟\n]|(?<=\d)[.:/](?=\d))"
# «نشست خبری X که عصر امروز در Y برگزار شد»: a report of a conference that took place.
_HELD = re.compile(
    rf"{_CONFERENCE_KIND}\s+(?P<rest>{_NO_CLAUSE_BREAK}{{2,400}}?)\s*برگزار\s+(?:شد|گرد{'[یيى]'}د|شده\s+است|شده\s+بود)(?![\w\u200c])"
)
_SAID_VERBS = (
    "گفت", "افزود", "اظهار داشت", "اظهار کرد", "تصریح کرد", "تاکید کرد", "تأکید کرد", "اعلام کرد", "عنوان کرد",
    "بیان کرد", "بیان داشت", "خاطرنشان کرد", "خاطر نشان کرد", "یادآور شد", "اذعان کرد", "توضیح داد", "اضافه کرد",
    "ادامه داد", "ابراز کرد", "تشریح کرد", "اعلام داشت",
)
_SAID = "(?:" + "|".join(_tolerant(verb) for verb in sorted(_SAID_VERBS, key=len, reverse=True)) + ")"
# «در یک نشست خبری», «در چهل و سومین نشست خبری خود»: an article or an ordinal before the kind.
_A = r"(?:[یيى][کك]\s+|(?:[^\s]+\s+و\s+)*[^\s]+م[یيى]ن\s+)?"
# «در نشست خبری X [با اشاره به ...] گفت:» or «… گفت که …»: someone spoke at a conference (past tense);
# also «در نشست خبری X، مدیرعامل Y گفت:», the speaker after a comma.
_SPOKE_AT = re.compile(
    rf"(?:در|ط{'[یيى]'})\s+{_A}{_CONFERENCE_KIND}(?![\w\u200c])\s*(?P<rest>{_NO_CLAUSE_BREAK}{{0,250}}?)\s*(?:،\s*(?P<speaker>{_NO_CLAUSE_BREAK}{{0,120}}?)\s*)?"
    rf"(?:(?:،\s*)?با\s+(?:اشاره|ب{'[یيى]'}ان|تا[کك][یيى]د|تأ[کك][یيى]د|اعلام|ابراز|انتقاد)\s{_IN_SENTENCE}{{0,300}}?)?\s*(?:،\s*)?{_SAID}\s*(?:[:،]|\s+[کك]ه(?![\w\u200c]))"
)
# «X در نشست خبری … حضور یافت»: someone came before the press.
_ATTENDED = re.compile(
    rf"(?:در|ط{'[یيى]'})\s+{_A}{_CONFERENCE_KIND}(?![\w\u200c])\s*(?P<rest>{_NO_CLAUSE_BREAK}{{0,200}}?)\s*(?:حضور\s+(?:[یيى]افت|[یيى]افتند|پ[یيى]دا\s+کرد)|حاضر\s+(?:شد|شدند))(?![\w\u200c])"
)
# A conference that is to come, or one mentioned in passing, is not reported.
# «آینده» alone is no sign: titles are often about the future («بررسی آینده شبکه ملی»);
# «نشست خبری آینده» or «هفته آینده» is.
_NOT_HELD = re.compile(
    r"^\s*(?:آینده|آتی)|(?:هفته|ماه|سال|روز|روزهای|روزها[یيى])\s+(?:آینده|آتی)|خواهد|قرار\s+است|قرار\s+بود"
    r"|م[یيى][\s\u200c]*شود|فردا|لغو"
)
_QUOTED = re.compile(r"«[^»]*»")
# «پیش از بازی فردا گفت»: tomorrow's match, not tomorrow's conference.
_MATCH_DAY = re.compile(r"(?:باز[یيى]|د[یيى]دار|مسابقه|رقابت)(?:[\s\u200c]*ها[یيى])?[\s\u200c]+فردا[یيى]?")
# «روز گذشته در نشست خبری اعلام کرد»: an earlier conference, mentioned in passing.
_EARLIER = re.compile(r"(?:روز|هفته|ماه|سال)\s+(?:گذشته|پ[یيى]ش)\s*$|د[یيى]روز\s*$|اخ[یيى]را\s*$|قبلا\s*$")
# «در نشست خبری حاضر نشد»: the coach skipped it; held only if someone stood in («دستیارش … قرار گرفت»).
_SKIPPED = re.compile(r"(?:حاضر|حضور)\s+(?:ن[یيى]افت|نشد|نداشت)|شرکت\s+نکرد|غ[یيى]بت\s+کرد")
# «بعد از غیبت در نشست خبری …»: the absence named before the conference.
_ABSENT = re.compile(r"(?:غ[یيى]بت|عدم\s+حضور|بدون\s+حضور|عدم\s+شر[کك]ت)\s*$")
_STOOD_IN = re.compile(r"به\s+جا[یيى]|دست[یيى]ار|مقابل\s+خبرنگاران\s+قرار\s+گرفت|در\s+نشست\s+حاضر\s+شد")
# Words that open a clause, not a title: «مشترک با …», «با حضور …».
_TITLE_NOT_A_TITLE = re.compile(r"^(?:مشترک|با\s|که\s|و\s|در\s)")
_PART_OF_DAY = r"(?:صبح|ظهر|عصر|شب|غروب|بعدازظهر|بعد\s+از\s+ظهر|پ[یيى]ش\s+از\s+ظهر|بامداد)"
_DAY = r"(?:امروز|د[یيى]روز|روز\s+[^\s]+)"
_TIME = re.compile(rf"(?<![\w\u200c])(?:{_PART_OF_DAY}\s+{_DAY}|{_DAY}|{_PART_OF_DAY})(?![\w\u200c])(?:\s*\([^)]{{1,20}}\))?")
_TITLE_PREFIX = re.compile(r"^(?:با\s+عنوان|با\s+موضوع|تحت\s+عنوان|با\s+محور[یيى]ت)\s+")
_TITLE_NOISE = re.compile(rf"^(?:(?:{_TIME.pattern}|خود|خو[یيى]ش)\s*)+|(?:\s*(?:{_TIME.pattern}|خود|خو[یيى]ش))+$")
_THAT = re.compile(r"\s+[کك]ه\s+")
_IN = re.compile(r"(?:^|\s)در\s+")
_HOSTED_BY = re.compile(rf"به\s+م[یيى]زبان[یيى]\s+(?P<host>{_NO_CLAUSE_BREAK}+?)(?=\s+در\s+|\s*$)")


@dataclass(frozen=True)
class ConferenceReport:
    """A press conference the copy reports as held, as the copy writes it."""

    title: str
    time_note: str = ""
    venue: str = ""
    host_text: str = ""
    paragraph: int = 0  # index in WireCopy.all_paragraphs
    before: str = ""  # the sentence's text before the conference: who was there
    speaker_text: str = ""  # «در نشست خبری X، مدیرعامل Y گفت»: the words naming the speaker
    held_form: bool = False  # «نشست خبری X برگزار شد»: speakers are those quoted after it


def _clean_title(text):
    title = text.strip(" «»\"'")
    title = _TITLE_PREFIX.sub("", title)
    previous = None
    while previous != title:
        previous = title
        title = _TITLE_NOISE.sub("", title).strip(" «»\"'")
    return title


def _sentence_start(text, position):
    cut = max(text.rfind(mark, 0, position) for mark in ".!؟?:؛")
    return cut + 1


def detect_conference(paragraphs):
    """The first press conference the paragraphs report as held, or (None, reason) when one is only mentioned.

    Returns (ConferenceReport or None, note): note explains why a conference
    sentence was not taken (for the editor), or is "".
    """
    note = ""
    for index, paragraph in enumerate(paragraphs):
        for pattern in (_HELD, _SPOKE_AT, _ATTENDED):
            for match in pattern.finditer(paragraph):
                rest = match.group("rest")
                start = _sentence_start(paragraph, match.start())
                before = paragraph[start:match.start()]
                if (_NOT_HELD.search(_MATCH_DAY.sub(" ", _QUOTED.sub(" ", rest))) or _EARLIER.search(before[-40:]) or _ABSENT.search(before[-30:])
                        or _SKIPPED.search(rest) and not _STOOD_IN.search(paragraph[match.start():])):
                    note = "نشست خبری‌ای که در متن آمده گزارش برگزاری نیست (آینده یا گذشته)؛ نشستی ساخته نشد."
                    continue
                report = _read_conference(rest, held=pattern is _HELD)
                time_before = _TIME.search(before[-50:])
                if time_before and not report["time_note"]:
                    report["time_note"] = time_before.group(0).strip()  # «ظهر امروز در نشست خبری …»
                speaker = match.groupdict().get("speaker") or ""
                return ConferenceReport(**report, paragraph=index, before=before, speaker_text=speaker,
                                        held_form=pattern is _HELD), ""
    return None, note


def _read_conference(rest, *, held):
    rest = " ".join(rest.split())
    title, clause = rest, ""
    that = _THAT.search(rest)
    if that:
        title, clause = rest[: that.start()], rest[that.end():]
    elif held:
        # «نشست خبری X عصر امروز در Y برگزار شد»: the title ends where the time or the place begins.
        time = _TIME.search(rest)
        places = list(_IN.finditer(rest))
        hosted = _HOSTED_BY.search(rest)
        cut = min([m.start() for m in [time, hosted, *places[-1:]] if m], default=len(rest))
        title, clause = rest[:cut], rest[cut:]
    time_note = venue = host_text = ""
    if clause:
        time = _TIME.search(clause)
        if time:
            time_note = time.group(0).strip()
        hosted = _HOSTED_BY.search(clause)
        if hosted:
            host_text = hosted.group("host").strip()
        places = list(_IN.finditer(clause))
        if places:
            venue = clause[places[-1].end():].strip(" ،")
    elif not held:
        time = _TIME.search(title)
        if time:
            time_note = time.group(0).strip()
    title = _clean_title(title)
    if len(title.split()) < 2 or _TITLE_NOT_A_TITLE.match(title):
        title = ""  # «در نشست خبری گفت»: many reports give no title
    return {"title": title, "time_note": time_note, "venue": venue, "host_text": host_text}


# --- statements ------------------------------------------------------------------

_ATTRIBUTION = re.compile(rf"^(?P<prefix>[^:]{{0,400}}?)\s{_SAID}\s*:\s*(?P<quote>.+)$", re.S)
_PRONOUN = re.compile(r"^\s*(?:و\s+)?(?:و[یيى]|او|ا[یيى]ن\s+مقام(?:\s+مسئول)?|ا[یيى]ن\s+مسئول)(?:\s|$)")
_SENTENCE_END = re.compile(r"(?<=[.!؟?])\s+")


@dataclass
class Quote:
    speaker: Entity
    text: str
    paragraph: int


def extract_statements(paragraphs, *, index, role_titles):
    """Quoted speech the copy attributes to a known person, conservatively.

    `X گفت: ...` is X's when X is the one person named before the verb (or the
    one person holding a role whose title is named there: «معاون وزیر ...»);
    `وی ادامه داد: ...` is the last named speaker's. A quote runs to the end of
    its paragraph or the next attribution. Speech whose speaker is not certain
    is left out, and makes a following «وی» uncertain too.
    `role_titles` maps person id -> list of role title keys.
    """
    quotes = []
    last_speaker = None
    for number, paragraph in enumerate(paragraphs):
        current = None
        for sentence in _SENTENCE_END.split(paragraph):
            match = _ATTRIBUTION.match(sentence)
            if not match:
                if current is not None:
                    current.text = f"{current.text} {sentence}"
                continue
            speaker = _speaker(match.group("prefix"), index=index, role_titles=role_titles, last=last_speaker)
            last_speaker = speaker
            current = None
            quote = match.group("quote").strip()
            if speaker is not None and quote:
                current = Quote(speaker=speaker, text=quote, paragraph=number)
                quotes.append(current)
    return quotes


def _speaker(prefix, *, index, role_titles, last):
    people = index.find(prefix, kinds={PERSON}).of_kind(PERSON)
    if len(people) == 1:
        return people[0]
    if people:
        return None
    prefix_key = f" {normalize_key(prefix)} "
    holders = [pid for pid, titles in role_titles.items() if any(f" {title} " in prefix_key for title in titles if title)]
    if len(holders) == 1:
        return index.entities.get((PERSON, holders[0]))
    if _PRONOUN.match(prefix):
        return last
    return None

