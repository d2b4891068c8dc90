"""People pages: the alphabetical list and each person's roles, conferences, statements and articles."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from articles.views import absolute, paginate
from people import selectors

PEOPLE_PER_PAGE = 50
ARTICLES_PER_PAGE = 20


def person_list(request):
    page = paginate(request, selectors.people_alphabetical(), PEOPLE_PER_PAGE)
    return render(
        request, "people/person_list.html", {"page_obj": page, "canonical_url": absolute(reverse("people:list"), request)}
    )


def person_detail(request, pk, slug=None):
    person = selectors.person_for_reader(pk=pk)
    if person is None:
        raise Http404("شخصی با این شماره در آرشیو نیست.")
    if slug != person.slug:
        return redirect(person.get_absolute_url(), permanent=True)
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "statements": selectors.statements_by(person=person),
            "statements_limit": selectors.STATEMENTS_ON_PERSON_PAGE,
            "page_obj": paginate(request, selectors.articles_mentioning(person=person), ARTICLES_PER_PAGE),
            "canonical_url": absolute(person.get_absolute_url(), request),
        },
    )
