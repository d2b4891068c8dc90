"""People are listed by surname, with a Persian alphabet index; a person's statements are grouped by article."""

import datetime as dt
from html import unescape

from django.urls import reverse
from django.utils import timezone

from archive_site.text import initial_prefix, sort_initial, surname_sort_key
from articles.models import Statement
from people.models import Person


def test_surname_key_files_a_name_under_its_last_word_or_the_given_surname():
    assert sort_initial(surname_sort_key("حمید فتاحی")) == "ف"
    assert sort_initial(surname_sort_key("محمدجواد آذری جهرمی", "آذری جهرمی")) == "ا"  # آ files with ا
    assert surname_sort_key("پرویز چنگیزی") < surname_sort_key("بهمن ژاله‌ای")  # چ before ژ, whatever the first name
    assert initial_prefix("ف") == surname_sort_key("حمید فتاحی")[0]


def test_people_are_listed_by_surname_in_persian_order(client, db):
    for name in ["یاسر بهرامی", "آرش یگانه", "گلاره پاکزاد", "بهمن چمران", "حمید فتاحی", "ژاله کاوه"]:
        Person.objects.create(name=name)
    Person.objects.create(name="محمدجواد آذری جهرمی", surname="آذری جهرمی")
    response = client.get(reverse("people:list"))
    listed = [p.name for p in response.context["page_obj"]]
    assert listed == ["محمدجواد آذری جهرمی", "یاسر بهرامی", "گلاره پاکزاد", "بهمن چمران", "حمید فتاحی", "ژاله کاوه", "آرش یگانه"]
    # The index lists the letters that begin a surname, in alphabetical order.
    assert response.context["initials"] == ["ا", "ب", "پ", "چ", "ف", "ک", "ی"]
    page = unescape(response.content.decode())
    assert '<nav class="alphabet"' in page and "?letter=%DA%86" in page  # چ


def test_alphabet_letter_filters_and_unknown_letter_is_404(client, db):
    for name in ["حمید فتاحی", "علی فرهادی", "ژاله کاوه"]:
        Person.objects.create(name=name)
    response = client.get(reverse("people:list"), {"letter": "ف"})
    assert [p.name for p in response.context["page_obj"]] == ["حمید فتاحی", "علی فرهادی"]
    assert 'aria-current="page">ف</a>' in response.content.decode()
    for letter in ("ظ", "x", "فف"):
        missing = client.get(reverse("people:list"), {"letter": letter})
        assert missing.status_code == 404
        assert "نام خانوادگی‌اش با «" in unescape(missing.content.decode())


def test_existing_people_get_a_surname_key_when_it_changes(db):
    person = Person.objects.create(name="حمید فتاحی")
    Person.objects.filter(pk=person.pk).update(surname_sort="")
    person.refresh_from_db()
    person.surname = "فتاحی"
    person.save()
    assert sort_initial(person.surname_sort) == "ف"


def test_person_statements_are_grouped_under_each_headline_once(client, make_article):
    person = Person.objects.create(name="حمید فتاحی")
    now = timezone.now()
    first = make_article(headline="تیتر خبر نخست یگانه", published_at=now - dt.timedelta(days=2))
    second = make_article(headline="تیتر خبر دوم یگانه", published_at=now - dt.timedelta(days=1))
    for position, text in enumerate(["گفتهٔ یکم", "«گفتهٔ دوم»"], 1):
        Statement.objects.create(article=first, speaker=person, text=text, position=position)
    Statement.objects.create(article=second, speaker=person, text="گفتهٔ سوم", position=1)
    page = unescape(client.get(person.get_absolute_url()).content.decode())
    assert page.count("تیتر خبر نخست یگانه") == 1 and page.count("تیتر خبر دوم یگانه") == 1
    # Newest article first; within it the statements in order, each in «» (not doubled).
    assert page.index("تیتر خبر دوم یگانه") < page.index("«گفتهٔ سوم»") < page.index("تیتر خبر نخست یگانه")
    assert page.index("«گفتهٔ یکم»") < page.index("«گفتهٔ دوم»") and "««" not in page
    assert "۲ گفته" in page
