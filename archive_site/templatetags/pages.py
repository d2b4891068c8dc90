"""Template helpers of the reader site's layout: the site's name, JSON-LD, elided page ranges.

    {% load pages %}
    {% site_name %}
    {% json_ld data %}
    {% page_range page_obj as pages %}
"""

import datetime as dt
import json

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.safestring import mark_safe

register = template.Library()

# Characters that could end the <script> element or open markup inside it.
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag
def site_name():
    return settings.SITE_NAME


@register.simple_tag
def json_ld(data):
    """`data` as a schema.org JSON-LD <script>; '<', '>' and '&' are escaped so text cannot close the element."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')


@register.simple_tag
def page_range(page_obj):
    """Page numbers around the current one, with Paginator.ELLIPSIS where pages are skipped."""
    return list(page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1))


@register.filter
def iso(value):
    """A machine-readable date or time for <time datetime>: Tehran time, whole seconds (HTML allows at most ms)."""
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()
