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

import contextlib
import datetime as dt
import html
import json
import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField, Expression, F, FloatField, Q
from django.db.models.expressions import RawSQL
from django.utils.safestring import mark_safe

from archive_site.text import ZWNJ, normalize_key, normalize_key_with_offsets

MAX_QUERY_LENGTH = 200
MAX_TOKENS = 8
MIN_PREFIX_LENGTH = 3
# A ZWNJ-separated last part that only inflects the word before it.
SUFFIX_PARTS = {"ها", "های", "هایی", "ای", "ی", "تر", "ترین", "هایش", "هایشان", "ام", "ات", "اش"}

FTS_TABLE = "articles_article_fts"
KEY_COLUMNS = ("headline_key", "lead_key", "body_key", "statements_key", "compound_key")

# Ranking reads each ranked match, so relevance is computed within the newest
# matches only (newest-first ordering covers every match at index speed). One
# word ranks mostly by whether it is in the headline or lead, which a smaller
# window shows as well and at a quarter of the cost.
RANK_WINDOW = 1000
ONE_WORD_WINDOW = 300
# Beyond this many matches a total is given as "at least" (counting every
# match of a common word costs as much as ranking them all).
TOTAL_CAP = 5_000

# Typed operators: `-word` excludes, `OR` (or `|`) between words or phrases
# gives either, and a phrase is quoted with "…", «…» or “…”.
_QUERY_PIECES = re.compile(r'(-?)(?:"([^"]*)"?|«([^»]*)»?|“([^”]*)”?|(\S+))')
OR_WORDS = {"OR", "|"}


@dataclass
class Term:
    """A typed word or quoted phrase: its words, each a list of key parts (split at ZWNJ)."""

    tokens: list
    phrase: bool = False

    @property
    def key(self):
        return " ".join("".join(parts) for parts in self.tokens)


@dataclass
class ParsedQuery:
    """A reader's query: required clauses (each a choice of terms), excluded terms, and what was done to it."""

    raw: str
    text: str = ""
    tokens: list = field(default_factory=list)  # every wanted word, in order (for highlighting and checks)
    clauses: list = field(default_factory=list)  # [[Term, ...], ...]: all clauses, any term of each
    excluded: list = field(default_factory=list)  # [Term, ...]: none of these
    plain: bool = True  # no operators typed: the tight/loose readings apply
    truncated: bool = False
    too_short: bool = False
    # Other ways of writing a term, by its key (Telegram -> تلگرام): lists of words.
    synonyms: dict = field(default_factory=dict)
    # Which reading of several words found the articles ("tight" or "loose"):
    # set by the search, used to highlight what matched.
    reading: str = "loose"

    @property
    def is_empty(self):
        return not self.tokens

    @property
    def usable(self):
        return bool(self.tokens) and not self.too_short

    @property
    def one_word(self):
        return len(self.tokens) == 1 and not self.excluded

    def add_synonym(self, key, words):
        words = [w for w in normalize_key(" ".join(words)).split()]
        known = self.synonyms.setdefault(key, [])
        if words and words not in known and words != key.split():
            known.append(words)

    def terms(self):
        """Every wanted term (what the query's own clauses name), for alias look-ups."""
        return [term for clause in self.clauses for term in clause]


def _typed_parts(typed):
    """The key parts of one typed word: split at ZWNJ, a trailing inflection part dropped."""
    parts = []
    for piece in typed.split(ZWNJ):
        parts.extend(normalize_key(piece).split())
    if len(parts) > 1 and parts[-1] in SUFFIX_PARTS:
        parts = parts[:-1]
    return parts


def parse_query(raw):
    raw = raw or ""
    query = ParsedQuery(raw=raw)
    text = " ".join(raw.split())
    if len(text) > MAX_QUERY_LENGTH:
        text = text[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0] or text[:MAX_QUERY_LENGTH]
        query.truncated = True
    query.text = text
    clauses, excluded, budget = [], [], MAX_TOKENS
    join_next = False
    for match in _QUERY_PIECES.finditer(text):
        minus, quoted = match.group(1), next((g for g in match.group(2, 3, 4) if g is not None), None)
        word = match.group(5)
        if word is not None and minus == "" and word in OR_WORDS:
            join_next = bool(clauses)
            query.plain = False
            continue
        if quoted is not None:
            tokens = [p for p in (_typed_parts(w) for w in quoted.split()) if p]
            term = Term(tokens=tokens, phrase=True)
            query.plain = False
        else:
            parts = _typed_parts(word or "")
            term = Term(tokens=[parts] if parts else [])
        if not term.tokens:
            join_next = join_next and minus == ""
            continue
        if budget < len(term.tokens):
            query.truncated = True
            break
        budget -= len(term.tokens)
        if minus:
            # A lone minus before the first wanted word reads as a dash, not an exclusion.
            excluded.append(term)
            query.plain = False
        elif join_next:
            clauses[-1].append(term)
        else:
            clauses.append([term])
        join_next = False
    query.clauses, query.excluded = clauses, excluded
    query.tokens = [parts for clause in clauses for term in clause for parts in term.tokens]
    query.too_short = bool(query.tokens) and sum(len("".join(p)) for p in query.tokens) < 2
    return query


# Query expressions. Keys hold only letters, digits and spaces, so the words
# need no escaping beyond quoting.
#
# Words typed apart may be one word typed with a space (پیام رسان) or separate
# words (فتاحی گپ). The *tight* reading takes them as one phrase, any
# neighbouring pair possibly joined; the *loose* reading takes them as separate
# words, all required. The tight reading wins when it finds anything. A quoted
# phrase is always read tight; typed operators turn the choice off.

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
    return _unique(phrases)


def _unique(phrases):
    unique = []
    for phrase in phrases:
        if phrase and phrase not in unique:
            unique.append(phrase)
    return unique


def _token_alternatives(parts):
    phrases = [["".join(parts)]]
    if len(parts) > 1:
        phrases.append(list(parts))
    return phrases


def term_alternatives(term, query):
    """The phrases (lists of words) any of which matches `term`, its synonyms included."""
    if term.phrase or len(term.tokens) > 1:
        phrases = _tight_phrases(term.tokens)
    else:
        phrases = _token_alternatives(term.tokens[0])
    return _unique(phrases + query.synonyms.get(term.key, []))


def _reading_clauses(query, tight):
    """The clauses a reading searches: for a plain query of several words, tight takes them as one phrase."""
    if query.plain and tight and len(query.tokens) > 1:
        return [[Term(tokens=query.tokens, phrase=True)]]
    if query.plain:
        return [[Term(tokens=[parts])] for parts in query.tokens] if len(query.tokens) > 1 else query.clauses
    return query.clauses


def _clause_phrases(query, clause):
    return _unique([phrase for term in clause for phrase in term_alternatives(term, query)])


def _fts5_alternatives(phrases, pairs):
    """FTS5 for any of `phrases`. Two words whose joined form is an alternative too (`پیام‌رسان`
    typed: `پیامرسان` or `پیام رسان`) need no pair of their own: the joined word's
    prefix matches the pair column as well (and that column's merge costs as much)."""
    joined = {words[0] for words in phrases if len(words) == 1} if pairs else set()
    return " OR ".join(
        f'statements_key : "{" ".join(words)}"' + ("*" if _prefix_ok(words[-1]) else "")
        if len(words) == 2 and "".join(words) in joined
        else _fts5_phrase(words, pairs)
        for words in phrases
    )


def _fts5_phrase(words, pairs=True):
    """A phrase for FTS5; with `pairs`, several words are matched through their joined pairs.

    The compound column holds each pair of neighbouring words of headline, lead
    and body joined, so `a b c` side by side is the phrase `ab bc` there: its
    tokens are rare, where a positional check of `a b c` reads the position
    lists of every article with all three common words (and merges every word
    starting with `c`): 100-150 ms against about 10 at 100,000 articles.
    Statements have no pairs and keep the positional phrase.
    """
    star = "*" if _prefix_ok(words[-1]) else ""
    if len(words) == 1 or not pairs:
        return f'"{" ".join(words)}"{star}'
    joined = " ".join(a + b for a, b in zip(words, words[1:]))
    return f'(compound_key : "{joined}"{star} OR statements_key : "{" ".join(words)}"{star})'


def _tsquery_phrase(words):
    """A phrase for PostgreSQL, answered by the GIN index alone where it can be.

    The index's D part holds every pair of neighbouring words joined (the
    compound key, statements included), so two words side by side are the one
    lexeme `ab`: no position check, no re-reading of the (TOASTed) vector. A
    longer phrase keeps its exact `<->` check, but only on the rows that have
    each of its joined pairs, which the index finds first.
    """
    last = ":*" if _prefix_ok(words[-1]) else ""
    if len(words) == 1:
        return f"'{words[0]}'{last}"
    pairs = [f"'{a}{b}'" for a, b in zip(words, words[1:])]
    pairs[-1] += last
    if len(words) == 2:
        return pairs[0]
    exact = " <-> ".join(f"'{w}'" for w in words) + last
    return "(" + " & ".join(pairs) + f" & ({exact}))"


def fts5_expression(query, tight, pairs=True):
    wanted = " AND ".join(
        "(" + _fts5_alternatives(_clause_phrases(query, clause), pairs) + ")"
        for clause in _reading_clauses(query, tight)
    )
    unwanted = [_fts5_alternatives(term_alternatives(term, query), pairs) for term in query.excluded]
    return f"({wanted}) NOT ({' OR '.join(unwanted)})" if unwanted else wanted


def tsquery_expression(query, tight):
    wanted = " & ".join(
        "(" + " | ".join(_tsquery_phrase(p) for p in _clause_phrases(query, clause)) + ")"
        for clause in _reading_clauses(query, tight)
    )
    unwanted = [_tsquery_phrase(p) for term in query.excluded for p in term_alternatives(term, query)]
    return f"({wanted}) & !({' | '.join(unwanted)})" if unwanted else wanted


def _has_phrase(query, tight):
    """Whether the PostgreSQL query has a positional check (a phrase of three words or more)."""
    clauses = _reading_clauses(query, tight)
    return any(len(p) > 2 for clause in clauses for p in _clause_phrases(query, clause))


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


def _match_expression(query, tight):
    if connection.vendor == "postgresql":
        expression = tsquery_expression(query, tight)
        return ArticleSQL("{table}.search_vector @@ to_tsquery('simple', %s)", [expression], BooleanField())
    expression = fts5_expression(query, tight)
    # The unary plus keeps SQLite from looking each match up by id (reading
    # whole article rows, overflow pages and all): it walks the covering
    # (status, published_at) index newest-first and checks the id against the
    # FTS result instead, never touching the table.
    return ArticleSQL(
        f"+{{table}}.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)", [expression], BooleanField()
    )


def matching(queryset, query, tight):
    """`queryset` narrowed to the articles `query` matches in one reading (no ranking)."""
    return queryset.alias(_search_match=_match_expression(query, tight)).filter(_search_match=True)


def _rank_expression(query, tight):
    """Relevance of one article, computed in SQL (costly: read per row; the window bounds it)."""
    if connection.vendor == "postgresql":
        # The small vector (headline and lead) ranks; the whole one only matches.
        return ArticleSQL(
            "ts_rank({table}.rank_vector, to_tsquery('simple', %s))::float8", [tsquery_expression(query, tight)],
            FloatField(),
        )
    expression = fts5_expression(query, tight)
    # bm25 clamps the weight of a word found in over half the archive to
    # almost nothing (common in a small archive, or for a topic word), so a
    # match in the headline adds its own bonus on top (phrases as positions:
    # the headline has no column of pairs).
    return ArticleSQL(
        f"(coalesce((SELECT -bm25({FTS_TABLE}, 10.0, 4.0, 1.0, 1.0, 0.2) FROM {FTS_TABLE} "
        f"WHERE {FTS_TABLE} MATCH %s AND rowid = {{table}}.id), 0) + "
        f"EXISTS(SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND rowid = {{table}}.id))",
        [expression, f"headline_key : ({fts5_expression(query, tight, pairs=False)})"],
        FloatField(),
    )


@contextlib.contextmanager
def _through_the_index(needed):
    """On PostgreSQL, make the planner take the GIN index first (a bitmap scan) for phrases.

    It misjudges how many rows a phrase matches; it then walks the date index
    newest-first re-checking each row's whole (TOASTed) vector, which is
    seconds when the phrase is rare. The GIN index narrows to the rows with
    every word before any row is read.
    """
    if not needed or connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off; SET enable_indexscan = off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET enable_seqscan = DEFAULT; SET enable_indexscan = DEFAULT")


def window_size(query):
    return min(RANK_WINDOW, ONE_WORD_WINDOW) if query.one_word else RANK_WINDOW


@dataclass
class SearchRun:
    """A query run once: the reading that matched and the ranked window of newest matches.

    `window` holds (id, rank, published_at) of the newest matches, at most
    `size`; `full` says there are more matches than that.
    """

    query: ParsedQuery
    tight: bool
    matches: object  # the queryset of every match (in the reading that matched)
    window: list
    size: int
    full: bool
    linked: object = None  # the Q of the articles linked to what the query names, if any
    spelled: object = None  # the matches of the text alone (without the linked articles)
    linked_only: object = None  # the linked articles the text does not match
    counted: int | None = None  # the text matches counted with the window, up to TOTAL_CAP + 1 (SQLite)

    def ranked_rows(self):
        """The window's (id, rank, published_at), most relevant first (then newest, then highest id)."""
        return sorted(self.window, key=lambda row: (-row[1], -row[2].timestamp(), -row[0]))

    def ranked_ids(self):
        return [row[0] for row in self.ranked_rows()]

    @property
    def ranks(self):
        return {row[0]: row[1] for row in self.window}

    def count(self, cap=None):
        """(total, exact): exact when the window holds every match, else counted up to `cap` (TOTAL_CAP)."""
        if not self.full:
            return len(self.window), True
        cap = TOTAL_CAP if cap is None else cap
        # No order: the planner reads the full-text index (a bitmap), never the date index.
        counted = self.counted if cap == TOTAL_CAP else None
        if self.linked is None:
            total = _capped_count(self.matches, cap) if counted is None else counted
            return min(total, cap), total <= cap
        # The text matches are counted through their index, and the linked
        # articles the text does not match only when those are under the cap:
        # an OR of the two made PostgreSQL scan the table (0.7-1.9 s).
        spelled = _capped_count(self.spelled, cap) if counted is None else counted
        total = spelled
        if spelled <= cap:
            total += self.spelled.model._base_manager.filter(
                id__in=self.linked_only.order_by().values("id")[: cap + 1 - spelled]
            ).count()
        return min(total, cap), total <= cap

    def ranked(self, queryset, annotation="search_rank", ids=None):
        """`queryset` narrowed to the window (or to `ids` of it), each row annotated with its rank as the run computed it."""
        ranks = self.ranks if ids is None else {pk: self.ranks[pk] for pk in ids}
        ranks = json.dumps({str(pk): rank for pk, rank in ranks.items()})
        if connection.vendor == "postgresql":
            sql = "((%s::jsonb ->> ({table}.id)::text))::float8"
        else:
            sql = "CAST(json_extract(%s, '$.\"' || {table}.id || '\"') AS REAL)"
        wanted = list(self.ranks) if ids is None else list(ids)
        return queryset.filter(id__in=wanted).annotate(**{annotation: ArticleSQL(sql, [ranks], FloatField())})


# How much dearer a match checked on the row (its whole search vector read back
# from TOAST) is than one found by the GIN index and fetched by id (measured
# about 0.04-0.08 ms against 0.01 ms at 100,000 articles).
RECHECK_COST = 4


def _index_matches(tsquery):
    """SQL of the ids of every article the GIN index finds for `tsquery` (no vector is read back)."""
    return RawSQL("SELECT id FROM articles_search_ids(to_tsquery('simple', %s))", [tsquery])


def _estimate_sql(query, tight):
    """SQL for about how many articles match (an upper bound, from the planner's statistics only).

    Each phrase counts as its rarest word pair (or word): the planner, which
    multiplies the shares of words that in fact go together, would take a
    common phrase for a rare one. Alternatives add up; required clauses take
    the smallest.
    """
    clauses, params = [], []
    for clause in _reading_clauses(query, tight):
        alternatives = []
        for words in _clause_phrases(query, clause):
            last = ":*" if _prefix_ok(words[-1]) else ""
            if len(words) == 1:
                parts = [f"'{words[0]}'{last}"]
            else:
                parts = [f"'{a}{b}'" for a, b in zip(words, words[1:])]
                parts[-1] += last
            params.extend(parts)
            alternatives.append(
                "least(" + ", ".join(["articles_search_estimate(to_tsquery('simple', %s))"] * len(parts)) + ")"
            )
        clauses.append("(" + " + ".join(alternatives) + ")")
    return "least(" + ", ".join(clauses) + ")", params


def _postgres_window(queryset, matches, query, tight, size):
    """The newest `size` + 1 matches, ranked on the small vector: one statement, two ways, chosen by the estimate.

    Walking the articles newest-first and checking each row's search vector
    reads about (size + 1) / share rows, each vector read back from TOAST: the
    fast way for a word in most articles (300 rows), seconds for one in 5%
    of them. Finding every match through the GIN index (a bitmap, no vector
    read back unless a phrase needs its positions) costs the number of
    matches. The statement takes the planner's estimate of the matches
    (_estimate_sql, statistics only) and runs the cheaper way; the other is
    skipped by a one-time filter. Phrases go through the index before the date
    limit unless they are common.
    """
    tsquery = tsquery_expression(query, tight)
    columns = ("id", "published_at")
    walk_sql, walk_params = (
        matches.order_by("-published_at", "-id").values(*columns)[: size + 1].query.sql_with_params()
    )
    found = queryset.filter(id__in=_index_matches(tsquery))
    found_sql, found_params = found.order_by("-published_at", "-id").values(*columns)[: size + 1].query.sql_with_params()
    estimate, estimate_params = _estimate_sql(query, tight)
    sql = (
        f"WITH s AS MATERIALIZED (SELECT {estimate}::float8 AS n, "
        "greatest((SELECT reltuples FROM pg_class WHERE oid = 'articles_article'::regclass), 1)::float8 AS total), "
        f"walk AS MATERIALIZED (SELECT * FROM ({walk_sql}) w (id, published_at) "
        "WHERE (SELECT n * n > %s * total FROM s)), "
        f"found AS MATERIALIZED (SELECT * FROM ({found_sql}) f (id, published_at) "
        "WHERE (SELECT n * n <= %s * total FROM s)) "
        "SELECT x.id, ts_rank(a.rank_vector, to_tsquery('simple', %s))::float8, x.published_at "
        "FROM (SELECT id, published_at FROM walk UNION ALL SELECT id, published_at FROM found) x "
        "JOIN articles_article a ON a.id = x.id"
    )
    # A phrase is re-checked on its rows either way; a word only on the walk.
    threshold = (1 if _has_phrase(query, tight) else RECHECK_COST) * (size + 1)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*estimate_params, *walk_params, threshold, *found_params, threshold, tsquery])
        return cursor.fetchall()


def _capped_count(matches, cap):
    """How many of `matches` there are, counted up to `cap` + 1, through the full-text index.

    On PostgreSQL the planner would scan the table for a common word, reading
    every search vector back from TOAST until it has counted enough (5,000
    rows, 0.1-0.3 s); through the GIN index (a bitmap) no vector is read. The
    planner settings hold for this one statement only (SET LOCAL in the same
    round trip, set back after it, inside a transaction too).
    """
    if connection.vendor != "postgresql":
        return matches.order_by()[: cap + 1].count()
    inner, params = matches.order_by().values("id")[: cap + 1].query.sql_with_params()
    sql = (
        "SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off; "
        f"SELECT count(*) FROM ({inner}) c; "
        "SET LOCAL enable_seqscan = DEFAULT; SET LOCAL enable_indexscan = DEFAULT"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        results = cursor.cursor
        while results.description is None and results.nextset():
            pass
        return results.fetchone()[0]


def _window(queryset, query, tight, size, count=False):
    """(id, rank, published_at) of the newest `size` + 1 matches, ranked, and their total if asked: one query.

    The total (counted up to TOTAL_CAP, None when not asked or not computed
    here) comes with the window on SQLite only; PostgreSQL counts through its
    index when asked (SearchRun.count).
    """
    if connection.vendor == "sqlite":
        return _sqlite_window(queryset, query, tight, size, count)
    matches = matching(queryset, query, tight)
    if connection.vendor == "postgresql":
        rows = _postgres_window(queryset, matches, query, tight, size)
    else:
        newest = matches.order_by("-published_at", "-id").values("id")[: size + 1]
        rows = (
            queryset.model._base_manager.filter(id__in=newest)
            .annotate(_rank=_rank_expression(query, tight))
            .values_list("id", "_rank", "published_at")
        )
    return [(pk, float(rank or 0.0), published_at) for pk, rank, published_at in rows], None


def _sqlite_window(queryset, query, tight, size, count):
    """The window on SQLite: FTS5 matches once, the date index picks the newest, Python ranks them.

    FTS5 builds a word's whole match list (every word starting with it merged)
    each time the expression is evaluated, and bm25 evaluates it once more for
    its word weights: a common word cost that three or four times a request
    (60-200 ms each at 100,000 articles). Here the list is built once, and one
    walk of the date index newest-first gives the newest matches and, when
    asked, the capped count. The rank is computed from the window's headline
    and lead keys, as PostgreSQL ranks its small headline-and-lead vector
    (_python_rank).
    """
    expression = fts5_expression(query, tight)
    in_matches = ArticleSQL(
        f"+{{table}}.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)", [expression], BooleanField()
    )
    found = queryset.alias(_search_match=in_matches).filter(_search_match=True)
    # With a count, the walk goes on to TOTAL_CAP + 1 matches: the newest
    # `size` + 1 are its first rows, the count its length (one walk, one list).
    limit = max(size, TOTAL_CAP) + 1 if count else size + 1
    walk, params = found.order_by("-published_at", "-id").values("id", "published_at")[:limit].query.sql_with_params()
    sql = (
        f"WITH walk (id, published_at) AS MATERIALIZED ({walk}), "
        "newest AS (SELECT id, published_at FROM walk ORDER BY published_at DESC, id DESC LIMIT %s) "
        "SELECT n.id, n.published_at, a.headline_key, a.lead_key, (SELECT count(*) FROM walk) "
        "FROM newest n JOIN articles_article a ON a.id = n.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, size + 1])
        fetched = cursor.fetchall()
    rank = _python_rank(query, tight)
    rows = [(pk, rank(headline, lead), _as_datetime(published_at)) for pk, published_at, headline, lead, _ in fetched]
    return rows, (fetched[0][4] if fetched else 0) if count else None


# ts_rank's weights of the headline (A) and the lead (B), as PostgreSQL ranks rank_vector.
HEADLINE_WEIGHT, LEAD_WEIGHT = 1.0, 0.4
SPELLED_RANK = 0.001


def _python_rank(query, tight):
    """rank(headline_key, lead_key): how strongly a matching article's headline and lead hold the query.

    Each required clause scores its hits (any of its alternatives): the
    headline's weigh 1, the lead's 0.4, each further hit half the one before;
    the clauses' scores are averaged. Words are looked for as typed and in the
    neighbouring pairs joined (`پیامرسان` finds a headline's `پیام رسان`), as
    the PostgreSQL rank vector holds them. Matching articles with neither
    rank lowest and come newest first, as on PostgreSQL.
    """
    clauses = []
    for clause in _reading_clauses(query, tight):
        phrases = _clause_phrases(query, clause)
        # Any hit, as typed or joined, holds one of these once spaces are taken out: a quick test first.
        needles = {"".join(words) for words in phrases}
        clauses.append((needles, re.compile("|".join(_key_pattern(words) for words in phrases))))

    def strength(clause, key, squeezed):
        needles, pattern = clause
        if not any(needle in squeezed for needle in needles):
            return 0.0
        words = key.split()  # a key: already normalised, single spaces
        hits = len(pattern.findall(key + " " + " ".join(map(str.__add__, words, words[1:]))))
        return 2.0 * (1 - 0.5 ** hits)  # 1 hit: 1.0, 2: 1.5, 3: 1.75 ...

    def rank(headline, lead):
        texts = [(HEADLINE_WEIGHT, headline or ""), (LEAD_WEIGHT, lead or "")]
        texts = [(weight, key, key.replace(" ", "")) for weight, key in texts]
        scores = [sum(weight * strength(clause, key, squeezed) for weight, key, squeezed in texts) for clause in clauses]
        # A floor above 0: an article that spells the query ranks above one only linked to what it names.
        return SPELLED_RANK + (sum(scores) / len(scores) if scores else 0.0)

    return rank


def _as_datetime(value):
    """A raw SQLite datetime column as Django would read it (aware, UTC)."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.replace(tzinfo=dt.UTC) if value is not None and value.tzinfo is None else value


def _linked_window(queryset, linked, size):
    """(id, 0.0, published_at) of the newest `size` + 1 articles linked to what the query names."""
    rows = queryset.filter(linked).order_by("-published_at", "-id").values_list("id", "published_at")[: size + 1]
    return [(pk, 0.0, published_at) for pk, published_at in rows]


def run(queryset, query, size=None, linked=None, count=False):
    """Run `query` over `queryset` once: one query (two when several words' tight reading finds nothing).

    `linked` (a Q on the article, optional) adds the articles an editor linked
    to the entity the whole query names (a platform, a person): they match
    even where the copy never spells the name, ranked after those that do
    (one query more). `count`: the total will be wanted (SearchRun.count);
    SQLite then counts in the window's statement, from the same match list.
    """
    size = window_size(query) if size is None else size
    tight = query.plain and len(query.tokens) > 1
    window, counted = _window(queryset, query, tight, size, count) if tight else ([], None)
    if not window:
        tight = False
        window, counted = _window(queryset, query, False, size, count)
    query.reading = "tight" if tight else "loose"
    matches = matching(queryset, query, tight)
    if linked is not None:
        seen = {row[0] for row in window}
        window += [row for row in _linked_window(queryset, linked, size) if row[0] not in seen]
        matches = queryset.alias(_search_match=_match_expression(query, tight)).filter(Q(_search_match=True) | linked)
    full = len(window) > size
    if full:
        window = sorted(window, key=lambda row: (row[2], row[0]), reverse=True)[:size]
    run = SearchRun(
        query=query, tight=tight, matches=matches, window=window, size=size, full=full, linked=linked, counted=counted
    )
    if linked is not None:
        run.spelled = matching(queryset, query, tight)
        run.linked_only = queryset.filter(linked).exclude(id__in=run.spelled.values("id"))
    return run


def search_articles(queryset, query):
    """`queryset` narrowed to articles matching `query`, annotated with `search_rank` (higher is better).

    For callers that order or filter further in SQL (the admin, subqueries);
    costs one query more when the query has several words (the tight reading's
    check). Pages use `run`, which ranks the window once.
    """
    if not query.usable:
        return queryset.none()
    if query.plain and len(query.tokens) > 1:
        tight = matching(queryset, query, tight=True)
        with _through_the_index(True):
            found = tight.exists()
        if found:
            query.reading = "tight"
            return tight.annotate(search_rank=_rank_expression(query, True))
    query.reading = "loose"
    return matching(queryset, query, tight=False).annotate(search_rank=_rank_expression(query, False))


# Highlighting in the display text, which keeps its own spelling.
#
# Bounded: a 1 MB body must not be normalised character by character for a
# snippet. The text is scanned in chunks with the fast key function, and only
# the chunk that matches is mapped back to display offsets.

HIGHLIGHT_LIMIT = 2_000  # highlight() marks matches in this many leading characters
SNIPPET_SCAN_LIMIT = 30_000  # a snippet looks for its match this far into a text (about 25 ms)
_CHUNK = 3_000
_OVERLAP = 200
_MATCH_MARGIN = 400  # key characters mapped past where the fast key matched (a match is far shorter)


def _match_patterns(query):
    """Regular expressions over the key text for what the search matched.

    A word's parts are marked only together (as the phrase or joined), never a
    lone «پیام» for «پیام‌رسان»; after the tight reading of several words, only
    the phrase is marked. Excluded words are never marked.
    """
    tight = query.plain and len(query.tokens) > 1 and query.reading == "tight"
    phrases = _unique(
        [phrase for clause in _reading_clauses(query, tight) for phrase in _clause_phrases(query, clause)]
    )
    return [re.compile(_key_pattern(words)) for words in phrases]


def _key_pattern(words):
    r"""A regular expression for `words` side by side in key text, the last one a prefix when long enough.

    It opens with the first letter and only then checks that no letter comes
    before it (`(?<!\w.)`): a pattern that opens with a literal lets `re` skip
    to where that letter is, where a leading `(?<!\w)` is tried at every
    position (about 200 times slower on a lead).
    """
    body = re.escape(" ".join(words))
    tail = r"\w*" if _prefix_ok(words[-1]) else r"(?!\w)"
    first = re.escape(words[0][0])
    return rf"{first}(?<!\w.){body[len(first):]}{tail}"


def _match_spans(text, patterns):
    if not patterns:
        return []
    key, offsets = normalize_key_with_offsets(text)
    if not key:
        return []
    spans = []
    for pattern in patterns:  # one by one: alternatives may overlap (a phrase and its joined form)
        for match in pattern.finditer(key):
            spans.append((offsets[match.start()], offsets[match.end() - 1] + 1))
    spans.sort()
    merged = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _marked(text, spans, isolate=False):
    """`text` escaped, `spans` in <mark>; with `isolate`, Latin runs (dates, handles) in <bdi dir="ltr">
    so that 2018-11-20 is not drawn 20-11-2018 inside Persian (for pages; the API gives plain marks)."""
    escape = _isolated if isolate else html.escape
    out, last = [], 0
    for start, end in spans:
        out.append(escape(text[last:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        last = end
    out.append(escape(text[last:]))
    return "".join(out)


def _isolated(text):
    from archive_site.templatetags.persian import isolate_ltr

    return str(isolate_ltr(text))


def highlight(text, query, isolate=False):
    """`text`, escaped, with every match in its first HIGHLIGHT_LIMIT characters wrapped in <mark>."""
    text = text or ""
    spans = []
    if query and query.usable:
        spans = _match_spans(text[:HIGHLIGHT_LIMIT], _match_patterns(query))
    return mark_safe(_marked(text, spans, isolate))


def _first_match(text, patterns):
    """The display offset of the first match within SNIPPET_SCAN_LIMIT characters, or None.

    Each chunk is first tested on its key (string translation and regular
    expressions, fast); display offsets are computed only for a chunk that matches.
    """
    limit = min(len(text), SNIPPET_SCAN_LIMIT)
    for start in range(0, limit, _CHUNK):
        chunk = text[start:start + _CHUNK + _OVERLAP]
        key = normalize_key(chunk)
        first = [m.start() for m in (pattern.search(key) for pattern in patterns) if m]
        if first:
            # Offsets only as far as the match and a margin past it; a match
            # that reaches the cut could be longer in the whole key, so then
            # (or if none is found) the whole chunk is mapped.
            limit = min(first) + _MATCH_MARGIN
            key, offsets = normalize_key_with_offsets(chunk, limit=limit)
            matches = [pattern.search(key) for pattern in patterns]
            if len(key) >= limit and any(m and m.end() >= len(key) for m in matches):
                matches = None
            if not matches or not any(matches):
                key, offsets = normalize_key_with_offsets(chunk)
                matches = [pattern.search(key) for pattern in patterns]
            found = [m.start() for m in matches if m]
            if found:
                return start + offsets[min(found)]
    return None


def snippet(text, query, length=240, isolate=False):
    """About `length` characters of `text` around its first match, highlighted, «…» where it is cut.

    Only the neighbourhood of the match is tidied and highlighted, never the whole text.
    """
    text = text or ""
    patterns = _match_patterns(query) if query and query.usable else []
    anchor = (_first_match(text, patterns) if patterns else None) or 0
    begin, stop = max(0, anchor - length), min(len(text), anchor + 2 * length)
    piece = " ".join(text[begin:stop].split())
    start = max(0, len(" ".join(text[begin:anchor].split())) - length // 3) if anchor else 0
    if start:
        space = piece.find(" ", start)
        start = space + 1 if 0 <= space < start + 30 else start
    end = min(len(piece), start + length)
    if end < len(piece):
        space = piece.rfind(" ", start, end)
        end = space if space > start else end
    before = begin > 0 or start > 0
    after = end < len(piece) or bool(text[stop:].strip())
    window = piece[start:end]
    marked = _marked(window, _match_spans(window, patterns), isolate)
    return mark_safe(("… " if before else "") + marked + (" …" if after else ""))


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

# Part of the trigger function's text: a function without it is older, and its vectors are rebuilt.
_SEARCH_VECTOR_VERSION = "search vector v2: rank_vector and word pairs"

_POSTGRES_SQL = [
    "ALTER TABLE articles_article ADD COLUMN IF NOT EXISTS search_vector tsvector",
    # Headline and lead only: small enough to stay in the row (not TOASTed), so
    # ranking a window of matches reads little; the whole vector only matches.
    "ALTER TABLE articles_article ADD COLUMN IF NOT EXISTS rank_vector tsvector",
    # Each pair of neighbouring words of a key joined (as archive_site.text.compound_key does in Python).
    """CREATE OR REPLACE FUNCTION articles_key_pairs(k text) RETURNS text AS $$
        SELECT coalesce(string_agg(w || n, ' '), '') FROM (
            SELECT w, lead(w) OVER (ORDER BY i) AS n
            FROM unnest(string_to_array(coalesce(k, ''), ' ')) WITH ORDINALITY AS t(w, i)
        ) pairs WHERE n IS NOT NULL AND w <> '' AND n <> ''
    $$ LANGUAGE sql IMMUTABLE""",
    """CREATE OR REPLACE FUNCTION articles_article_search_vector() RETURNS trigger AS $$
    BEGIN
        -- {version}
        NEW.search_vector :=
            setweight(to_tsvector('simple', coalesce(NEW.headline_key, '')), 'A') ||
            setweight(to_tsvector('simple', coalesce(NEW.lead_key, '')), 'B') ||
            setweight(to_tsvector('simple', coalesce(NEW.body_key, '') || ' ' || coalesce(NEW.statements_key, '')), 'C') ||
            -- what was said as neighbouring pairs too (compound_key has headline, lead and body)
            setweight(to_tsvector('simple', coalesce(NEW.compound_key, '') || ' ' || articles_key_pairs(NEW.statements_key)), 'D');
        NEW.rank_vector :=
            setweight(to_tsvector('simple', coalesce(NEW.headline_key, '') || ' ' || articles_key_pairs(NEW.headline_key)), 'A') ||
            setweight(to_tsvector('simple', coalesce(NEW.lead_key, '') || ' ' || articles_key_pairs(NEW.lead_key)), 'B');
        RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS articles_article_search_vector_trigger ON articles_article",
    """CREATE TRIGGER articles_article_search_vector_trigger BEFORE INSERT OR UPDATE ON articles_article
       FOR EACH ROW EXECUTE FUNCTION articles_article_search_vector()""",
    "CREATE INDEX IF NOT EXISTS articles_article_search_vector_gin ON articles_article USING gin (search_vector)",
    # The matches as the GIN index finds them (a bitmap; never a scan that reads
    # every vector back from TOAST, which the planner does not price): their
    # ids, and how many. Functions, so the planner settings hold for them alone.
    """CREATE OR REPLACE FUNCTION articles_search_ids(q tsquery) RETURNS TABLE (id bigint) AS $$
        SELECT id::bigint FROM articles_article WHERE search_vector @@ q
    $$ LANGUAGE sql STABLE SET enable_seqscan = off SET enable_indexscan = off""",
    # The planner's estimate of how many articles have a lexeme (or a prefix of
    # one): its statistics of the vector's most common lexemes, no row read.
    """CREATE OR REPLACE FUNCTION articles_search_estimate(q tsquery) RETURNS float8 AS $$
    DECLARE plan json;
    BEGIN
        EXECUTE format('EXPLAIN (FORMAT JSON) SELECT 1 FROM articles_article WHERE search_vector @@ %L::tsquery', q::text)
            INTO plan;
        RETURN (plan -> 0 -> 'Plan' ->> 'Plan Rows')::float8;
    END $$ LANGUAGE plpgsql VOLATILE""",
]


_POSTGRES_SQL = [sql.replace("{version}", _SEARCH_VECTOR_VERSION) for sql in _POSTGRES_SQL]


def ensure_search_index(using_connection=None):
    """Create the full-text index and its triggers if missing; rebuild it if they were missing."""
    conn = using_connection or connection
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM pg_trigger WHERE tgname = 'articles_article_search_vector_trigger'"
            )
            missing = cursor.fetchone()[0] == 0
            cursor.execute(
                "SELECT count(*) FROM information_schema.columns "
                "WHERE table_name = 'articles_article' AND column_name = 'rank_vector'"
            )
            missing = missing or cursor.fetchone()[0] == 0
            # A changed trigger function (what the vectors hold) means every vector is rebuilt.
            cursor.execute("SELECT prosrc FROM pg_proc WHERE proname = 'articles_article_search_vector'")
            current = cursor.fetchone()
            missing = missing or current is None or _SEARCH_VECTOR_VERSION not in current[0]
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
            cursor.execute("DROP FUNCTION IF EXISTS articles_key_pairs(text)")
            cursor.execute("DROP FUNCTION IF EXISTS articles_search_ids(tsquery)")
            cursor.execute("DROP FUNCTION IF EXISTS articles_search_estimate(tsquery)")
            cursor.execute("ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector")
            cursor.execute("ALTER TABLE articles_article DROP COLUMN IF EXISTS rank_vector")
        elif conn.vendor == "sqlite":
            for suffix in ("ai", "ad", "au"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {FTS_TABLE}_{suffix}")
            cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")

