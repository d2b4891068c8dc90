"""An article's body: plain wire copy or editor-formatted HTML, one way in and one way out.

The importer stores plain text, paragraphs separated by blank lines. The
admin's rich-text editor sends HTML. Both are valid bodies:

- `canonical_body()` is applied on every save: line endings become LF, HTML
  is sanitised with nh3 (an allow-list of the formatting editors need), and
  HTML that is only plain paragraphs is stored back as plain text, so opening
  and saving a wire article in the editor changes nothing.
- `render_body()` gives the reader's HTML (escaped paragraphs, or the
  sanitised HTML); templates, feeds and the API use it through
  `Article.body_html`.
- `body_text()` is the body without tags, for search keys and summaries.
"""

import html
import re

import nh3
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {"p", "h2", "h3", "h4", "strong", "b", "em", "i", "a", "ul", "ol", "li", "blockquote", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
# A tag, a comment or a doctype opens: the body is HTML. "a < b" in wire copy is not.
_HTML_RE = re.compile(r"<\s*[a-zA-Z!/?]")
_PLAIN_PARAGRAPHS_RE = re.compile(r"^(?:\s*<p>[^<]*</p>\s*)+$")
_PARAGRAPH_RE = re.compile(r"<p>([^<]*)</p>")
_BLOCK_END_RE = re.compile(r"</(?:p|h[2-4]|li|blockquote)>|<br\s*/?>", re.IGNORECASE)
_TAG_RE = re.compile(r"<[^>]*>")


def is_html(text):
    return bool(text) and bool(_HTML_RE.search(text))


def sanitize(text):
    """The allow-listed HTML of `text`: scripts, handlers, styles and unsafe URLs removed."""
    return nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def canonical_body(text):
    """What is stored for `text`: LF line endings; sanitised HTML, or plain paragraphs when that is all it is."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    if not is_html(text):
        return text
    clean = sanitize(text).strip()
    compact = clean.replace("\n", "")
    if _PLAIN_PARAGRAPHS_RE.match(compact):
        paragraphs = [html.unescape(p).strip() for p in _PARAGRAPH_RE.findall(compact)]
        return "\n\n".join(p for p in paragraphs if p)
    return clean


def plain_paragraphs(text):
    """Paragraphs of a plain body (a blank line separates them; a single newline too, as wire copy has both)."""
    return [p.strip() for p in (text or "").split("\n") if p.strip()]


def render_body(text):
    """The body as safe HTML for readers, feeds and the API."""
    if is_html(text):
        # Sanitised again on the way out: a body written around save() (a
        # bulk update, an old row) must not reach a reader unsanitised.
        return mark_safe(sanitize(text))
    from archive_site.templatetags.persian import isolate_ltr  # escapes, and keeps Latin runs in order

    return mark_safe("".join(f"<p>{isolate_ltr(p)}</p>" for p in plain_paragraphs(text)))


def body_text(text):
    """The body without tags or entities, paragraphs on their own lines: for search keys and summaries."""
    if not is_html(text):
        return text or ""
    with_breaks = _BLOCK_END_RE.sub("\n", sanitize(text))
    return html.unescape(_TAG_RE.sub("", with_breaks)).strip()


def plain_text(text):
    """A plain-text field (headline, lead) with any markup removed; text without markup is returned as it is."""
    if not is_html(text):
        return text
    return html.unescape(_TAG_RE.sub("", nh3.clean(text, tags=set(), strip_comments=True))).strip()
