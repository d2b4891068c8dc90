"""Persian full-text search over articles, on PostgreSQL and on SQLite.

One normalizer (archive_site.text) makes the keys that both databases index:
PostgreSQL a trigger-kept `tsvector` column with a GIN index (configuration
`simple`, since PostgreSQL has no Persian one); SQLite an external-content FTS5
table kept by triggers. The query side is built here for both from the same
parsed query, so the site and the API find the same articles.

How a typed query matches (see docs/search.md):
- each word matches as a prefix (covers ‌ها/‌های), words under three letters exactly;
- a word typed with ZWNJs matches joined (پیامرسان) or as a phrase of its parts
  (پیام رسان), and a trailing plural/adjective suffix part is dropped;
- two neighbouring words also match joined (پیام رسان finds پیامرسانها);
- the index keeps each pair of neighbouring words joined too (compound_key), so
  پیامرسان finds copy that wrote پیام رسان.
"""

import html
import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField, Expression, F, FloatField
from django.utils.safestring import mark_safe

from archive_site.text import ZWNJ, normalize_key, normalize_key_with_offsets

MAX_QUERY_LENGTH = 200
MAX_TOKENS = 8
MIN_PREFIX_LENGTH = 3
# A ZWNJ-separated last part that only inflects the word before it.
SUFFIX_PARTS = {"ها", "های", "هایی", "ای", "ی", "تر", "ترین", "هایش", "هایشان", "ام", "ات", "اش"}

FTS_TABLE = "articles_article_fts"
KEY_COLUMNS = ("headline_key", "lead_key", "body_key", "statements_key", "compound_key")


@dataclass
class ParsedQuery:
    """A reader's query: its words as lists of parts, and what was done to it."""

    raw: str
    text: str = ""
    tokens: list = field(default_factory=list)
    truncated: bool = False
    too_short: bool = False
    # Which reading of several words found the articles ("tight" or "loose"):
    # set by search_articles, used to highlight what matched.
    reading: str = "loose"

    @property
    def is_empty(self):
        return not self.tokens

    @property
    def usable(self):
        return bool(self.tokens) and not self.too_short


def parse_query(raw):
    raw = raw or ""
    query = ParsedQuery(raw=raw)
    text = " ".join(raw.split())
    if len(text) > MAX_QUERY_LENGTH:
        text = text[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0] or text[:MAX_QUERY_LENGTH]
        query.truncated = True
    query.text = text
    tokens = []
    for typed in text.split(" "):
        parts = []
        for piece in typed.split(ZWNJ):
            parts.extend(normalize_key(piece).split())
        if len(parts) > 1 and parts[-1] in SUFFIX_PARTS:
            parts = parts[:-1]
        if parts:
            tokens.append(parts)
    if len(tokens) > MAX_TOKENS:
        tokens = tokens[:MAX_TOKENS]
        query.truncated = True
    query.tokens = tokens
    query.too_short = bool(tokens) and sum(len("".join(p)) for p in tokens) < 2
    return query


# Query expressions. Keys hold only letters, digits and spaces, so the words
# need no escaping beyond quoting.
#
# Words typed apart may be one word typed with a space (پیام رسان) or separate
# words (فتاحی گپ). The *tight* reading takes them as one phrase, any
# neighbouring pair possibly joined; the *loose* reading takes them as separate
# words, all required. The tight reading wins when it finds anything.

def _prefix_ok(word):
    return len(word) >= MIN_PREFIX_LENGTH


def _tight_phrases(tokens):
    """Phrases (lists of words) for the tight reading: all parts in order, and each neighbouring pair joined."""
    phrases = [[part for parts in tokens for part in parts]]
    for i in range(len(tokens) - 1):
        merged = [p for parts in tokens[:i] for p in parts]
        merged.append("".join(tokens[i]) + "".join(tokens[i + 1]))
        merged.extend(p for parts in tokens[i + 2:] for p in parts)
        phrases.append(merged)
    for index, parts in enumerate(tokens):
        if len(parts) > 1:  # a word typed with ZWNJs: also as one joined word
            before = [p for q in tokens[:index] for p in q]
            after = [p for q in tokens[index + 1:] for p in q]
            phrases.append(before + ["".join(parts)] + after)
    unique = []
    for phrase in phrases:
        if phrase not in unique:
            unique.append(phrase)
    return unique


def _fts5_phrase(words):
    return f'"{" ".join(words)}"' + ("*" if _prefix_ok(words[-1]) else "")


def _tsquery_phrase(words):
    out = [f"'{w}'" for w in words]
    if _prefix_ok(words[-1]):
        out[-1] += ":*"
    return out[0] if len(out) == 1 else "(" + " <-> ".join(out) + ")"


def _token_alternatives(parts):
    phrases = [["".join(parts)]]
    if len(parts) > 1:
        phrases.append(list(parts))
    return phrases


def fts5_expression(query, tight):
    if tight:
        return " OR ".join(_fts5_phrase(p) for p in _tight_phrases(query.tokens))
    return " AND ".join(
        "(" + " OR ".join(_fts5_phrase(p) for p in _token_alternatives(parts)) + ")" for parts in query.tokens
    )


def tsquery_expression(query, tight):
    if tight:
        return " | ".join(_tsquery_phrase(p) for p in _tight_phrases(query.tokens))
    return " & ".join(
        "(" + " | ".join(_tsquery_phrase(p) for p in _token_alternatives(parts)) + ")" for parts in query.tokens
    )


class ArticleSQL(Expression):
    """Raw SQL about the article row, `{table}` standing for the article table's alias in the query.

    RawSQL would name the table literally, which breaks (or silently correlates)
    when Django puts the search into a subquery under another alias.
    """

    def __init__(self, sql, params, output_field):
        super().__init__(output_field=output_field)
        self.sql, self.params, self.row = sql, list(params), F("id")

    def get_source_expressions(self):
        return [self.row]

    def set_source_expressions(self, expressions):
        (self.row,) = expressions

    def as_sql(self, compiler, connection):
        row_sql, _ = compiler.compile(self.row)
        return self.sql.format(table=row_sql.rsplit(".", 1)[0]), self.params


def _matching(queryset, query, tight):
    if connection.vendor == "postgresql":
        expression = tsquery_expression(query, tight)
        match = ArticleSQL("{table}.search_vector @@ to_tsquery('simple', %s)", [expression], BooleanField())
        rank = ArticleSQL("ts_rank({table}.search_vector, to_tsquery('simple', %s))", [expression], FloatField())
    else:
        expression = fts5_expression(query, tight)
        match = ArticleSQL(
            f"{{table}}.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)", [expression], BooleanField()
        )
        # bm25 clamps the weight of a word found in over half the archive to
        # almost nothing (common in a small archive, or for a topic word), so a
        # match in the headline adds its own bonus on top.
        rank = ArticleSQL(
            f"((SELECT -bm25({FTS_TABLE}, 10.0, 4.0, 1.0, 1.0, 0.2) FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s AND rowid = {{table}}.id) + "
            f"EXISTS(SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND rowid = {{table}}.id))",
            [expression, f"headline_key : ({expression})"],
            FloatField(),
        )
    return queryset.alias(_search_match=match).filter(_search_match=True).annotate(search_rank=rank)


def _exists(matches):
    """Whether anything matches; on PostgreSQL always through the GIN index.

    The planner misjudges how many rows a phrase matches; with LIMIT 1 it then
    walks the whole table when nothing matches (seconds at 100,000 articles).
    """
    if connection.vendor != "postgresql":
        return matches.exists()
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off; SET enable_indexscan = off")
        try:
            return matches.exists()
        finally:
            cursor.execute("SET enable_seqscan = DEFAULT; SET enable_indexscan = DEFAULT")


def search_articles(queryset, query):
    """`queryset` narrowed to articles matching `query`, annotated with `search_rank` (higher is better).

    Ordering is left to the caller (relevance: `-search_rank, -published_at`).
    Costs one query more when the query has several words (the tight reading's check).
    """
    if not query.usable:
        return queryset.none()
    if len(query.tokens) > 1:
        tight = _matching(queryset, query, tight=True)
        if _exists(tight):
            query.reading = "tight"
            return tight
    query.reading = "loose"
    return _matching(queryset, query, tight=len(query.tokens) == 1)


# Highlighting in the display text, which keeps its own spelling.

def _match_patterns(query):
    """Regular expressions over the key text for what the search matched.

    A word's parts are marked only together (as the phrase or joined), never a
    lone «پیام» for «پیام‌رسان»; after the tight reading of several words, only
    the phrase is marked.
    """
    if len(query.tokens) > 1 and query.reading == "tight":
        phrases = _tight_phrases(query.tokens)
    else:
        phrases = [phrase for parts in query.tokens for phrase in _token_alternatives(parts)]
    patterns = []
    for words in phrases:
        body = r" ".join(re.escape(word) for word in words)
        tail = r"\w*" if _prefix_ok(words[-1]) else r"(?!\w)"
        patterns.append(rf"(?<!\w){body}{tail}")
    return patterns


def _match_spans(text, query):
    key, offsets = normalize_key_with_offsets(text)
    if not key:
        return []
    spans = []
    for pattern in _match_patterns(query):
        for match in re.finditer(pattern, key):
            spans.append((offsets[match.start()], offsets[match.end() - 1] + 1))
    spans.sort()
    merged = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text, query):
    """`text`, escaped, with every match wrapped in <mark>."""
    text = text or ""
    if not query or not query.usable:
        return html.escape(text)
    out, last = [], 0
    for start, end in _match_spans(text, query):
        out.append(html.escape(text[last:start]))
        out.append(f"<mark>{html.escape(text[start:end])}</mark>")
        last = end
    out.append(html.escape(text[last:]))
    return mark_safe("".join(out))


def snippet(text, query, length=240):
    """About `length` characters of `text` around its first match, highlighted."""
    text = " ".join((text or "").split())
    spans = _match_spans(text, query) if query and query.usable else []
    if len(text) <= length:
        return highlight(text, query)
    start = max(0, (spans[0][0] if spans else 0) - length // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 30 else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    piece = highlight(text[start:end], query)
    return mark_safe(("… " if start else "") + piece + (" …" if end < len(text) else ""))


# The index itself. Kept idempotent: run by the migration and after every
# migrate, since SQLite drops a table's triggers when Django rebuilds the table.

_SQLITE_SQL = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
        {", ".join(KEY_COLUMNS)}, content='articles_article', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0')""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ai AFTER INSERT ON articles_article BEGIN
        INSERT INTO {FTS_TABLE}(rowid, {", ".join(KEY_COLUMNS)})
        VALUES (new.id, {", ".join("new." + c for c in KEY_COLUMNS)}); END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ad AFTER DELETE ON articles_article BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {", ".join(KEY_COLUMNS)})
        VALUES ('delete', old.id, {", ".join("old." + c for c in KEY_COLUMNS)}); END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_au AFTER UPDATE ON articles_article BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {", ".join(KEY_COLUMNS)})
        VALUES ('delete', old.id, {", ".join("old." + c for c in KEY_COLUMNS)});
        INSERT INTO {FTS_TABLE}(rowid, {", ".join(KEY_COLUMNS)})
        VALUES (new.id, {", ".join("new." + c for c in KEY_COLUMNS)}); END""",
]

_POSTGRES_SQL = [
    "ALTER TABLE articles_article ADD COLUMN IF NOT EXISTS search_vector tsvector",
    """CREATE OR REPLACE FUNCTION articles_article_search_vector() RETURNS trigger AS $$
    BEGIN
        NEW.search_vector :=
            setweight(to_tsvector('simple', coalesce(NEW.headline_key, '')), 'A') ||
            setweight(to_tsvector('simple', coalesce(NEW.lead_key, '')), 'B') ||
            setweight(to_tsvector('simple', coalesce(NEW.body_key, '') || ' ' || coalesce(NEW.statements_key, '')), 'C') ||
            setweight(to_tsvector('simple', coalesce(NEW.compound_key, '')), 'D');
        RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS articles_article_search_vector_trigger ON articles_article",
    """CREATE TRIGGER articles_article_search_vector_trigger BEFORE INSERT OR UPDATE ON articles_article
       FOR EACH ROW EXECUTE FUNCTION articles_article_search_vector()""",
    "CREATE INDEX IF NOT EXISTS articles_article_search_vector_gin ON articles_article USING gin (search_vector)",
]


def ensure_search_index(using_connection=None):
    """Create the full-text index and its triggers if missing; rebuild it if they were missing."""
    conn = using_connection or connection
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM pg_trigger WHERE tgname = 'articles_article_search_vector_trigger'"
            )
            missing = cursor.fetchone()[0] == 0
            for sql in _POSTGRES_SQL:
                cursor.execute(sql)
            if missing:
                cursor.execute("UPDATE articles_article SET search_vector = NULL")
        elif conn.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [f"{FTS_TABLE}_a%"]
            )
            missing = cursor.fetchone()[0] < 3
            for sql in _SQLITE_SQL:
                cursor.execute(sql)
            if missing:
                cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


def drop_search_index(using_connection=None):
    conn = using_connection or connection
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute("DROP TRIGGER IF EXISTS articles_article_search_vector_trigger ON articles_article")
            cursor.execute("DROP FUNCTION IF EXISTS articles_article_search_vector()")
            cursor.execute("ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector")
        elif conn.vendor == "sqlite":
            for suffix in ("ai", "ad", "au"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {FTS_TABLE}_{suffix}")
            cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")



# Ranking reads every match's vector, so ranking 50,000 matches costs half a
# second on PostgreSQL. Relevance is computed within the newest matches only;
# newest-first ordering covers every match at index speed.
RANK_WINDOW = 2000


def order_by_relevance(matches, window=RANK_WINDOW):
    """`matches` (from search_articles) ordered by rank, among the newest `window` of them."""
    newest = matches.order_by("-published_at", "-id").values("id")[:window]
    return matches.filter(id__in=newest).order_by("-search_rank", "-published_at", "-id")
