"""{% generation_cache "name" [var ...] %}...{% endgeneration_cache %}: a block cached on the content generation.

`var ...`: what else the block depends on (an article's id), resolved in the context and added to the name.

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
    def __init__(self, nodelist, name, variables):
        self.nodelist = nodelist
        self.name = name
        self.variables = variables

    def render(self, context):
        name = ":".join(["fragment", self.name, *(str(variable.resolve(context)) for variable in self.variables)])
        return remember(name, lambda: self.nodelist.render(context))


@register.tag
def generation_cache(parser, token):
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError('usage: {% generation_cache "name" [var ...] %}...{% endgeneration_cache %}')
    nodelist = parser.parse(("endgeneration_cache",))
    parser.delete_first_token()
    return GenerationCacheNode(nodelist, bits[1][1:-1], [parser.compile_filter(bit) for bit in bits[2:]])
