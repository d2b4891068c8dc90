"""RSS 2.0 and Atom feeds of the archive's public articles: the latest, and per desk.

The per-person and per-platform feeds (people/feeds.py, platforms/feeds.py)
share everything here but the filter; every feed reads through
`feed_articles`, which starts from `articles.selectors.public_articles()`.
"""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpResponse
from django.utils.http import http_date
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape

from archive_site.text import strip_unsafe_chars
from articles.models import Article, Statement
from articles.selectors import public_articles, public_sections
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


def _safe_for_xml(values, html_fields):
    """A feed's or item's fields with characters XML cannot carry removed, `html_fields` escaped.

    Text is cleaned when it is saved; this also covers rows written before
    that, or around the models (a bulk update), so one bad character never
    takes a feed down.
    """
    cleaned = {}
    for name, value in values.items():
        if isinstance(value, str):
            value = strip_unsafe_chars(value)
            if name in html_fields:
                value = escape(value)
        elif isinstance(value, (list, tuple)):
            value = [strip_unsafe_chars(v) if isinstance(v, str) else v for v in value]
        cleaned[name] = value
    return cleaned


class ArticleFeed(Feed):
    """What every article feed says about an item; subclasses choose the articles and the feed's own title."""

    feed_type = Rss201rev2Feed
    language = "fa"

    def author_name(self):
        return settings.SITE_NAME

    # RSS readers take channel and item text as HTML, so what the feed says in
    # words (titles, descriptions, names, desks) is escaped once for HTML here,
    # and once more for XML by the generator. Atom declares these as text.
    _RSS_HTML_FEED_FIELDS = ("title", "description", "author_name")
    _RSS_HTML_ITEM_FIELDS = ("author_name",)

    def __call__(self, request, *args, **kwargs):
        # Django's Feed.__call__, but the XML is written to a string and handed to the response at once:
        # the generator's thousand small writes each went through HttpResponse.write (a fifth of a feed's time).
        try:
            obj = self.get_object(request, *args, **kwargs)
        except ObjectDoesNotExist:
            raise Http404("Feed object does not exist.") from None
        feedgen = self.get_feed(obj, request)
        response = HttpResponse(feedgen.writeString("utf-8"), content_type=feedgen.content_type)
        response.headers["Last-Modified"] = http_date(feedgen.latest_post_date().timestamp())
        return response

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        is_rss = self.feed_type is not Atom1Feed
        feed.feed = _safe_for_xml(feed.feed, self._RSS_HTML_FEED_FIELDS if is_rss else ())
        feed.items = [_safe_for_xml(item, self._RSS_HTML_ITEM_FIELDS if is_rss else ()) for item in feed.items]
        if is_rss:
            for item in feed.items:
                item["categories"] = [escape(category) for category in item.get("categories") or ()]
        return feed

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
        return get_object_or_404(public_sections(), slug=slug)

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
