"""People, organizations, roles and participants in the admin: search by key, autocomplete, role checks."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from people.admin import ParticipationForm
from people.models import Organization, Person, PersonAlias, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    user = get_user_model().objects.create_user("people-editor", password="a-long-password-4", is_staff=True)
    user.groups.add(Group.objects.get(name="دبیران"))
    client.force_login(user)
    return client


@pytest.fixture
def fattahi():
    ministry = Organization.objects.create(name="وزارت ارتباطات و فناوری اطلاعات", kind="government")
    person = Person.objects.create(name="حمید فتاحی")
    PersonAlias.objects.create(person=person, name="فتاحی")
    Role.objects.create(person=person, organization=ministry, title="معاون وزیر")
    return person


def changelist(client, model_name, query):
    response = client.get(reverse(f"admin:people_{model_name}_changelist"), {"q": query})
    assert response.status_code == 200
    return [str(obj) for obj in response.context["cl"].result_list]


@pytest.mark.parametrize("query", ["حمید فتاحي", "فتاحي", "حميد", "فتّاحی"])
def test_person_search_by_any_spelling(editor_client, fattahi, query):
    # Arabic yeh, and a shadda the name is not stored with.
    assert changelist(editor_client, "person", query) == ["حمید فتاحی"]


def test_person_search_through_an_alias(editor_client, fattahi):
    PersonAlias.objects.create(person=fattahi, name="دکتر فتاحي")
    assert changelist(editor_client, "person", "دکتر فتاحی") == ["حمید فتاحی"]


def test_person_search_lists_each_person_once(editor_client, fattahi):
    PersonAlias.objects.create(person=fattahi, name="حمید فتاحی‌نژاد")
    assert changelist(editor_client, "person", "فتاحی") == ["حمید فتاحی"]


def test_organization_search_without_zwnj_or_with_arabic_kaf(editor_client, fattahi):
    Organization.objects.create(name="انجمن صنفی کسب‌وکارهای اینترنتی")
    assert changelist(editor_client, "organization", "کسبوکارهاي اينترنتي") == ["انجمن صنفی کسب‌وکارهای اینترنتی"]
    assert changelist(editor_client, "organization", "وزارت ارتباطات") == ["وزارت ارتباطات و فناوری اطلاعات"]


def test_role_search_by_person_finds_their_roles(editor_client, fattahi):
    assert changelist(editor_client, "role", "فتاحي") == ["معاون وزیر، وزارت ارتباطات و فناوری اطلاعات"]


def test_person_autocomplete_for_article_mentions(editor_client, fattahi):
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "article", "field_name": "people", "term": "فتاحي"},
    )
    assert response.status_code == 200
    assert [item["text"] for item in response.json()["results"]] == ["حمید فتاحی"]


def test_person_page_shows_roles_and_aliases_inlines(editor_client, fattahi):
    response = editor_client.get(reverse("admin:people_person_change", args=[fattahi.pk]))
    content = response.content.decode()
    assert "aliases-TOTAL_FORMS" in content and "roles-TOTAL_FORMS" in content
    assert "معاون وزیر" in content


def test_role_ending_before_it_starts_is_a_form_error(editor_client, fattahi):
    ministry = Organization.objects.get()
    url = reverse("admin:people_role_add")
    response = editor_client.post(url, {
        "person": fattahi.pk, "organization": ministry.pk, "title": "مشاور",
        "start_date": "2024-05-01", "end_date": "2023-01-01",
    })
    assert response.status_code == 200
    assert "پایان سمت نمی‌تواند پیش از آغاز آن باشد." in response.content.decode()
    assert fattahi.roles.count() == 1


def test_participation_role_of_someone_else_is_refused(fattahi):
    from articles.models import PressConference

    other = Person.objects.create(name="مریم کاظمی")
    conference = PressConference.objects.create(title="نشست آزمایشی")
    form = ParticipationForm(data={"conference": conference.pk, "person": other.pk, "role": fattahi.roles.get().pk,
                                   "order": 0})
    assert not form.is_valid() and "role" in form.errors
    form = ParticipationForm(data={"conference": conference.pk, "person": fattahi.pk,
                                   "role": fattahi.roles.get().pk, "order": 0})
    assert form.is_valid(), form.errors
