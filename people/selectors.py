"""Reads for the people pages: only public articles and their statements are ever listed."""

from django.db.models import Count, F, Prefetch
from django.db.models.functions import Substr

from archive_site.text import initial_prefix, sort_initial
from articles.models import Article, PressConference
from articles.selectors import listed_articles, public_statements
from people.models import Participation, Person, Role

# A person page lists at most this many statements (newest first); the articles are paginated.
STATEMENTS_ON_PERSON_PAGE = 50


def people_alphabetical(*, letter=""):
    """Everyone by surname in Persian alphabetical order (or those whose surname begins with `letter`),
    with the number of public articles naming them (one query)."""
    people = Person.objects.annotate(public_article_count=Count("articles", filter=Article.public_q("articles__")))
    if letter:
        people = people.filter(surname_sort__startswith=initial_prefix(letter))
    return people.order_by("surname_sort", "id")


def surname_initials():
    """The letters that begin someone's surname, in alphabetical order, for the index (one query)."""
    firsts = Person.objects.annotate(first=Substr("surname_sort", 1, 1)).values_list("first", flat=True).distinct()
    return [sort_initial(first) for first in sorted(set(firsts)) if first]


def person_for_reader(*, pk):
    """The person `pk` with roles over time and the confirmed conferences they took part in."""
    return (
        Person.objects.filter(pk=pk)
        .prefetch_related(
            Prefetch(
                "roles",
                # Newest first; among roles begun together, the one still held first.
                queryset=Role.objects.select_related("organization").order_by(
                    F("start_date").desc(nulls_last=True), F("end_date").desc(nulls_first=True), "-id"
                ),
            ),
            Prefetch(
                "participations",
                # From the person's own rows: SQLite otherwise walked every confirmed conference for them.
                queryset=Participation.objects.filter(PressConference.public_q("conference__", unindexed=True))
                .select_related("conference", "conference__host", "role", "role__organization")
                .order_by("-conference__starts_at", "-id"),
                to_attr="public_participations",
            ),
            "aliases",
        )
        .first()
    )


def statements_by(*, person, limit=STATEMENTS_ON_PERSON_PAGE):
    """What `person` said, in public articles only, newest first."""
    return public_statements(by_statement=True).filter(speaker=person).order_by("-article__published_at", "position", "id")[:limit]


def articles_mentioning(*, person):
    """Public articles that name `person`, newest first."""
    return listed_articles().filter(pk__in=Article.objects.filter(people=person).values("pk")).order_by(
        "-published_at", "-id"
    )


def articles_mentioning_counted(*, person):
    """The same articles as `articles_mentioning`, to count: found by the person's links, each only checked for
    being public (on SQLite the list's newest-first walk of every article is 0.1-0.2 s at 100,000)."""
    return Article.objects.filter(Article.public_q(unindexed=True), pk__in=Article.objects.filter(people=person).values("pk"))
