"""Filters: entities by id or slug with , | and -, dates in both calendars and digit sets, search and order."""

import datetime as dt

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def _ids(response):
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["results"]}


def _field_error(response, field):
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["status"] == 400 and error["code"] == "invalid"
    assert field in error["fields"], error
    return error["fields"][field][0]


@pytest.fixture
def trio(archive, make_article):
    """Three articles over two people: the founding one (fattahi), the politics one (other), and one with both."""
    both = make_article("خبر با هر دو نفر", section=archive["science"])
    both.people.add(archive["fattahi"], archive["other"])
    both.platforms.add(archive["gap"])
    return {"founding": archive["founding"].pk, "politics": archive["politics_article"].pk, "both": both.pk}


@pytest.mark.parametrize(
    "expression, expected",
    [
        ("hamid-fattahi", {"founding", "both"}),
        ("{fattahi}", {"founding", "both"}),
        ("hamid-fattahi,ali-rezaei", {"both"}),
        ("hamid-fattahi|ali-rezaei", {"founding", "politics", "both"}),
        ("-ali-rezaei", {"founding"}),
        ("hamid-fattahi,-ali-rezaei", {"founding"}),
        ("{other}|-hamid-fattahi", {"politics", "both"}),
    ],
)
def test_person_filter_boolean_forms(api, archive, trio, expression, expected):
    expression = expression.format(fattahi=archive["fattahi"].pk, other=archive["other"].pk)
    assert _ids(api.get("/api/v1/articles/", {"person": expression})) == {trio[name] for name in expected}


def test_section_organization_platform_conference_filters(api, archive, trio):
    assert _ids(api.get("/api/v1/articles/?section=science")) == {trio["founding"], trio["both"]}
    assert _ids(api.get(f"/api/v1/articles/?section={archive['politics'].pk}")) == {trio["politics"]}
    assert _ids(api.get("/api/v1/articles/?section=science,politics")) == set()
    assert _ids(api.get("/api/v1/articles/?section=-science")) == {trio["politics"]}
    assert _ids(api.get("/api/v1/articles/?organization=ict-ministry")) == {trio["founding"]}
    assert _ids(api.get("/api/v1/articles/?platform=gap,telegram")) == {trio["founding"]}
    assert _ids(api.get("/api/v1/articles/?platform=gap|telegram")) == set(trio.values())
    assert _ids(api.get("/api/v1/articles/?platform=-telegram")) == {trio["both"]}
    assert _ids(api.get("/api/v1/articles/?conference=migration")) == {trio["founding"]}
    assert _ids(api.get("/api/v1/articles/?conference=-migration")) == {trio["politics"], trio["both"]}


@pytest.mark.parametrize("value", ["999999", "no-such-person", "hamid-fattahi,ghost", "۹۹۹۹۹۹"])
def test_unknown_entity_is_a_400_naming_the_filter(api, archive, value):
    message = _field_error(api.get("/api/v1/articles/", {"person": value}), "person")
    assert "ناشناخته" in message


@pytest.mark.parametrize("value", [",", "a,,b", "-", "a|", "x" * 501])
def test_malformed_expression_is_a_400(api, archive, value):
    _field_error(api.get("/api/v1/articles/", {"section": value}), "section")


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"from-date": "2018-11-20", "to-date": "2018-11-20"}, {"founding"}),
        ({"from-date": "1397-08-29", "to-date": "1397-08-29"}, {"founding"}),
        ({"from-date": "۱۳۹۷-۰۸-۲۹", "to-date": "۱۳۹۷/۰۸/۲۹"}, {"founding"}),
        ({"from-date": "٢٠١٨-١١-٢١"}, {"politics"}),
        ({"to-date": "1397-12-09"}, {"founding"}),
        ({"from-date": "2019-03-01"}, {"politics"}),
    ],
)
def test_date_range_takes_iso_and_jalali_in_any_digits(api, archive, params, expected):
    names = {"founding": archive["founding"].pk, "politics": archive["politics_article"].pk}
    assert _ids(api.get("/api/v1/articles/", params)) == {names[n] for n in expected}


@pytest.mark.parametrize("value", ["2018-13-45", "1404-12-30", "yesterday", "20181120", "9999-99-99"])
def test_malformed_or_impossible_date_is_a_400(api, archive, value):
    _field_error(api.get("/api/v1/articles/", {"from-date": value}), "from-date")


def test_inverted_date_range_is_a_400(api, archive):
    _field_error(api.get("/api/v1/articles/", {"from-date": "2019-01-01", "to-date": "2018-01-01"}), "to-date")


def test_conference_dates_and_people(api, archive):
    conference = archive["conference"].pk
    assert _ids(api.get("/api/v1/conferences/?from-date=1397-08-29&to-date=1397-08-29")) == {conference}
    assert _ids(api.get("/api/v1/conferences/?from-date=2019-01-01")) == set()
    assert _ids(api.get("/api/v1/conferences/?person=hamid-fattahi")) == {conference}
    assert _ids(api.get("/api/v1/conferences/?organization=student-union")) == {conference}


def test_search_finds_a_word_however_it_is_typed(api, archive):
    founding = archive["founding"].pk
    for typed in ["پیام‌رسان", "پیامرسان", "پيام رسان", "فتاحی"]:
        response = api.get("/api/v1/articles/", {"q": typed})
        assert founding in _ids(response), typed
        body = response.json()
        assert body["total"] == len(body["results"]) and body["search"]["total_exact"] is True, typed


def test_search_combines_with_filters(api, archive):
    assert _ids(api.get("/api/v1/articles/", {"q": "پیامرسان", "section": "politics"})) == set()


def test_overlong_or_empty_query_is_a_400_naming_q(api, archive):
    assert "200" in _field_error(api.get("/api/v1/articles/", {"q": "پیام " * 60}), "q")
    _field_error(api.get("/api/v1/articles/", {"q": "پ"}), "q")
    _field_error(api.get("/api/v1/articles/", {"q": "؟!"}), "q")


def test_blank_query_is_no_search(api, archive):
    response = api.get("/api/v1/articles/", {"q": "   "})
    assert response.status_code == 200 and response.json()["total"] == 2
    assert api.get("/api/v1/articles/", {"q": " ", "order-by": "relevance"}).status_code == 400


def test_order_by(api, archive):
    founding, politics = archive["founding"].pk, archive["politics_article"].pk
    newest = [i["id"] for i in api.get("/api/v1/articles/").json()["results"]]
    assert newest == [politics, founding]
    oldest = [i["id"] for i in api.get("/api/v1/articles/?order-by=oldest").json()["results"]]
    assert oldest == [founding, politics]
    assert api.get("/api/v1/articles/", {"q": "پیامرسان", "order-by": "relevance"}).status_code == 200
    assert api.get("/api/v1/articles/", {"q": "پیامرسان", "order-by": "newest"}).status_code == 200
    _field_error(api.get("/api/v1/articles/?order-by=relevance"), "order-by")
    _field_error(api.get("/api/v1/articles/?order-by=random"), "order-by")


def test_relevance_ranks_a_headline_match_first(api, archive, make_article):
    weaker = make_article("خبری دیگر", body="در پایان متن نامی از هاتگرام آمد.", published_at=timezone.now() - dt.timedelta(hours=1))
    stronger = make_article("هاتگرام از دسترس خارج شد", published_at=timezone.now() - dt.timedelta(days=30))
    ranked = [i["id"] for i in api.get("/api/v1/articles/", {"q": "هاتگرام"}).json()["results"]]
    assert ranked.index(stronger.pk) < ranked.index(weaker.pk)


def test_statement_filters(api, archive, make_article):
    from articles.models import Statement

    other = Statement.objects.create(text="سخنی دیگر", article=archive["politics_article"], speaker=archive["other"])
    other.platforms.add(archive["telegram"])
    statement = archive["statement"].pk
    assert _ids(api.get("/api/v1/statements/?speaker=hamid-fattahi")) == {statement}
    assert _ids(api.get("/api/v1/statements/?speaker=-hamid-fattahi")) == {other.pk}
    assert _ids(api.get("/api/v1/statements/?platform=gap|telegram")) == {statement, other.pk}
    assert _ids(api.get("/api/v1/statements/?conference=migration")) == {statement}
    assert _ids(api.get(f"/api/v1/statements/?article={archive['politics_article'].pk}")) == {other.pk}


def test_statement_article_filter_refuses_non_public_articles(api, archive, non_public_articles):
    _field_error(api.get(f"/api/v1/statements/?article={non_public_articles['draft'].pk}"), "article")


def test_people_by_organization_through_roles(api, archive):
    assert _ids(api.get("/api/v1/people/?organization=ict-ministry")) == {archive["fattahi"].pk}
    assert _ids(api.get("/api/v1/people/?organization=-ict-ministry")) == {archive["other"].pk}
    _field_error(api.get("/api/v1/people/?organization=nowhere"), "organization")


def test_platforms_by_origin_and_kind(api, archive):
    domestic = api.get("/api/v1/platforms/?origin=domestic&page-size=100").json()["results"]
    assert domestic and all(p["origin"] == "domestic" for p in domestic)
    assert archive["gap"].pk in {p["id"] for p in domestic}
    clients = _ids(api.get("/api/v1/platforms/?kind=unofficial_client"))
    assert archive["hotgram"].pk in clients and archive["telegram"].pk not in clients
    _field_error(api.get("/api/v1/platforms/?origin=martian"), "origin")


def test_organizations_by_kind(api, archive):
    assert _ids(api.get("/api/v1/organizations/?kind=student")) == {archive["union"].pk}
    _field_error(api.get("/api/v1/organizations/?kind=club"), "kind")


def test_nul_in_a_parameter_is_a_400_not_a_database_error(api, archive):
    _field_error(api.get("/api/v1/articles/", {"section": "sci\x00ence"}), "section")
