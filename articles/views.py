"""Reader pages of the archive: home, articles, desks, press conferences, search and the Jalali archive.

Views stay thin: they read request parameters, call articles.selectors, and
render. What is public is decided in the selectors, never here.
"""

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from archive_site import jalali
from archive_site.search import highlight, snippet
from articles import selectors
from articles.models import Section
from people.models import Person
from platforms.models import Platform

ARTICLES_PER_PAGE = 20
CONFERENCES_PER_PAGE = 20
SEARCH_RESULTS_PER_PAGE = 20


def paginate(request, items, per_page):
    """The page named by ?page=; a page that is not a number gives the first, one past the end the last."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def absolute(path):
    """An absolute URL on the site's public address (stable behind proxies, and what feeds and the sitemap use)."""
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
            "canonical_url": absolute(reverse("articles:home")),
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
    url = absolute(article.get_absolute_url())
    conference = article.conference if article.conference and article.conference.confirmed else None
    return render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "conference": conference,
            "related": selectors.related_articles(article=article),
            "canonical_url": url,
            "json_ld": news_article_json_ld(article, url),
        },
    )


def section_detail(request, slug):
    section = get_object_or_404(Section, slug=slug)
    page = paginate(request, selectors.section_articles(section=section), ARTICLES_PER_PAGE)
    return render(
        request,
        "articles/section_detail.html",
        {"section": section, "page_obj": page, "canonical_url": absolute(section.get_absolute_url())},
    )


def conference_list(request):
    page = paginate(request, selectors.public_conferences(), CONFERENCES_PER_PAGE)
    return render(
        request,
        "articles/conference_list.html",
        {"page_obj": page, "canonical_url": absolute(reverse("articles:conferences"))},
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
        {"conference": conference, "canonical_url": absolute(conference.get_absolute_url())},
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
            return jalali.parse_date(value)
        except jalali.InvalidDate as error:
            raise forms.ValidationError(str(error)) from None

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
    result = selectors.search(raw_query=form.cleaned_data["q"], filters=form.filters())
    page = None
    if result.articles is not None:
        page = paginate(request, result.articles, SEARCH_RESULTS_PER_PAGE)
        statements = selectors.statements_for(articles=page.object_list) if result.query.usable else {}
        for article in page.object_list:
            article.headline_html = highlight(article.headline, result.query)
            article.snippet = _snippet_for(article, result.query, statements.get(article.pk, []))
    return render(request, "articles/search.html", {"form": form, "result": result, "page_obj": page})


def _snippet_for(article, query, statements):
    """A highlighted excerpt: from lead and body, or from a statement when only what was said matched."""
    text = " ".join(part for part in (article.lead, article.body) if part)
    if not query.usable:
        return snippet(text, None)
    excerpt = snippet(text, query)
    if "<mark>" not in excerpt:
        for statement in statements:
            quoted = snippet(statement.text, query)
            if "<mark>" in quoted:
                return quoted
    return excerpt


# The archive by Jalali month.

def archive_index(request):
    today = jalali.current_jalali()
    return redirect("articles:archive", year=today.year, month=today.month)


def archive_month(request, year, month):
    try:
        archive = selectors.archive_month(year=year, month=month)
    except (jalali.InvalidDate, ValueError, OverflowError):
        raise Http404("چنین ماهی در تقویم نیست.") from None
    page = paginate(request, archive.articles, 50)
    return render(
        request,
        "articles/archive_month.html",
        {
            "archive": archive,
            "page_obj": page,
            "month_title": jalali.format_month(year, month),
            "previous_title": jalali.format_month(*archive.previous) if archive.previous else "",
            "next_title": jalali.format_month(*archive.next) if archive.next else "",
            "canonical_url": absolute(reverse("articles:archive", kwargs={"year": year, "month": month})),
        },
    )


def archive_year(request, year):
    try:
        counts = selectors.archive_months_of_year(year=year)
    except (jalali.InvalidDate, ValueError, OverflowError):
        raise Http404("چنین سالی در تقویم نیست.") from None
    months = [
        {"number": month, "name": jalali.month_name(month), "count": counts.get(month, 0)} for month in range(1, 13)
    ]
    return render(
        request,
        "articles/archive_year.html",
        {
            "year": year,
            "months": months,
            "total": sum(counts.values()),
            "canonical_url": absolute(reverse("articles:archive_year", kwargs={"year": year})),
        },
    )

