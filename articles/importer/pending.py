"""Rows of new articles that nothing reads before their batch ends, written together.

A new article's links, its place on import suggestions (and their seen
counts), its history version and its change-log row are read by nothing in
the rest of its file, nor by the other files of its batch: a file that may be
the same article has them written first (Batch.existing_article). So each
file hands them to its batch once its savepoint is released, and the batch
writes them for all its files at once, a statement or two per table instead
of a dozen per file. A file that fails hands nothing; a file imported alone
writes its own at its end, in its transaction.
"""

from collections import Counter

from django.db.models import F

from articles.models import Article, ImportSuggestion

RELATIONS = ("people", "organizations", "platforms")


class NewRows:
    def __init__(self):
        self.articles = []  # new articles, with their _change_reason and _history_date
        self.links = {relation: [] for relation in RELATIONS}  # relation -> [(article id, linked id)]
        self.suggestion_links = []  # (suggestion id, article id)
        self.seen = Counter()  # suggestion id -> how many more articles it was seen in

    def extend(self, other):
        self.articles += other.articles
        for relation in RELATIONS:
            self.links[relation] += other.links[relation]
        self.suggestion_links += other.suggestion_links
        self.seen.update(other.seen)

    def write(self):
        """Write everything held, in one transaction with the files that made it; then hold nothing."""
        from articles.services import record_imported_articles

        for relation, rows in self.links.items():
            if rows:
                field = getattr(Article, relation).field
                through = field.remote_field.through
                source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
                # No m2m signals: their history version and change-log row are the article's own, below.
                through.objects.bulk_create([through(**{source: a, target: b}) for a, b in rows])
        if self.suggestion_links:
            through = ImportSuggestion.articles.through
            # No m2m signal: suggestions are not public content (the page cache ignores them) and keep no history.
            through.objects.bulk_create([through(importsuggestion_id=s, article_id=a) for s, a in self.suggestion_links])
        by_count = {}
        for pk, count in self.seen.items():
            by_count.setdefault(count, []).append(pk)
        for count, pks in by_count.items():
            ImportSuggestion.objects.filter(pk__in=pks).update(seen_count=F("seen_count") + count)
        # Last: the history version holds the links written above.
        record_imported_articles(self.articles)
        self.__init__()
