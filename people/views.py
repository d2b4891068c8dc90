"""People pages: the alphabetical list and each person's roles, conferences, statements and articles."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from articles.views import absolute, paginate
from people import selectors
from people.models import Person

PEOPLE_PER_PAGE = 50
ARTICLES_PER_PAGE = 20


def person_list(request):
    initials = selectors.surname_initials()
    letter = request.GET.get("letter", "").strip()
    missing = bool(letter) and letter not in initials
    # A letter nobody's surname begins with (or no letter at all): 404, with the index to choose another.
    people = Person.objects.none() if missing else selectors.people_alphabetical(letter=letter)
    page = paginate(request, people, PEOPLE_PER_PAGE)
    return render(
        request,
        "people/person_list.html",
        {
            "page_obj": page,
            "initials": initials,
            "letter": letter,
            "missing_letter": missing,
            "canonical_url": absolute(reverse("people:list"), request),
        },
        status=404 if missing else 200,
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
            "page_obj": paginate(
                request, selectors.articles_mentioning(person=person), ARTICLES_PER_PAGE,
                counted=selectors.articles_mentioning_counted(person=person), count_key=f"person:{person.pk}",
            ),
            "canonical_url": absolute(person.get_absolute_url(), request),
        },
    )
