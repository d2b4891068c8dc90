"""{% newsroom_dashboard as dashboard %}: the admin index's panels (articles/dashboard.py)."""

from django import template

from articles.dashboard import dashboard

register = template.Library()


@register.simple_tag(takes_context=True)
def newsroom_dashboard(context):
    return dashboard(context["request"].user)
