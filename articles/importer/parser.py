"""Wire copy -> its parts: headline, lead, body paragraphs, dateline, footer.

Pure functions, no database: the same text always parses the same way, which
is what makes the import idempotent and its dry run honest.

The shape (the founding article's, and other agencies'):

    <blank lines>
    headline clause / headline clause
    lead paragraph
    به گزارش خبرنگار گروه علم و فناوری ایسکانیوز، body paragraph ...
    more body paragraphs
    انتهای پیام / [code]

Each non-empty line is one paragraph: wire services send a paragraph per line
and never hard-wrap, so a blank line between paragraphs is optional.
"""

import re
from dataclasses import dataclass, field

from archive_site.text import clean_display, normalize_key, to_latin_digits

HEADLINE_MAX_CHARS = 300
MESSAGE_CODE_MAX_CHARS = 40

class WireError(ValueError):
    """A file that cannot be imported; the message says why, in Persian."""


@dataclass(frozen=True)
class Dateline:
    """What `به گزارش ...،` says: who reports, from which desk and city."""

    source: str  # the phrase as written, e.g. «خبرنگار گروه علم و فناوری ایسکانیوز»
    agency: str = ""
    desk: str = ""
    reporter: str = ""
    city: str = ""
    form: str = "report"  # report («به گزارش»), quoting («به نقل از»), interview, prefix («فارس:»)


@dataclass
class WireCopy:
    headline: str
    lead: str
    paragraphs: list  # body paragraphs, as written; the footer is not among them
    dateline: Dateline | None = None
    message_code: str = ""
    has_footer: bool = False
    warnings: list = field(default_factory=list)

    @property
    def body(self):
        return "\n\n".join(self.paragraphs)

    @property
    def headline_clauses(self):
        return [part.strip() for part in self.headline.split(" / ") if part.strip()]

    @property
    def agency(self):
        """The agency the copy credits, or '' when it names none (never guessed)."""
        return self.dateline.agency if self.dateline else ""

    @property
    def all_paragraphs(self):
        """Lead and body in reading order (the headline apart)."""
        return [self.lead, *self.paragraphs]


# --- bytes -> text -----------------------------------------------------------

# C0 controls other than tab, newline, carriage return and form feed do not
# occur in text files; more than a few of them means a binary file.
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0e-\x1f\x7f]")


def decode_wire(data, *, max_bytes):
    """The text of an uploaded or read file, or WireError saying why it is not wire copy."""
    if len(data) > max_bytes:
        raise WireError(f"فایل بیش از اندازه بزرگ است ({len(data):,} بایت؛ بیشینه {max_bytes:,} بایت).")
    if not data.strip():
        raise WireError("فایل خالی است.")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise WireError("فایل با کدگذاری UTF-16 است؛ آن را با کدگذاری UTF-8 ذخیره کنید.")
    if b"\x00" in data:
        raise WireError("فایل متنی نیست (داده دودویی، بایت صفر دارد).")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise WireError(
            f"کدگذاری فایل UTF-8 نیست (بایت نامعتبر در جایگاه {error.start})؛ آن را با کدگذاری UTF-8 ذخیره کنید."
        ) from None
    if len(_CONTROL.findall(text)) > 2:
        raise WireError("فایل متنی نیست (نویسه‌های کنترلی دارد).")
    return text


# --- the footer ---------------------------------------------------------------

_YEH = "[یيى]"
# «انتهای پیام» however the copy writes it, then an optional slash and code.
_FOOTER = re.compile(
    rf"انتها{_YEH}?[\s\u200c]*پ{_YEH}ام[ \t\u200c]*(?P<slash>[/／])?[ \t]*"
    r"(?P<code>[\w.\-/]+(?:[ \t]+[\w.\-/]+){0,2})?[ \t]*$"
)
# A code on a line of its own after the footer: a short run without sentence punctuation.
_CODE_LINE = re.compile(r"^[\w.\-/]+(?:[ \t]+[\w.\-/]+){0,2}$")


def _split_footer(lines):
    """(lines without the footer, message code, footer found?)."""
    if not lines:
        return lines, "", False
    lines = list(lines)
    code_line = ""
    if len(lines) >= 2 and _CODE_LINE.match(lines[-1]) and _FOOTER.search(lines[-2]) and len(lines[-1]) <= MESSAGE_CODE_MAX_CHARS:
        code_line = lines.pop()
    match = _FOOTER.search(lines[-1])
    if match and not match.group("slash") and match.group("code") and not _looks_like_code(match.group("code")):
        match = None  # «... در انتهای پیام خود گفت» ends a sentence; it is no footer
    if not match:
        if code_line:
            lines.append(code_line)
        return lines, "", False
    code = (match.group("code") or "").strip() or code_line
    before = lines[-1][: match.start()].rstrip()
    if before:
        lines[-1] = before  # the footer was glued to the last paragraph
    else:
        lines.pop()
    return lines, _clean_code(code), True


def _looks_like_code(text):
    return " " not in text.strip() and any(char.isdigit() for char in text)


def _clean_code(code):
    code = to_latin_digits(code.strip().strip("/").strip())
    return code[:MESSAGE_CODE_MAX_CHARS]


# --- the dateline -------------------------------------------------------------

# «به گزارش …،» anywhere in a paragraph's first sentence (after a lead prefix too).
_DATELINE = re.compile(r"(?:^|[.:؛]\s*|^\s*[^.:\n]{0,40}?:\s*)به[\s\u200c]+گزارش\s+(?P<source>[^،,:؛\n]{2,160}?)\s*[،,:؛]")
# «به نقل از X،» opening a paragraph: X is the agency when it is one.
_QUOTING = re.compile(r"^\s*به\s+نقل\s+از\s+(?P<source>[^،,:\n]{2,120}?)\s*[،,:]")
# «در گفت‌وگو با خبرنگار [desk] X»: an interview credited to X.
_INTERVIEW = re.compile(r"در\s+گفت[\s\u200c]*و[\s\u200c]*گو\s+با\s+(?P<source>خبرنگار(?:\s+[^\s،,:.]+){1,6})")
# A lead that opens with the agency: «خبرگزاری فارس:», «برنا - گروه ورزشی:», «ایسنا/ تهران:», «ایسنا/خوزستان …».
_LEAD_PREFIX = re.compile(r"^\s*(?P<source>[^:؛\n]{2,60}?)\s*[:؛]")
_LEAD_SLASH = re.compile(r"^\s*(?P<agency>[^\s/]+(?:\s[^\s/]+)?)\s*/\s*(?P<city>[^\s/:]+)\s*:?\s")
# A credit line at the end: «منبع: همشهری آنلاین».
_SOURCE_LINE = re.compile(r"^\s*(?:منبع|منبع\s+خبر|به\s+نقل\s+از)\s*:\s*(?P<source>[^\n]{2,60}?)\s*$")
_CITED = re.compile(r"\s+(?:و\s+)?به\s+نقل\s+از\s+.*$")
_QUOTES = "«»\"“”'‘’"
_AGENCY_WORD = re.compile(rf"(?:^|\s)(?:خبرگزار{_YEH}|پا{_YEH}گاه\s+خبر{_YEH}|سا{_YEH}ت|روزنامه)\s+(?P<agency>.+)$")
_CITY = re.compile(r"^(?P<rest>.+?)\s+از\s+(?P<city>[^\s].{0,60})$")
# «خبرنگار ایسنا در شیراز»: a bureau named with «در», in a word or two.
_CITY_IN = re.compile(r"^(?P<rest>.+?)\s+در\s+(?P<city>[^\s]+(?:\s[^\s]+)?)$")
# «خبرنگار … مستقر در مجلس», «خبرنگار اعزامی به …»: where the reporter sits, not the credit.
_STATIONED = re.compile(r"\s+(?:مستقر|حاضر|اعزامی)\s+(?:در|به)\s+.*$")
_PARENTHESIZED = re.compile(r"\(([^()]+)\)\s*$")
_DESK = re.compile(r"(?:^|\s)(?:گروه|سرو[یيى]س|حوزه)\s+(?P<desk>.+)$")
_CREDIT_START = re.compile(r"^(?:خبرنگار|گروه|سرو[یيى]س|حوزه|دب[یيى]ر)(?:\s|$)")
_REPORTER = re.compile(r"^خبرنگار(?:ان)?(?:\s+(?P<rest>.+))?$")


def _agency_name(text):
    """The archive's name of an agency as copy writes it, or ''."""
    from articles.importer.lexicon import AGENCY_KEYS

    key = normalize_key(text)
    for prefix in ("خبرگزاری ", "پایگاه خبری ", "سایت "):
        if key.startswith(prefix) and key[len(prefix):] in AGENCY_KEYS:
            return AGENCY_KEYS[key[len(prefix):]]
    return AGENCY_KEYS.get(key, "")


_AGENCY_KINDS = ("خبرگزاری", "سایت", "روزنامه", "پایگاه خبری")


def _known_agency_in(words):
    """(start, end, name) of the agency a credit names among its words, or None.

    «گروه ورزشی خبرگزاری تسنیم استان فارس»: an agency written after «خبرگزاری» (the last such) wins
    over a bare one, so the province «فارس» after it is no agency; otherwise the first bare one
    («خبرنگار مهر کرمان»). What follows it is the bureau's place.
    """
    keys = [normalize_key(w) for w in words]
    kinds = {normalize_key(k) for k in _AGENCY_KINDS}
    written, bare = None, None
    for start in range(len(words)):
        for size in range(min(5, len(words) - start), 0, -1):
            name = _agency_name(" ".join(words[start:start + size]))
            if not name:
                continue
            opener = start
            if opener and keys[opener - 1] in kinds:
                opener -= 1
            elif opener > 1 and " ".join(keys[opener - 2:opener]) in kinds:
                opener -= 2
            if opener < start or keys[start] in kinds:
                written = (opener, start + size, name)
            elif bare is None:
                bare = (start, start + size, name)
            break
    return written or bare


def _split_credit(rest):
    """(credit, agency, place) of a dateline's words without the city: «خبرنگار گروه X خبرگزاری Y [Z]»."""
    words = rest.split()
    known = _known_agency_in(words)
    if known:
        start, end, name = known
        place = " ".join(words[end:])
        if (_PARENTHESIZED.fullmatch(place.strip()) or place.strip("()") and _agency_name(place.strip("() "))
                or any(q in place for q in _QUOTES) or len(place.split()) > 4):
            place = ""  # «خبرگزاری دانشجویان ایران (ایسنا)»: the short name, not a place
        return " ".join(words[:start]), name, place
    credit, agency = _split_unknown_credit(rest)
    return credit, agency, ""


def _split_unknown_credit(rest):
    """(credit, agency) of a credit whose agency the archive does not know."""
    agency_match = _AGENCY_WORD.search(rest)
    if agency_match:
        # «خبرگزاری فارس» is stored as «فارس»: the same agency whichever way the copy names it.
        agency = agency_match.group("agency").strip(_QUOTES + " ")
        short = _PARENTHESIZED.search(agency)  # «دانشجویان ایران (ایسنا)» -> «ایسنا»
        if short:
            agency = short.group(1).strip()
        return rest[: agency_match.start()].strip(), _agency_name(agency) or _agency_name(f"خبرگزاری {agency}") or agency
    words = rest.split()  # a known agency anywhere in them was taken by _known_agency_in
    if _CREDIT_START.match(rest) and len(words) >= 2:
        return " ".join(words[:-1]), words[-1]  # «خبرنگار گروه X <agency>»: the agency closes the credit
    if len(words) <= 3 and not _CREDIT_START.match(rest):
        return "", rest  # «به گزارش ایرنا،» and other short agency names
    return rest, ""


def _desk_of(credit):
    """The desk a credit names: «گروه اقتصادی», «سرویس ورزش», or «خبرنگار اقتصادی» with no «گروه»."""
    from articles.importer.lexicon import DESK_KEYS

    match = _DESK.search(credit)
    if match:
        return match.group("desk").strip()
    reporter = _REPORTER.match(credit)
    if reporter and reporter.group("rest"):
        words = reporter.group("rest").split()
        for size in range(min(3, len(words)), 0, -1):
            if normalize_key(" ".join(words[:size])) in DESK_KEYS:
                return " ".join(words[:size])
    return ""


def _dateline(source, *, form):
    source = " ".join(source.replace("\u200c", "\u200c").split()).strip(_QUOTES + " ")
    source = _CITED.sub("", source).strip(_QUOTES + " ")  # «ورزش سه و به نقل از تسنیم»: the first names the copy
    rest, city = _STATIONED.sub("", source).strip(_QUOTES + " "), ""  # «… مستقر در مجلس»: where, not who
    city_match = _CITY.match(rest) or _CITY_IN.match(rest)
    if city_match:
        rest, city = city_match.group("rest").strip(_QUOTES + " "), city_match.group("city")
    credit, agency, bureau = _split_credit(rest)
    city = city or bureau  # «خبرنگار مهر کرمان», «خبرگزاری تسنیم استان فارس»
    agency = agency.strip(_QUOTES + " ")
    desk = _desk_of(credit)
    reporter = credit if credit.startswith("خبرنگار") else ""
    return Dateline(source=source, agency=agency, desk=desk, reporter=reporter, city=city, form=form)


def parse_dateline(paragraph):
    """The Dateline of a paragraph that carries `به گزارش ...،` (or is credited another way), or None."""
    match = _DATELINE.search(paragraph[:400])
    if match:
        return _dateline(match.group("source"), form="report")
    match = _QUOTING.match(paragraph)
    if match:
        dateline = _dateline(match.group("source"), form="quoting")
        if _agency_name(dateline.agency):
            return dateline
    match = _INTERVIEW.search(paragraph[:600])
    if match:
        # «در گفت‌وگو با خبرنگار [اقتصادی] ایلنا اظهار کرد»: the agency among the words after «خبرنگار».
        words = match.group("source").split()
        for end in range(len(words), 1, -1):
            for start in range(1, end):
                agency = _agency_name(" ".join(words[start:end]))
                if agency:
                    desk = _desk_of(" ".join(words[:start]))
                    return Dateline(source=" ".join(words[:end]), agency=agency, desk=desk, form="interview")
    return None


def parse_source_line(line):
    """The agency a closing credit line names: «منبع: همشهری آنلاین», or None."""
    match = _SOURCE_LINE.match(line)
    agency = _agency_name(match.group("source").strip(_QUOTES + " ")) if match else ""
    return Dateline(source=match.group("source"), agency=agency, form="source") if agency else None


def parse_lead_prefix(lead):
    """The agency (and desk) a lead opens with: «خبرگزاری فارس: …», «برنا - گروه ورزشی: …», or None."""
    slash = _LEAD_SLASH.match(lead)
    if slash and _agency_name(slash.group("agency")):
        return Dateline(source=slash.group(0).strip(), agency=_agency_name(slash.group("agency")),
                        city=slash.group("city"), form="prefix")
    match = _LEAD_PREFIX.match(lead)
    if not match:
        return None
    source = match.group("source").strip(_QUOTES + " ")
    parts = [part.strip() for part in re.split(r"\s[-–/]\s?|\s?[-–/]\s", source) if part.strip()]
    agency = _agency_name(parts[0]) if parts else ""
    if not agency:
        return None
    desk = ""
    for part in parts[1:]:
        desk = _desk_of(part) or desk
    city = next((p for p in parts[1:] if not _CREDIT_START.match(p) and len(p.split()) <= 2 and not _a_name(p)), "")
    return Dateline(source=source, agency=agency, desk=desk, city=city, form="prefix")


def _a_name(text):
    """«خبرآنلاین - رسول سلیمی:»: a reporter's name after the agency, not a place."""
    from articles.importer.lexicon import given_names

    words = normalize_key(text).split()
    return len(words) == 2 and words[0] in given_names()


# --- the whole copy -------------------------------------------------------------


_HTML_TAG = re.compile(r"<\s*/?\s*(?:!doctype|html|head|body|div|p|br|span|meta|script|style|table|a|h[1-6])\b[^>]*>", re.I)
# Below this share of Persian among its letters, a file is not Persian wire copy.
MIN_PERSIAN_SHARE = 0.5
_SENTENCE_CLOSE = tuple(".!?؟:»\"…؛)")
# A line this long that ends mid-sentence, followed by another line, was wrapped by a hard-wrapping editor.
WRAPPED_LINE_MIN_CHARS = 45


def _check_text(text):
    """WireError for files that are no wire copy: HTML pages saved as .txt, and text that is mostly not Persian.

    HTML is refused, not converted: a page's navigation, scripts and
    boilerplate would become the article's text, and the editor would have to
    find the story inside it. Saving the story as plain text is quick and sure.
    """
    if len(_HTML_TAG.findall(text[:20000])) >= 3:
        raise WireError("فایل صفحهٔ HTML است، نه متن خبر؛ متن خبر را به‌صورت متن ساده (.txt با UTF-8) ذخیره کنید.")
    letters = [char for char in text if char.isalpha()]
    persian = sum(1 for char in letters if "\u0600" <= char <= "\u06ff")
    if not persian:
        raise WireError("متن فارسی ندارد؛ شکل خبر (تیتر، لید، متن) در آن پیدا نشد.")
    if persian / len(letters) < MIN_PERSIAN_SHARE:
        raise WireError(
            f"بیشتر متن فایل فارسی نیست ({round(100 * persian / len(letters))}٪ فارسی)؛ خبر فارسی وارد می‌شود."
        )


def _paragraph_lines(text, warnings):
    """The copy's lines, one per paragraph; hard-wrapped paragraphs are joined again.

    Wire services send a paragraph per line. Copy that went through a
    hard-wrapping editor breaks paragraphs into lines of some 70 characters
    and separates paragraphs with a blank line: there, a line that ends
    mid-sentence continues on the next. The headline line is never joined.
    """
    raw = [line.strip() for line in text.split("\n")]
    wrapped = sum(
        1 for line, after in zip(raw, raw[1:])
        if len(line) >= WRAPPED_LINE_MIN_CHARS and after and not line.endswith(_SENTENCE_CLOSE)
    )
    lines, blank_before, first = [], True, True
    for line in raw:
        if not line:
            blank_before = True
            continue
        if wrapped >= 2 and lines and not blank_before and not first and not lines[-1].endswith(_SENTENCE_CLOSE):
            lines[-1] = f"{lines[-1]} {line}"
        else:
            first = not lines
            lines.append(line)
        blank_before = False
    if wrapped >= 2:
        warnings.append("سطرهای شکستهٔ بندها (متن با طول سطر ثابت) دوباره به هم پیوستند؛ بندها را در پیش‌نمایش ببینید.")
    return lines


def parse_wire(text):
    """A WireCopy from decoded text, or WireError when the text is not shaped like wire copy."""
    text = clean_display(text)
    if not text.strip():
        raise WireError("فایل خالی است.")
    _check_text(text)
    warnings = []
    lines = _paragraph_lines(text, warnings)
    lines, message_code, has_footer = _split_footer(lines)
    if not lines:
        raise WireError("فقط پانوشت «انتهای پیام» دارد؛ تیتر و متن ندارد.")
    headline = lines[0]
    if len(headline) > HEADLINE_MAX_CHARS:
        raise WireError(
            f"سطر نخست {len(headline)} نویسه است و تیتر نیست (بیشینه {HEADLINE_MAX_CHARS})؛ "
            "خبر باید با یک سطر تیتر آغاز شود و بندهایش در سطرهای جدا بیایند."
        )
    if len(lines) < 2:
        raise WireError("فقط تیتر دارد؛ لید و متن خبر پیدا نشد.")
    copy = WireCopy(headline=headline, lead=lines[1], paragraphs=lines[2:], message_code=message_code, has_footer=has_footer,
                    warnings=warnings)
    # The dateline opens the lead or one of the first body paragraphs. It
    # stays in the text: readers see it, as on the agencies' own sites.
    copy.dateline = _find_dateline(copy)
    if not has_footer:
        copy.warnings.append("پانوشت «انتهای پیام» ندارد.")
    if copy.dateline is None:
        copy.warnings.append("خبرگزاری در متن نیامده (نه «به گزارش …»، نه «به نقل از …»، نه پیشوند لید)؛ خبرگزاری خالی ماند.")
    elif not copy.dateline.agency:
        copy.warnings.append(f"خبرگزاری از «{copy.dateline.source}» شناخته نشد؛ خبرگزاری خالی ماند.")
    return copy


def _find_dateline(copy):
    """The credit of the copy: «به گزارش …» in the first paragraphs, else the lead's prefix, else «به نقل از …»."""
    found = None
    for paragraph in copy.all_paragraphs[:4]:
        dateline = parse_dateline(paragraph)
        if dateline and dateline.form == "report":
            found = dateline
            break
        found = found or dateline
    prefix = parse_lead_prefix(copy.lead)
    if prefix is None and found is None and copy.paragraphs:
        prefix = parse_lead_prefix(copy.paragraphs[0])  # «خبرآنلاین - رسول سلیمی: …» opening the body
    if prefix and (found is None or not found.agency):
        return prefix
    if found is None and copy.paragraphs:
        found = parse_source_line(copy.paragraphs[-1])
    if found and prefix and not found.desk and prefix.desk and _agency_name(found.agency) == prefix.agency:
        return Dateline(source=found.source, agency=found.agency, desk=prefix.desk, reporter=found.reporter,
                        city=found.city or prefix.city, form=found.form)
    return found
