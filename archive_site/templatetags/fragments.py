"""{% generation_cache "name" %}...{% endgeneration_cache %}: a shared block cached on the content generation.

The block (the home page's sidebar, for instance) is rendered once per content
generation (archive_site.pagecache) and reused until content changes or the
next scheduled publication, like the pages themselves. Its lazy querysets are
not even run on a hit. The block must not depend on the request.

Inside a transaction the block is rendered afresh: changes not yet committed
have not moved the generation on.
"""

import time

from django import template
from django.conf import settings
from django.db import connection

from archive_site.pagecache import generation as generations

register = template.Library()


class GenerationCacheNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        if connection.in_atomic_block or not getattr(settings, "PAGE_CACHE_ENABLED", True):
            return self.nodelist.render(context)
        generation = generations.current()
        key = f"pagecache:fragment:{generations.release()}:{self.name}:{generation.token}"
        cache = generations.cache()
        value = cache.get(key)
        if value is None:
            value = self.nodelist.render(context)
            timeout = generations.entry_timeout(generation, time.time())
            if timeout > 0:
                cache.set(key, value, timeout)
        return value


@register.tag
def generation_cache(parser, token):
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError('usage: {% generation_cache "name" %}...{% endgeneration_cache %}')
    nodelist = parser.parse(("endgeneration_cache",))
    parser.delete_first_token()
    return GenerationCacheNode(nodelist, bits[1][1:-1])
