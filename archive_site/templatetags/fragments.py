"""{% generation_cache "name" %}...{% endgeneration_cache %}: a shared block cached on the content generation.

The block (the home page's sidebar, for instance) is rendered once per content
generation (archive_site.pagecache) and reused until content changes or the
next scheduled publication, like the pages themselves. Its lazy querysets are
not even run on a hit. The block must not depend on the request.

Inside a transaction the block is rendered afresh: changes not yet committed
have not moved the generation on. It is kept by archive_site.pagecache.memo,
which also serves pages rendered with the page cache off (FRAGMENT_CACHE).
"""

from django import template

from archive_site.pagecache.memo import remember

register = template.Library()


class GenerationCacheNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        return remember(f"fragment:{self.name}", lambda: self.nodelist.render(context))


@register.tag
def generation_cache(parser, token):
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError('usage: {% generation_cache "name" %}...{% endgeneration_cache %}')
    nodelist = parser.parse(("endgeneration_cache",))
    parser.delete_first_token()
    return GenerationCacheNode(nodelist, bits[1][1:-1])
