"""Feed addresses, included at /feeds/: the latest articles, and per desk, person and platform.

URL names (namespace "feeds"): latest_rss, latest_atom, section_rss, section_atom,
person_rss, person_atom, platform_rss, platform_atom.
"""

from django.urls import path

from articles.feeds import LatestArticlesAtomFeed, LatestArticlesFeed, SectionArticlesAtomFeed, SectionArticlesFeed
from people.feeds import PersonArticlesAtomFeed, PersonArticlesFeed
from platforms.feeds import PlatformArticlesAtomFeed, PlatformArticlesFeed

app_name = "feeds"

# Desk and platform slugs are Persian (unicode), which <slug:> refuses: <str:> takes them.
urlpatterns = [
    path("rss/", LatestArticlesFeed(), name="latest_rss"),
    path("atom/", LatestArticlesAtomFeed(), name="latest_atom"),
    path("sections/<str:slug>/rss/", SectionArticlesFeed(), name="section_rss"),
    path("sections/<str:slug>/atom/", SectionArticlesAtomFeed(), name="section_atom"),
    path("people/<int:pk>/rss/", PersonArticlesFeed(), name="person_rss"),
    path("people/<int:pk>/atom/", PersonArticlesAtomFeed(), name="person_atom"),
    path("platforms/<str:slug>/rss/", PlatformArticlesFeed(), name="platform_rss"),
    path("platforms/<str:slug>/atom/", PlatformArticlesAtomFeed(), name="platform_atom"),
]
