"""The sections of the sitemap, in the order the index names them (see archive_site.sitemaps)."""

from articles.sitemaps import ARCHIVE, ARTICLES, CONFERENCES, INDEX_PAGES, SECTIONS as DESKS
from people.sitemaps import PEOPLE
from platforms.sitemaps import PLATFORMS

SECTIONS = [INDEX_PAGES, DESKS, ARTICLES, CONFERENCES, PEOPLE, PLATFORMS, ARCHIVE]
