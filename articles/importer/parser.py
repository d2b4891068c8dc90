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

# The agency name recorded when the dateline names none.
HOUSE_AGENCY = "ایسکانیوز"
HEADLINE_MAX_CHARS = 300
MESSAGE_CODE_MAX_CHARS = 40

# Agencies whose name is recognised at the end of a dateline even when the
# copy does not write «خبرگزاری» before it. Written here in their usual
# spelling, which is what the archive stores (the copy may use Arabic yeh/kaf).
KNOWN_AGENCIES = (
    "ایسکانیوز", "ایسنا", "ایرنا", "ایلنا", "ایبنا", "فارس", "مهر", "تسنیم", "برنا", "شبستان", "رسا", "دانا",
    "آنا", "پانا", "ایکنا", "میزان", "صدا و سیما", "باشگاه خبرنگاران جوان", "خبرآنلاین", "انتخاب", "تابناک",
    "دانشجو", "مشرق", "همشهری آنلاین", "ایرنا پلاس", "ستاد خبری", "پایگاه اطلاع‌رسانی دولت",
)
_KNOWN_AGENCY_BY_KEY = {normalize_key(name): name for name in KNOWN_AGENCIES}


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
        return (self.dateline.agency if self.dateline else "") or HOUSE_AGENCY

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

_DATELINE = re.compile(r"^\s*به\s+گزارش\s+(?P<source>[^،,:\n]{2,120}?)\s*[،,]")
_AGENCY_WORD = re.compile(rf"(?:^|\s)خبرگزار{_YEH}\s+(?P<agency>.+)$")
_CITY = re.compile(r"^(?P<rest>.+?)\s+از\s+(?P<city>[^\s].{0,60})$")
_PARENTHESIZED = re.compile(r"\(([^()]+)\)\s*$")
_DESK = re.compile(r"(?:^|\s)(?:گروه|سرو[یيى]س)\s+(?P<desk>.+)$")
_CREDIT_START = re.compile(r"^(?:خبرنگار|گروه|سرو[یيى]س)(?:\s|$)")


def parse_dateline(paragraph):
    """The Dateline of a paragraph that opens with `به گزارش ...،`, or None."""
    match = _DATELINE.match(paragraph)
    if not match:
        return None
    source = " ".join(match.group("source").split())
    rest, city = source, ""
    city_match = _CITY.match(source)
    if city_match:
        rest, city = city_match.group("rest"), city_match.group("city")

    credit, agency = "", ""
    agency_match = _AGENCY_WORD.search(rest)
    if agency_match:
        # «خبرگزاری فارس» is stored as «فارس»: the same agency whichever way
        # the copy names it, so its articles de-duplicate together.
        agency = agency_match.group("agency").strip()
        credit = rest[: agency_match.start()].strip()
        short = _PARENTHESIZED.search(agency)  # «دانشجویان ایران (ایسنا)» -> «ایسنا»
        if short:
            agency = short.group(1).strip()
    else:
        words = rest.split()
        for size in range(min(4, len(words)), 0, -1):
            tail_key = normalize_key(" ".join(words[-size:]))
            if tail_key in _KNOWN_AGENCY_BY_KEY:
                agency = _KNOWN_AGENCY_BY_KEY[tail_key]
                credit = " ".join(words[:-size])
                break
        else:
            if _CREDIT_START.match(rest) and len(words) >= 2:
                # «خبرنگار گروه X <agency>»: the agency closes the credit.
                agency, credit = words[-1], " ".join(words[:-1])
            elif len(words) <= 3 and not _CREDIT_START.match(rest):
                agency = rest  # «به گزارش ایرنا،» and other short agency names
    if agency:
        agency = _KNOWN_AGENCY_BY_KEY.get(normalize_key(agency), agency)

    desk = ""
    desk_match = _DESK.search(credit)
    if desk_match:
        desk = desk_match.group("desk").strip()
    reporter = credit if credit.startswith("خبرنگار") else ""
    return Dateline(source=source, agency=agency, desk=desk, reporter=reporter, city=city)


# --- the whole copy -------------------------------------------------------------

_PERSIAN_LETTER = re.compile(r"[\u0600-\u06FF]")


def parse_wire(text):
    """A WireCopy from decoded text, or WireError when the text is not shaped like wire copy."""
    text = clean_display(text)
    lines = [line for line in text.split("\n") if line.strip()]
    if not lines:
        raise WireError("فایل خالی است.")
    if not _PERSIAN_LETTER.search(text):
        raise WireError("متن فارسی ندارد؛ شکل خبر (تیتر، لید، متن) در آن پیدا نشد.")
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
    copy = WireCopy(headline=headline, lead=lines[1], paragraphs=lines[2:], message_code=message_code, has_footer=has_footer)
    # The dateline opens the lead or one of the first body paragraphs. It
    # stays in the text: readers see it, as on the agencies' own sites.
    for paragraph in copy.all_paragraphs[:4]:
        dateline = parse_dateline(paragraph)
        if dateline:
            copy.dateline = dateline
            break
    if not has_footer:
        copy.warnings.append("پانوشت «انتهای پیام» ندارد.")
    if copy.dateline is None:
        copy.warnings.append(f"سطر «به گزارش ...،» پیدا نشد؛ خبرگزاری «{HOUSE_AGENCY}» فرض شد.")
    elif not copy.dateline.agency:
        copy.warnings.append(f"خبرگزاری از «به گزارش {copy.dateline.source}» شناخته نشد؛ «{HOUSE_AGENCY}» فرض شد.")
    return copy
