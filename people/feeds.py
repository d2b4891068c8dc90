"""RSS and Atom feeds of the public articles about a person."""

from django.conf import settings
from django.shortcuts import get_object_or_404

from articles.feeds import ArticleFeed, AtomMixin, feed_articles
from people.models import Person


class PersonArticlesFeed(ArticleFeed):
    def get_object(self, request, pk):
        return get_object_or_404(Person, pk=pk)

    def title(self, obj):
        return f"{settings.SITE_NAME}: خبرهای {obj.name}"

    def description(self, obj):
        return f"تازه‌ترین خبرهایی که از {obj.name} نام برده‌اند یا سخنی از او آورده‌اند."

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return feed_articles(person=obj)


class PersonArticlesAtomFeed(AtomMixin, PersonArticlesFeed):
    pass
