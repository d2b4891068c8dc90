"""The site's addresses of hot objects, built without reverse(): `site_path("articles/12/slug/")`.

A list page links dozens of articles, desks, people and platforms (a sitemap
file 10,000 articles, an API answer hundreds of objects), and reverse() was
most of their cost. `site_path` builds and quotes the address as reverse()
does for a `<str:>` or `<int:>` pattern; the models' tests hold each address
equal to reverse()'s.
"""

from urllib.parse import quote

from django.urls import get_script_prefix
from django.utils.http import RFC3986_SUBDELIMS, escape_leading_slashes


# What reverse() leaves unquoted in a path.
PATH_SAFE = RFC3986_SUBDELIMS + "/~:@"


def site_path(path):
    """`path` (without the leading slash) under the script prefix, quoted as reverse() quotes it."""
    return escape_leading_slashes(quote(f"{get_script_prefix()}{path}", safe=PATH_SAFE))
