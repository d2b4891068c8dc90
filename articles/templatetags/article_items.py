"""{% article_item article [level=3] [show_lead=False] [time_only=False] %}: an article in a list.

    <article class="item">
      <h3 class="item-title"><a href="…">headline</a></h3>
      <p class="meta"><a href="…">desk</a> · <time datetime="…">Jalali date and time</time></p>
      <p class="lead-short">the lead's first 40 words</p>      (show_lead)
    </article>

`time_only` (lists already grouped by day): "ساعت ۱۴:۳۰ · desk". Built in
Python, not as an included template: a list page shows 12 to 50 of these, and
the include's context and variable lookups were most of its rendering time.
"""

from django import template
from django.template.defaultfilters import truncatewords
from django.utils.html import format_html

from archive_site.templatetags.pages import iso
from archive_site.templatetags.persian import jdatetime, jtime

register = template.Library()


@register.simple_tag
def article_item(article, level=3, show_lead=False, time_only=False):
    section = article.section
    desk = format_html('<a href="{}">{}</a>', section.get_absolute_url(), section.name)
    moment = article.published_at
    if time_only:
        meta = format_html('<time datetime="{}">ساعت {}</time> · {}', iso(moment), jtime(moment), desk)
    else:
        meta = format_html('{} · <time datetime="{}">{}</time>', desk, iso(moment), jdatetime(moment))
    lead = format_html('\n  <p class="lead-short">{}</p>', truncatewords(article.lead, 40)) if show_lead and article.lead else ""
    return format_html(
        '<article class="item">\n  <h{} class="item-title"><a href="{}">{}</a></h{}>\n  <p class="meta">{}</p>{}\n</article>\n',
        level, article.get_absolute_url(), article.headline, level, meta, lead,
    )
