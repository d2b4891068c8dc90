"""API 1.1 web conventions: gzip, CORS, unknown parameters, the Link header, modified-since, show-fields on the feed."""

import datetime as dt
import gzip
import json

import pytest
from django.utils import timezone

from articles.models import ArticleChange

pytestmark = pytest.mark.django_db


def test_json_is_gzipped_when_asked(api, archive):
    plain = api.get("/api/v1/articles/?show-fields=all")
    packed = api.get("/api/v1/articles/?show-fields=all", HTTP_ACCEPT_ENCODING="gzip")
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert json.loads(gzip.decompress(packed.content)) == plain.json()
    assert len(packed.content) < len(plain.content)
    # Pages are not compressed (CSRF tokens and BREACH): only the API.
    assert api.get("/", HTTP_ACCEPT_ENCODING="gzip").get("Content-Encoding") is None


def test_cors_lets_browsers_read_but_not_write(api, archive):
    response = api.get("/api/v1/articles/", HTTP_ORIGIN="https://researcher.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = api.options(
        "/api/v1/articles/", HTTP_ORIGIN="https://researcher.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization",
    )
    assert preflight.status_code == 200
    assert "GET" in preflight["Access-Control-Allow-Methods"] and "POST" not in preflight["Access-Control-Allow-Methods"]
    assert "authorization" in preflight["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Origin" not in api.get("/", HTTP_ORIGIN="https://researcher.example")


@pytest.mark.parametrize("url, name", [
    ("/api/v1/articles/?sectoin=politics", "sectoin"),
    ("/api/v1/articles/?from_date=2030-01-01", "from_date"),
    ("/api/v1/articles/?api-key=abc", "api-key"),
    ("/api/v1/people/?show-fields=body", "show-fields"),
    ("/api/v1/changes/?cursor=abc", "cursor"),
])
def test_an_unknown_parameter_is_a_400_naming_it(api, archive, url, name):
    response = api.get(url)
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == [name]


def test_a_detail_takes_only_its_own_parameters(api, archive):
    pk = archive["founding"].pk
    assert api.get(f"/api/v1/articles/{pk}/?show-fields=body").status_code == 200
    assert api.get(f"/api/v1/articles/{pk}/?format=json").status_code == 200
    assert api.get(f"/api/v1/articles/{pk}/?section=science").status_code == 400


def test_the_next_page_is_in_a_link_header(api, archive):
    first = api.get("/api/v1/articles/?page-size=1")
    assert first["Link"] == f'<{first.json()["next"]}>; rel="next"'
    assert "Link" not in api.get(first.json()["next"])


def test_modified_since_follows_the_change_log(api, archive):
    old = timezone.now() - dt.timedelta(days=400)
    ArticleChange.objects.update(at=old)
    assert api.get("/api/v1/articles/?modified-since=1405-01-01").json()["results"] == []
    # A rename of a person counts as a change of the articles that embed them.
    archive["fattahi"].name = "حمید فتاحی (ویراسته)"
    archive["fattahi"].save()
    since = (timezone.now() - dt.timedelta(minutes=1)).isoformat()
    ids = [a["id"] for a in api.get("/api/v1/articles/", {"modified-since": since}).json()["results"]]
    assert ids == [archive["founding"].pk]
    bad = api.get("/api/v1/articles/?modified-since=yesterday")
    assert bad.status_code == 400 and "modified-since" in bad.json()["error"]["fields"]


def test_the_feed_takes_show_fields(api, archive):
    entries = api.get("/api/v1/changes/?show-fields=body,statements").json()["results"]
    founding = next(e for e in entries if e["id"] == archive["founding"].pk)
    assert founding["article"]["body"] and founding["article"]["statements"]
    assert "body" not in api.get("/api/v1/changes/").json()["results"][0]["article"]
    assert api.get("/api/v1/changes/?show-fields=nope").status_code == 400


def test_errors_come_in_english_when_asked(api, archive):
    english = api.get("/api/v1/articles/?section=nowhere&page-size=0", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9,fa;q=0.5")
    assert english.status_code == 400 and english["Content-Language"] == "en"
    error = english.json()["error"]
    assert error["detail"] == "Invalid request parameters."
    assert all(message.isascii() for messages in error["fields"].values() for message in messages)
    persian = api.get("/api/v1/articles/?section=nowhere", HTTP_ACCEPT_LANGUAGE="fa,en;q=0.8").json()["error"]
    assert persian["detail"] == "پارامترهای درخواست نادرست است."
    unknown = api.get("/api/v1/articles/?sectoin=x", HTTP_ACCEPT_LANGUAGE="en").json()["error"]["fields"]["sectoin"][0]
    assert unknown.startswith("Unknown parameter. Accepted: ") and "section" in unknown
    assert api.get("/api/nothing/", HTTP_ACCEPT_LANGUAGE="en").json()["error"]["detail"] == "Nothing was found at this address."
    assert "Accept-Language" in api.get("/api/v1/articles/999999/")["Vary"]


def test_the_partner_guide_is_served_in_persian_and_english(client):
    persian = client.get("/api/guide/")
    assert persian.status_code == 200
    page = persian.content.decode()
    assert '<html lang="fa" dir="rtl">' in page and "<table>" in page and "Changelog" in page
    english = client.get("/api/guide/en/").content.decode()
    assert '<html lang="en" dir="ltr">' in english and "webhook" in english.lower()
    # Samples in three languages.
    for sample in ("curl", "import requests", "fetch("):
        assert sample in english and sample in page


def test_swagger_fills_in_no_example_values(api):
    # "Try it out" fills a parameter's example in: every filter at once matched nothing.
    schema = api.get("/api/schema/?format=json").json()
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                assert "example" not in parameter.get("schema", {}) and "example" not in parameter, (path, parameter["name"])


def test_jsonld_lang_and_related(api, archive, make_article):
    pk = archive["founding"].pk
    near = make_article("خبر مرتبط", section=archive["science"])
    near.people.add(archive["fattahi"])
    near.platforms.add(archive["gap"], archive["telegram"])
    detail = api.get(f"/api/v1/articles/{pk}/?show-fields=jsonld,related").json()
    assert detail["lang"] == "fa"
    ld = detail["jsonld"]
    assert ld["@type"] == "NewsArticle" and ld["headline"] == detail["headline"] and ld["inLanguage"] == "fa"
    assert ld["datePublished"] == detail["published_at"] and ld["url"] == detail["url"]
    assert {"@type": "Person", "name": "حمید فتاحی", "url": archive["fattahi"].get_absolute_url()}.items() <= {
        **ld["about"][0], "url": archive["fattahi"].get_absolute_url()}.items()
    assert [a["id"] for a in detail["related"]][0] == near.pk
    assert archive["politics_article"].pk in [a["id"] for a in detail["related"]]  # shares telegram
    listed = api.get("/api/v1/articles/?show-fields=all").json()["results"][0]
    assert "jsonld" in listed and "related" not in listed
    assert api.get("/api/v1/articles/?show-fields=related").status_code == 400
