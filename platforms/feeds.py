"""RSS and Atom feeds of the public articles about a platform."""

from django.conf import settings
from django.shortcuts import get_object_or_404

from articles.feeds import ArticleFeed, AtomMixin, feed_articles
from platforms.models import Platform


class PlatformArticlesFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Platform, slug=slug)

    def title(self, obj):
        return f"{settings.SITE_NAME}: خبرهای {obj.name}"

    def description(self, obj):
        return f"تازه‌ترین خبرهایی که از {obj.name} نام برده‌اند یا سخنی دربارهٔ آن آورده‌اند."

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return feed_articles(platform=obj)


class PlatformArticlesAtomFeed(AtomMixin, PlatformArticlesFeed):
    pass
