"""Platform pages: the alphabetical list, and each platform's facts, family, coverage and statements."""

import math

from django.http import Http404
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.urls import reverse

from archive_site import jalali
from archive_site.charts import Bar, bar_chart
from archive_site.text import to_persian_digits
from articles.archive_address import month_path
from articles.views import absolute, paginate
from platforms import selectors

ARTICLES_PER_PAGE = 20
# The chart draws the most recent months; the table beside it lists them all.
CHART_MONTHS = 36


def platform_list(request):
    return render(
        request,
        "platforms/platform_list.html",
        {"platforms": selectors.platforms_alphabetical(), "canonical_url": absolute(reverse("platforms:list"), request)},
    )


def coverage_chart(platform, months):
    recent = months[-CHART_MONTHS:]
    bars = [
        Bar(
            # A month's name, with its year when the year begins (and on the first bar).
            label=jalali.month_name(month) if (month != 1 and index) else jalali.format_month(year, month),
            value=count,
            title=f"{jalali.format_month(year, month)}: {to_persian_digits(count)} خبر",
        )
        for index, (year, month, count) in enumerate(recent)
    ]
    return bar_chart(
        bars,
        title=f"شمار خبرهای مربوط به {platform.name} در هر ماه",
        # About six labels fit under the axis on a phone.
        label_every=max(1, math.ceil(len(bars) / 6)),
    )


def platform_detail(request, slug):
    platform = selectors.platform_for_reader(slug=slug)
    if platform is None:
        raise Http404("سکویی با این نشانی در آرشیو نیست.")
    months = selectors.monthly_coverage(platform=platform)
    return render(
        request,
        "platforms/platform_detail.html",
        {
            "platform": platform,
            # Lazy: built only when the coverage block is rendered, not when it is kept (platform_detail.html).
            "coverage": SimpleLazyObject(lambda: [
                {"title": jalali.format_month(year, month), "count": count, "url": month_path(year, month)}
                for year, month, count in months
            ]),
            "chart": SimpleLazyObject(lambda: coverage_chart(platform, months) if months else ""),
            "chart_months": min(len(months), CHART_MONTHS),
            "statements": selectors.statements_about(platform=platform),
            "statements_limit": selectors.STATEMENTS_ON_PLATFORM_PAGE,
            "page_obj": paginate(
                request, selectors.articles_about(platform=platform), ARTICLES_PER_PAGE,
                counted=selectors.articles_about_counted(platform=platform), count_key=f"platform:{platform.pk}",
            ),
            "canonical_url": absolute(platform.get_absolute_url(), request),
        },
    )
