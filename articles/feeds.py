"""RSS 2.0 and Atom feeds of the archive's public articles: the latest, and per desk.

The per-person and per-platform feeds (people/feeds.py, platforms/feeds.py)
share everything here but the filter; every feed reads through
`feed_articles`, which starts from `articles.selectors.public_articles()`.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape

from articles.models import Article, Section, Statement
from articles.selectors import public_articles
from platforms.models import Platform

# How many of the newest articles a feed carries: enough for a reader polling
# hourly on a busy day, small enough to stay cheap.
FEED_LENGTH = 30


def feed_articles(*, section=None, person=None, platform=None, limit=FEED_LENGTH):
    """The newest public articles for a feed, with everything an item shows loaded in 2 queries.

    A person's feed holds the articles that name them or report what they said;
    a platform's feed holds the articles that name it or carry a statement about it.
    """
    articles = public_articles()
    if section is not None:
        articles = articles.filter(section=section)
    if person is not None:
        # Subqueries, not joins: an article naming the person twice must not appear twice.
        articles = articles.filter(
            Q(pk__in=Article.people.through.objects.filter(person=person).values("article_id"))
            | Q(pk__in=Statement.objects.filter(speaker=person).values("article_id"))
        )
    if platform is not None:
        articles = articles.filter(
            Q(pk__in=Article.platforms.through.objects.filter(platform=platform).values("article_id"))
            | Q(pk__in=Statement.platforms.through.objects.filter(platform=platform).values("statement__article_id"))
        )
    return (
        articles.prefetch_related(Prefetch("platforms", queryset=Platform.objects.only("id", "name", "sort_name").order_by("sort_name")))
        .order_by("-published_at", "-id")[:limit]
    )


class ArticleFeed(Feed):
    """What every article feed says about an item; subclasses choose the articles and the feed's own title."""

    feed_type = Rss201rev2Feed
    language = "fa"

    def author_name(self):
        return settings.SITE_NAME

    def item_title(self, item):
        # RSS readers take a title as HTML (Django's default, ticket #6533);
        # Atom declares its title as plain text, so it is left as it is.
        return item.headline if self.feed_type is Atom1Feed else escape(item.headline)

    def item_description(self, item):
        # The lead is the article's own summary; wire copy without one gives its first paragraph.
        paragraphs = item.paragraphs
        summary = item.lead or (paragraphs[0] if paragraphs else item.headline)
        return escape(summary)

    def item_link(self, item):
        return item.get_absolute_url()

    # The guid is the canonical address (Django's default: the item's link). It
    # stays put when a headline is corrected: the slug is made once, on creation.
    item_guid_is_permalink = True

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        # An article scheduled ahead was last saved before it came out; to a
        # reader it is new at its publication time.
        return max(item.updated_at, item.published_at)

    def item_author_name(self, item):
        return f"{item.reporter}، {item.agency}" if item.reporter else item.agency

    def item_categories(self, item):
        return [item.section.name, *(platform.name for platform in item.platforms.all())]


class AtomMixin:
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)


class LatestArticlesFeed(ArticleFeed):
    def title(self, obj):
        return f"{settings.SITE_NAME}: تازه‌ترین خبرها"

    def description(self, obj):
        return f"تازه‌ترین خبرهای منتشرشده در {settings.SITE_NAME}."

    def link(self, obj):
        return reverse("articles:home")

    def items(self, obj):
        return feed_articles()


class LatestArticlesAtomFeed(AtomMixin, LatestArticlesFeed):
    pass


class SectionArticlesFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def title(self, obj):
        return f"{settings.SITE_NAME}: خبرهای گروه {obj.name}"

    def description(self, obj):
        return obj.description or f"تازه‌ترین خبرهای گروه {obj.name} در {settings.SITE_NAME}."

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return feed_articles(section=obj)


class SectionArticlesAtomFeed(AtomMixin, SectionArticlesFeed):
    pass
