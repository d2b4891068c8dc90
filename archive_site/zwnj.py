"""Repair of zero-width non-joiners that wire copy lost («میکنند» → «می‌کنند»).

The rules are the morphology of the language: the verbal prefixes می/نمی,
the suffixes ها/های/هایی/تر/ترین/ای/ام/اند/ایم/اید/اش and the join of two
words in a compound («پیام‌رسان»). A word is repaired only when the repaired
spelling is the one Persian text actually uses: its frequency (wordfreq's
Zipf scale, which keeps ZWNJ in its Persian words) must be at least
MIN_ZIPF and above the frequency of the word as received. So «میز» and
«انتهای» stay as they are, and nothing is guessed for a rare word.

Reversible: repair_zwnj() returns the map {as received: repaired}, and
apply_word_map() applies it in either direction; the copy as received is
never lost. Search never depends on this: its keys drop ZWNJ anyway
(archive_site.text.normalize_key).
"""

import functools
import re

ZWNJ = "\u200c"
MIN_ZIPF = 3.0
# A repair must make the word this much more common than the word as received.
MIN_GAIN = 0.05
_PREFIXES = ("نمی", "می")
_SUFFIXES = ("هایی", "های", "ها", "ترین", "تر", "ای", "ام", "اند", "ایم", "اید", "اش", "شان", "مان", "تان")
_WORD = re.compile(r"[\u0621-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff\u200c]+")


@functools.cache
def _zipf(word):
    from wordfreq import zipf_frequency

    return zipf_frequency(word.replace("ي", "ی").replace("ك", "ک"), "fa")


def _compound_splits(stem):
    """«پیامرسان» → «پیام‌رسان»: a stem split into two words that both stand on their own."""
    for cut in range(2, len(stem) - 1):
        head, tail = stem[:cut], stem[cut:]
        if len(tail) >= 3 and _zipf(head) >= 4.0 and _zipf(tail) >= 3.5:
            yield f"{head}{ZWNJ}{tail}"


def _candidates(word):
    stems = [("", word)]
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            stems.append((prefix + ZWNJ, word[len(prefix):]))
            break
    for before, stem in stems:
        yield before + stem
        for suffix in _SUFFIXES:
            if stem.endswith(suffix) and len(stem) - len(suffix) >= 2:
                base = stem[: -len(suffix)]
                yield f"{before}{base}{ZWNJ}{suffix}"
                for split in _compound_splits(base):
                    yield f"{before}{split}{ZWNJ}{suffix}"
        if not before:
            yield from _compound_splits(stem)


@functools.lru_cache(maxsize=50_000)
def repair_word(word):
    """The word with its lost ZWNJs back, or the word unchanged when no repair is certain."""
    if ZWNJ in word or len(word) < 4:
        return word
    received = _zipf(word)
    best, best_zipf = word, received
    for candidate in _candidates(word):
        if candidate == word:
            continue
        score = _zipf(candidate)
        if score > best_zipf:
            best, best_zipf = candidate, score
    if best is word or best_zipf < MIN_ZIPF or best_zipf < received + MIN_GAIN:
        return word
    return best


def repair_zwnj(text):
    """(repaired text, {word as received: repaired word}) for display text."""
    repairs = {}

    def fix(match):
        word = match.group(0)
        repaired = repair_word(word)
        if repaired != word:
            repairs[word] = repaired
        return repaired

    return _WORD.sub(fix, text or ""), repairs


def apply_word_map(text, mapping, *, reverse=False):
    """Replace whole words by the map (or back, with reverse=True): undoes or redoes a repair."""
    if not mapping or not text:
        return text or ""
    table = {v: k for k, v in mapping.items()} if reverse else mapping

    def swap(match):
        return table.get(match.group(0), match.group(0))

    return _WORD.sub(swap, text)
