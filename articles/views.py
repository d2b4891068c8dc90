"""Reader pages of the archive: home, articles, desks, press conferences, search and the Jalali archive.

Views stay thin: they read request parameters, call articles.selectors, and
render. What is public is decided in the selectors, never here.
"""

import datetime as dt

from django import forms
from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from archive_site import jalali
from archive_site.checks import site_url_configured
from articles import archive_address, reading
from archive_site.paging import DeferredJoinPaginator
from archive_site.search import highlight, snippet
from articles import selectors
from articles.models import Section
from people.models import Person
from platforms.models import Platform

ARTICLES_PER_PAGE = 20
CONFERENCES_PER_PAGE = 20
SEARCH_RESULTS_PER_PAGE = 20
# Dates a search may be limited to: Gregorian 1900-2200 (Jalali 1279-1579).
SEARCH_DATE_RANGE = (dt.date(1900, 3, 21), dt.date(2200, 3, 20))


def paginate(request, items, per_page, counted=None, count_key=None):
    """The page named by ?page=; a page that is not a number gives the first, one past the end the last.

    Deep pages read their ids first, then their rows (archive_site.paging), instead of a long OFFSET over full rows.
    `counted`: the same rows as a queryset cheaper to count; `count_key`: the list's name, to keep its
    count for the content generation (see DeferredJoinPaginator).
    """
    return DeferredJoinPaginator(items, per_page, counted=counted, count_key=count_key).get_page(request.GET.get("page"))


def absolute(path, request=None):
    """An absolute URL on the site's public address (stable behind proxies, and what feeds and the sitemap use).

    Without a configured SITE_URL (the local default) the request's own host is
    used, so canonical and Open Graph addresses never point at 127.0.0.1 on a
    deployment that forgot it (`check --deploy` warns about that, see archive_site.checks).
    """
    if request is not None and not site_url_configured():
        return request.build_absolute_uri(path)
    return f"{settings.SITE_URL}{path}"


def home(request):
    return render(
        request,
        "articles/home.html",
        {
            "latest": selectors.latest_articles(limit=12),
            "conferences": selectors.recent_conferences(limit=5),
            "sections": selectors.sections(),
            "platforms_in_news": selectors.platforms_in_the_news(),
            "news_window_days": selectors.NEWS_WINDOW_DAYS,
            "canonical_url": absolute(reverse("articles:home"), request),
        },
    )


def news_article_json_ld(article, url):
    """schema.org NewsArticle for search engines and aggregators."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": "fa",
        # Tehran time with its offset, as the agency dates its copy.
        "datePublished": timezone.localtime(article.published_at).isoformat(),
        "dateModified": timezone.localtime(max(article.updated_at, article.published_at)).isoformat(),
        "articleSection": article.section.name,
        "author": {"@type": "Organization", "name": article.agency},
        "publisher": {"@type": "Organization", "name": article.agency},
    }
    if article.lead:
        data["description"] = article.lead
    if article.message_code:
        data["identifier"] = article.message_code
    about = [{"@type": "Thing", "name": platform.name} for platform in article.platforms.all()]
    mentions = [{"@type": "Person", "name": person.name} for person in article.people.all()]
    if about:
        data["about"] = about
    if mentions:
        data["mentions"] = mentions
    return data


def article_detail(request, pk, slug=None):
    lookup = selectors.article_for_reader(pk=pk)
    if lookup is None:
        raise Http404("خبری با این شماره در آرشیو عمومی نیست.")
    if lookup.article is None:
        # Withdrawn: say so and when, and nothing of what it said.
        return render(
            request,
            "articles/withdrawn.html",
            {
                "article_id": lookup.withdrawn_id, "withdrawn_at": lookup.withdrawn_at,
                "headline": lookup.withdrawn_headline, "published_at": lookup.withdrawn_published_at,
                "reason": lookup.withdrawal_reason,
            },
            status=410,
        )
    article = lookup.article
    if slug != article.slug:
        return redirect(article.get_absolute_url(), permanent=True)
    url = absolute(article.get_absolute_url(), request)
    short_url = absolute(reverse("articles:short", kwargs={"pk": article.pk}), request)
    conference = article.conference if article.conference and article.conference.is_public else None
    return render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            # Lazy: read and computed only when their blocks are rendered, not when they are kept.
            "reading": SimpleLazyObject(lambda: reading.reading_of(selectors.with_reading_details(article))),
            "conference": conference,
            "linked": SimpleLazyObject(lambda: selectors.with_links(article)),
            "related": SimpleLazyObject(lambda: list(selectors.related_articles(article=selectors.with_links(article)))),
            "canonical_url": url,
            "short_url": short_url,
            "share_links": reading.share_links(url=short_url, title=article.headline),
            "printed_on": timezone.now(),
            "json_ld": lambda: news_article_json_ld(selectors.with_links(article), url),  # called by the template
        },
    )


def section_detail(request, slug):
    section = get_object_or_404(selectors.public_sections(), slug=slug)
    page = paginate(request, selectors.section_articles(section=section), ARTICLES_PER_PAGE, count_key=f"desk:{section.pk}")
    return render(
        request,
        "articles/section_detail.html",
        {"section": section, "page_obj": page, "canonical_url": absolute(section.get_absolute_url(), request)},
    )


def conference_list(request):
    page = paginate(request, selectors.public_conferences(), CONFERENCES_PER_PAGE)
    return render(
        request,
        "articles/conference_list.html",
        {"page_obj": page, "canonical_url": absolute(reverse("articles:conferences"), request)},
    )


def conference_detail(request, pk, slug=None):
    conference = selectors.conference_for_reader(pk=pk)
    if conference is None:
        raise Http404("نشستی با این شماره در آرشیو عمومی نیست.")
    if slug != conference.slug:
        return redirect(conference.get_absolute_url(), permanent=True)
    return render(
        request,
        "articles/conference_detail.html",
        {"conference": conference, "canonical_url": absolute(conference.get_absolute_url(), request)},
    )


# Search.

class SearchForm(forms.Form):
    """The search page's parameters; every one optional, every error a Persian message (and a 400)."""

    q = forms.CharField(label="جست‌وجو", required=False, strip=True)
    section = forms.ModelChoiceField(
        label="گروه خبری", queryset=Section.objects.order_by("position", "sort_name"), to_field_name="slug",
        required=False, empty_label="همهٔ گروه‌ها",
        error_messages={"invalid_choice": "این گروه خبری در آرشیو نیست."},
    )
    platform = forms.ModelChoiceField(
        label="سکو", queryset=Platform.objects.order_by("sort_name"), to_field_name="slug",
        required=False, empty_label="همهٔ سکوها",
        error_messages={"invalid_choice": "این سکو در آرشیو نیست."},
    )
    # People are many: the filter arrives from a person's page as an id and is shown, not chosen from a list.
    person = forms.CharField(required=False, widget=forms.HiddenInput)
    date_from = forms.CharField(label="از تاریخ", required=False, max_length=40)
    date_to = forms.CharField(label="تا تاریخ", required=False, max_length=40)
    sort = forms.ChoiceField(
        label="ترتیب", required=False,
        choices=[(selectors.SORT_RELEVANCE, "مرتبط‌ترین"), (selectors.SORT_NEWEST, "تازه‌ترین")],
        error_messages={"invalid_choice": "ترتیب باید «مرتبط‌ترین» (relevance) یا «تازه‌ترین» (newest) باشد."},
    )

    def clean_person(self):
        value = self.cleaned_data["person"]
        if not value:
            return None
        try:
            return Person.objects.get(pk=int(value))
        except (ValueError, OverflowError, Person.DoesNotExist):
            raise forms.ValidationError("این شخص در آرشیو نیست.") from None

    def _clean_date(self, name):
        value = self.cleaned_data[name]
        if not value:
            return None
        try:
            day = jalali.parse_date(value)
        except jalali.InvalidDate as error:
            raise forms.ValidationError(str(error)) from None
        if not (SEARCH_DATE_RANGE[0] <= day <= SEARCH_DATE_RANGE[1]):
            # Far dates (9999-12-31) overflow when the day's end is computed; none is in the archive.
            raise forms.ValidationError("این تاریخ بیرون از بازهٔ آرشیو است (سال‌های ۱۲۷۹ تا ۱۵۷۹ خورشیدی).")
        return day

    def clean_date_from(self):
        return self._clean_date("date_from")

    def clean_date_to(self):
        return self._clean_date("date_to")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "«تا تاریخ» نباید پیش از «از تاریخ» باشد.")
        return cleaned

    def filters(self):
        data = self.cleaned_data
        return selectors.SearchFilters(
            section=data.get("section"), person=data.get("person"), platform=data.get("platform"),
            date_from=data.get("date_from"), date_to=data.get("date_to"),
        )


def search(request):
    form = SearchForm(request.GET)
    if not form.is_valid():
        return render(request, "articles/search.html", {"form": form, "result": None}, status=400)
    result = selectors.search(
        raw_query=form.cleaned_data["q"], filters=form.filters(), sort=form.cleaned_data.get("sort") or None
    )
    page = None
    if result.articles is not None:
        page = paginate(request, result.articles, SEARCH_RESULTS_PER_PAGE)
        page.object_list = list(page.object_list)
        statements = selectors.statements_for(articles=page.object_list) if result.query.usable else {}
        for article in page.object_list:
            article.headline_html = highlight(article.headline, result.query, isolate=True)
            article.snippet = _snippet_for(article, result.query, statements.get(article.pk, []))
    return render(request, "articles/search.html", {"form": form, "result": result, "page_obj": page})


def _snippet_for(article, query, statements):
    """A highlighted excerpt: from lead and body, or from a statement when only what was said matched."""
    text = " ".join(part for part in (article.lead, article.body) if part)
    if not query.usable:
        return snippet(text, None, isolate=True)
    excerpt = snippet(text, query, isolate=True)
    if "<mark>" not in excerpt:
        for statement in statements:
            quoted = snippet(statement.text, query, isolate=True)
            if "<mark>" in quoted:
                return quoted
    return excerpt


# The archive by Jalali month, and the addresses a reader trims a URL to.

def article_list(request):
    page = paginate(request, selectors.all_articles(), ARTICLES_PER_PAGE, count_key="articles")
    return render(
        request,
        "articles/article_list.html",
        {"page_obj": page, "canonical_url": absolute(reverse("articles:list"), request)},
    )


def section_list(request):
    return render(
        request,
        "articles/section_list.html",
        {"sections": selectors.sections_with_counts(), "canonical_url": absolute(reverse("articles:sections"), request)},
    )


def short_link(request, pk):
    target = selectors.short_link_target(pk=pk)
    if target is None:
        raise Http404("خبری با این شماره در آرشیو عمومی نیست.")
    return redirect(target, permanent=True)


def archive_index(request):
    return render(
        request,
        "articles/archive_index.html",
        {"years": selectors.archive_years(), "canonical_url": absolute(reverse("articles:archive_index"), request)},
    )


def archive_year(request, year):
    number = archive_address.read_year(year)
    if str(number) != year:
        # Persian digits, a leading zero or a Gregorian year: one address per year.
        return redirect("articles:archive_year", year=number, permanent=True)
    try:
        counts = selectors.archive_months_of_year(year=number)
    except (jalali.InvalidDate, ValueError, OverflowError):
        raise Http404("چنین سالی در تقویم نیست.") from None
    this_month = jalali.current_jalali()
    months = [
        {"number": month, "name": jalali.month_name(month), "count": counts.get(month, 0),
         "future": (number, month) > (this_month.year, this_month.month)}
        for month in range(1, 13)
    ]
    return render(
        request,
        "articles/archive_year.html",
        {
            "year": number,
            "months": months,
            "total": sum(counts.values()),
            "has_next_year": number < this_month.year,
            "canonical_url": absolute(reverse("articles:archive_year", kwargs={"year": number}), request),
        },
    )


def archive_month(request, year, month):
    number_year, number_month = archive_address.read_month(year, month)
    if (str(number_year), str(number_month)) != (year, month):
        return redirect("articles:archive", year=number_year, month=number_month, permanent=True)
    try:
        archive = selectors.archive_month(year=number_year, month=number_month)
    except (jalali.InvalidDate, ValueError, OverflowError):
        raise Http404("چنین ماهی در تقویم نیست.") from None
    page = paginate(request, archive.articles, 50, count_key=f"month:{number_year}-{number_month}")
    return render(
        request,
        "articles/archive_month.html",
        {
            "archive": archive,
            "page_obj": page,
            "days": group_by_day(page.object_list),
            "month_title": jalali.format_month(number_year, number_month),
            "previous_title": jalali.format_month(*archive.previous) if archive.previous else "",
            "next_title": jalali.format_month(*archive.next) if archive.next else "",
            "canonical_url": absolute(
                reverse("articles:archive", kwargs={"year": number_year, "month": number_month}), request
            ),
        },
    )


def group_by_day(articles):
    """[(first article's time, [articles])] by Tehran day, in the order given."""
    days = []
    for article in articles:
        day = jalali.to_jalali(article.published_at).date()
        if days and days[-1][0] == day:
            days[-1][2].append(article)
        else:
            days.append((day, article.published_at, [article]))
    return [{"moment": moment, "articles": items} for _, moment, items in days]
