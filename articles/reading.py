"""What the article page shows beside its text: first mentions linked, statements that add something, share links.

Everything here works on an article fetched by `selectors.article_for_reader`,
whose people, organizations and platforms come with their aliases already
prefetched: building a page's reading costs no query of its own.

Names are compared by their keys (archive_site.text.normalize_key), the same
keys the import links by, so «پیام‌رسان گپ», «پیام رسان گپ» and «پيامرسان گپ»
all find the same platform, while the display text keeps its own spelling.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from archive_site.templatetags.persian import isolate_ltr
from archive_site.text import normalize_key, normalize_key_with_offsets

# Names shorter than this (as keys) are not linked: two letters match inside too much copy.
MIN_NAME_KEY = 2
# A quotation that repeats the text is recalled by its opening words only.
ECHO_WORDS = 12


@dataclass(frozen=True)
class Entity:
    kind: str  # "person", "organization" or "platform"
    name: str
    url: str
    keys: tuple  # the keys of its name and aliases, longest first


@dataclass
class EchoedStatement:
    """A statement the text already quotes word for word: recalled briefly, pointing to its paragraph."""

    statement: object
    paragraph: int | None  # 1-based number of the body paragraph that holds it; None when it is in the lead
    opening: str


@dataclass
class Reading:
    paragraphs: list = field(default_factory=list)  # safe HTML, one per body paragraph
    linked: list = field(default_factory=list)  # the entities linked in the text, in order of first mention
    new_statements: list = field(default_factory=list)  # statements the text does not contain
    echoed_statements: list = field(default_factory=list)  # EchoedStatement, the ones about platforms
    omitted_count: int = 0  # echoes about no platform: already in the text, nothing to add


def entities_of(article):
    """The article's own people, organizations and platforms, with every name they go by."""
    entities = []
    for kind, items, url_of in (
        ("person", article.people.all(), lambda p: p.get_absolute_url()),
        # Organizations have no page of their own: their name leads to the archive's search.
        ("organization", article.organizations.all(), lambda o: f"{reverse('articles:search')}?{urlencode({'q': o.name})}"),
        ("platform", article.platforms.all(), lambda p: p.get_absolute_url()),
    ):
        for item in items:
            names = [item.name, getattr(item, "latin_name", "")] + [alias.name for alias in item.aliases.all()]
            keys = {normalize_key(name) for name in names if name}
            keys = tuple(sorted((k for k in keys if len(k) >= MIN_NAME_KEY), key=len, reverse=True))
            if keys:
                entities.append(Entity(kind=kind, name=item.name, url=url_of(item), keys=keys))
    return entities


def _mentions(key, entities):
    """(start, end, entity) of whole-word occurrences of the entities' keys in `key`."""
    found = []
    for entity in entities:
        for name_key in entity.keys:
            for match in re.finditer(rf"(?<!\S){re.escape(name_key)}(?!\S)", key):
                found.append((match.start(), match.end(), entity))
    # Earliest first; at the same place the longer name wins («تلگرام طلایی» over «تلگرام»).
    found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    return found


def _display_end(text, index):
    """Extend a display span over combining marks (harakat) that belong to its last letter."""
    while index < len(text) and unicodedata.category(text[index]) == "Mn":
        index += 1
    return index


def link_first_mentions(paragraphs, entities):
    """Paragraphs as safe HTML, with the first mention of each entity in the whole text made a link.

    Returns (html paragraphs, entities linked in order).
    """
    linked = []
    done = set()
    out = []
    for text in paragraphs:
        key, offsets = normalize_key_with_offsets(text)
        taken_until = 0
        spans = []
        for start, end, entity in _mentions(key, entities):
            if start < taken_until:
                continue
            # A later mention is not linked, but still keeps a shorter name inside it from being linked.
            taken_until = end
            if entity in done:
                continue
            done.add(entity)
            linked.append(entity)
            spans.append((offsets[start], _display_end(text, offsets[end - 1] + 1), entity))
        pieces, last = [], 0
        for start, end, entity in spans:
            pieces.append(isolate_ltr(text[last:start]))
            pieces.append(
                f'<a class="mention mention-{entity.kind}" href="{escape(entity.url)}">{isolate_ltr(text[start:end])}</a>'
            )
            last = end
        pieces.append(isolate_ltr(text[last:]))
        out.append(mark_safe("".join(pieces)))
    return out, linked


def _opening(text, words=ECHO_WORDS):
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def sort_statements(statements, lead, paragraphs):
    """(new, echoed-about-platforms, number of other echoes): what the statements add to the text."""
    lead_key = normalize_key(lead)
    paragraph_keys = [normalize_key(p) for p in paragraphs]
    new, echoed, omitted = [], [], 0
    for statement in statements:
        text_key = normalize_key(statement.text)
        where = next((number for number, p in enumerate(paragraph_keys, 1) if text_key and text_key in p), None)
        in_text = bool(text_key) and (where is not None or text_key in lead_key)
        if not in_text:
            new.append(statement)
        elif statement.platforms.all():
            echoed.append(EchoedStatement(statement=statement, paragraph=where, opening=_opening(statement.text)))
        else:
            omitted += 1
    return new, echoed, omitted


def reading_of(article):
    from articles.body import is_html, plain_paragraphs

    if is_html(article.body):
        # A body the editor formatted is shown as its sanitised HTML (article.body_html), unlinked.
        paragraphs = plain_paragraphs(article.lead)
        new, echoed, omitted = sort_statements(article.statements.all(), article.lead, paragraphs)
        return Reading(paragraphs=[], linked=[], new_statements=new, echoed_statements=echoed, omitted_count=omitted)
    paragraphs = article.paragraphs
    html, linked = link_first_mentions(paragraphs, entities_of(article))
    new, echoed, omitted = sort_statements(article.statements.all(), article.lead, paragraphs)
    return Reading(paragraphs=html, linked=linked, new_statements=new, echoed_statements=echoed, omitted_count=omitted)


def share_links(*, url, title):
    """Plain links to share `url` on the messengers Persian readers use; no third-party script on the page."""
    u, t = quote(url, safe=""), quote(title, safe="")
    return [
        {"name": "تلگرام", "key": "telegram", "href": f"https://t.me/share/url?url={u}&text={t}"},
        {"name": "واتس‌اپ", "key": "whatsapp", "href": f"https://wa.me/?text={t}%0A{u}"},
        {"name": "ایتا", "key": "eitaa", "href": f"https://eitaa.com/share/url?url={u}&text={t}"},
        {"name": "بله", "key": "bale", "href": f"https://ble.ir/share/url?url={u}&text={t}"},
        {"name": "ایکس", "key": "x", "href": f"https://x.com/intent/post?url={u}&text={t}"},
    ]
