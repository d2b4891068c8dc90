"""{% article_item article [level=3] [show_lead=False] [time_only=False] %}: an article in a list.

    <article class="item">
      <h3 class="item-title"><a href="…">headline</a></h3>
      <p class="meta"><a href="…">desk</a> · <time datetime="…">Jalali date and time</time></p>
      <p class="lead-short">the lead's first 40 words</p>      (show_lead)
    </article>

`time_only` (lists already grouped by day): "ساعت ۱۴:۳۰ · desk". Built in
Python, not as an included template: a list page shows 12 to 50 of these, and
the include's context and variable lookups were most of its rendering time.
Every text and address is escaped.
"""

from html import escape as html_escape

from django import template
from django.template.defaultfilters import truncatewords
from django.utils.safestring import mark_safe

from archive_site.templatetags.pages import iso
from archive_site.templatetags.persian import jdatetime, jtime

register = template.Library()


def escape(text):
    # What django.utils.html.escape does, without its lazy-string wrapper (eight calls an item).
    return html_escape(str(text))


@register.simple_tag
def article_item(article, level=3, show_lead=False, time_only=False):
    section, moment, level = article.section, article.published_at, int(level)
    desk = f'<a href="{escape(section.get_absolute_url())}">{escape(section.name)}</a>'
    if time_only:
        meta = f'<time datetime="{escape(iso(moment))}">ساعت {escape(jtime(moment))}</time> · {desk}'
    else:
        meta = f'{desk} · <time datetime="{escape(iso(moment))}">{escape(jdatetime(moment))}</time>'
    lead = f'\n  <p class="lead-short">{escape(truncatewords(article.lead, 40))}</p>' if show_lead and article.lead else ""
    return mark_safe(
        f'<article class="item">\n  <h{level} class="item-title"><a href="{escape(article.get_absolute_url())}">'
        f'{escape(article.headline)}</a></h{level}>\n  <p class="meta">{meta}</p>{lead}\n</article>\n'
    )
