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
