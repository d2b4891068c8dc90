"""Each endpoint's list and detail, the objects' common fields, and what never reaches a partner."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

ENDPOINTS = ["articles", "conferences", "people", "organizations", "platforms", "statements", "sections"]


def _ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_every_list_and_detail_answers_with_links(api, archive, endpoint):
    listing = api.get(f"/api/v1/{endpoint}/")
    assert listing.status_code == 200
    assert listing["Content-Type"].startswith("application/json")
    body = listing.json()
    assert set(body) == {"total", "page_size", "next", "results"}
    assert body["results"], endpoint
    first = body["results"][0]
    assert first["api_url"] == f"https://testserver/api/v1/{endpoint}/{first['id']}/"
    assert "url" in first
    detail = api.get(f"/api/v1/{endpoint}/{first['id']}/")
    assert detail.status_code == 200
    assert detail.json()["id"] == first["id"]


def test_article_carries_dates_in_both_calendars_and_related_summaries(api, archive):
    founding = archive["founding"]
    data = api.get(f"/api/v1/articles/{founding.pk}/").json()
    assert data["published_at"] == "2018-11-20T18:30:00+03:30"
    assert data["published_at_jalali"] == "1397-08-29T18:30:00+03:30"
    assert data["url"] == f"https://testserver{founding.get_absolute_url()}"
    assert data["section"]["slug"] == "science"
    assert [p["slug"] for p in data["people"]] == ["hamid-fattahi"]
    assert {p["slug"] for p in data["platforms"]} == {"telegram", "gap", "hotgram"}
    assert {o["slug"] for o in data["organizations"]} == {"ict-ministry", "student-union"}
    assert data["organizations"][0]["url"] is None  # organizations have no public page
    assert data["conference"]["slug"] == "migration"
    assert data["conference"]["starts_at_jalali"] == "1397-08-29T16:00:00+03:30"


def test_unconfirmed_conference_is_not_shown_anywhere(api, archive):
    hidden = archive["hidden_conference"]
    assert api.get(f"/api/v1/articles/{archive['politics_article'].pk}/").json()["conference"] is None
    assert hidden.pk not in _ids(api.get("/api/v1/conferences/"))
    assert api.get(f"/api/v1/conferences/{hidden.pk}/").status_code == 404
    assert api.get(f"/api/v1/articles/?conference={hidden.pk}").status_code == 400


def test_conference_lists_participants_with_their_role_then(api, archive):
    data = api.get(f"/api/v1/conferences/{archive['conference'].pk}/").json()
    assert data["participants"][0]["person"]["slug"] == "hamid-fattahi"
    assert data["participants"][0]["role"]["title"] == "معاون وزیر"
    assert data["participants"][0]["role"]["organization"]["slug"] == "ict-ministry"
    assert [a["id"] for a in data["articles"]] == [archive["founding"].pk]
    assert data["host"]["slug"] == "student-union"


def test_person_platform_and_statement_details(api, archive):
    person = api.get(f"/api/v1/people/{archive['fattahi'].pk}/").json()
    assert person["roles"][0]["start_date"] == "2017-01-01"
    assert person["roles"][0]["start_date_jalali"] == "1395-10-12"
    hotgram = api.get(f"/api/v1/platforms/{archive['hotgram'].pk}/").json()
    assert hotgram["parent"]["slug"] == "telegram"
    assert hotgram["kind"] == "unofficial_client"
    statement = api.get(f"/api/v1/statements/{archive['statement'].pk}/").json()
    assert statement["speaker"]["slug"] == "hamid-fattahi"
    assert statement["article"]["id"] == archive["founding"].pk
    assert statement["url"] == f"https://testserver{archive['founding'].get_absolute_url()}"
    assert [p["slug"] for p in statement["platforms"]] == ["gap"]


def test_show_fields_adds_to_the_small_default(api, archive):
    founding = archive["founding"]
    default = api.get(f"/api/v1/articles/{founding.pk}/").json()
    assert "body" not in default and "lead" not in default and "statements" not in default
    some = api.get(f"/api/v1/articles/{founding.pk}/?show-fields=body,lead").json()
    assert some["body"] == founding.body and some["lead"] == founding.lead
    assert "statements" not in some and "reporter" not in some
    everything = api.get("/api/v1/articles/?show-fields=all").json()["results"]
    full = next(item for item in everything if item["id"] == founding.pk)
    assert {"body", "lead", "agency", "dateline_city", "reporter", "message_code", "statements"} <= set(full)
    assert full["statements"][0]["speaker"]["slug"] == "hamid-fattahi"


def test_unknown_show_field_is_a_400_naming_it(api, archive):
    response = api.get("/api/v1/articles/?show-fields=body,password")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["status"] == 400 and error["code"] == "invalid"
    assert "password" in error["fields"]["show-fields"][0]


def test_non_public_articles_never_reach_a_partner(api, archive, non_public_articles):
    hidden = {article.pk for article in non_public_articles.values()}
    for url in [
        "/api/v1/articles/", "/api/v1/articles/?q=زرافه", "/api/v1/articles/?show-fields=all&page-size=100",
        "/api/v1/articles/?order-by=oldest", "/api/v1/statements/", "/api/v1/conferences/",
    ]:
        response = api.get(url)
        assert response.status_code == 200, url
        assert "زرافه" not in response.content.decode(), url
        if url.startswith("/api/v1/articles/"):
            assert not hidden & set(_ids(response)), url
    assert api.get("/api/v1/articles/?q=زرافه").json()["results"] == []
    for kind in ("draft", "review", "scheduled"):
        response = api.get(f"/api/v1/articles/{non_public_articles[kind].pk}/")
        assert response.status_code == 404, kind
        assert "زرافه" not in response.content.decode()


def test_statements_of_non_public_articles_are_not_listed(api, archive, non_public_articles):
    from articles.models import Statement

    secret = Statement.objects.create(text="گفتهٔ پنهان زرافه", article=non_public_articles["draft"], speaker=archive["fattahi"])
    assert secret.pk not in _ids(api.get("/api/v1/statements/"))
    assert api.get(f"/api/v1/statements/{secret.pk}/").status_code == 404
    people = api.get(f"/api/v1/people/{archive['fattahi'].pk}/").content.decode()
    assert "زرافه" not in people


def test_withdrawn_article_answers_410_with_a_tombstone_only(api, non_public_articles):
    withdrawn = non_public_articles["withdrawn"]
    response = api.get(f"/api/v1/articles/{withdrawn.pk}/")
    assert response.status_code == 410
    error = response.json()["error"]
    assert error["code"] == "withdrawn"
    assert error["tombstone"]["id"] == withdrawn.pk
    assert error["tombstone"]["status"] == "withdrawn"
    assert error["tombstone"]["withdrawn_at_jalali"]
    assert "زرافه" not in response.content.decode()


def test_withdrawn_article_that_was_never_public_is_simply_absent(api, make_article):
    from django.utils import timezone

    never = make_article(status="withdrawn", published_at=None, withdrawn_at=timezone.now())
    assert api.get(f"/api/v1/articles/{never.pk}/").status_code == 404


@pytest.mark.parametrize(
    "path",
    ["/api/v1/articles/abc/", "/api/v1/articles/999999/", "/api/v1/articles/99999999999999999999999/", "/api/v2/", "/api/nothing"],
)
def test_unknown_objects_and_paths_are_json_404(api, archive, path):
    response = api.get(path)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_a_missing_final_slash_is_redirected(api, archive):
    response = api.get("/api/v1/articles?section=science")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/articles/?section=science"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writes_are_405(api, archive, method):
    for path in ["/api/v1/articles/", f"/api/v1/articles/{archive['founding'].pk}/", "/api/v1/changes/"]:
        response = getattr(api, method)(path, {"headline": "x"}, format="json")
        assert response.status_code == 405, (method, path)
        assert response.json()["error"]["code"] == "method_not_allowed"
        assert "GET" in response["Allow"]


def _list_queries(api, url):
    with CaptureQueriesContext(connection) as queries:
        assert api.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "endpoint, pinned",
    [
        # count, page, and one per prefetched relation
        ("articles", 5),
        ("articles?show-fields=all", 7),
        ("conferences", 4),
        ("people", 4),
        ("organizations", 3),
        ("platforms", 3),
        ("statements", 3),
        ("sections", 2),
    ],
)
def test_list_query_counts_are_pinned_and_do_not_grow(api, archive, make_article, endpoint, pinned):
    from articles.models import PressConference, Statement
    from people.models import Organization, Participation, Person, Role

    for n in range(30):
        person = Person.objects.create(name=f"شخص آزمایشی {n}")
        organization = Organization.objects.create(name=f"سازمان آزمایشی {n}")
        Role.objects.create(person=person, organization=organization, title="سخنگو")
        conference = PressConference.objects.create(title=f"نشست آزمایشی {n}", confirmed=True, host=organization)
        Participation.objects.create(conference=conference, person=person)
        article = make_article(section=archive["science"], conference=conference)
        article.people.add(person)
        article.organizations.add(organization)
        article.platforms.add(archive["gap"])
        statement = Statement.objects.create(text=f"گفته {n}", article=article, speaker=person, conference=conference)
        statement.platforms.add(archive["telegram"])
    separator = "&" if "?" in endpoint else "?"
    small = _list_queries(api, f"/api/v1/{endpoint.replace('?', '/?', 1) if '?' in endpoint else endpoint + '/'}{separator}page-size=2")
    large = _list_queries(api, f"/api/v1/{endpoint.replace('?', '/?', 1) if '?' in endpoint else endpoint + '/'}{separator}page-size=30")
    assert small == large == pinned


def test_detail_of_a_withdrawn_or_missing_article_costs_few_queries(api, non_public_articles, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        api.get(f"/api/v1/articles/{non_public_articles['withdrawn'].pk}/")
