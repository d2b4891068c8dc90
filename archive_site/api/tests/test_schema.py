"""The OpenAPI schema validates, names the hyphenated parameters and lists every error status; the docs are self-hosted."""

import json

import pytest
import yaml
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(api):
    response = api.get("/api/schema/?format=json")
    assert response.status_code == 200
    return json.loads(response.content)


def test_schema_is_valid_openapi(api, schema):
    validate(schema)
    yaml_response = api.get("/api/schema/")
    assert yaml_response.status_code == 200
    validate(yaml.safe_load(yaml_response.content))


def test_every_endpoint_is_described_with_every_error(schema):
    paths = schema["paths"]
    for resource in ["articles", "conferences", "people", "organizations", "platforms", "statements", "sections"]:
        for path in (f"/api/v1/{resource}/", f"/api/v1/{resource}/{{id}}/"):
            responses = paths[path]["get"]["responses"]
            assert {"200", "400", "401", "404", "405", "414", "429"} <= set(responses), path
    assert "410" in paths["/api/v1/articles/{id}/"]["get"]["responses"]
    assert "/api/v1/changes/" in paths
    error = schema["components"]["schemas"]["Error"]
    assert error["properties"]["error"]


def test_hyphenated_parameters_keep_their_names(schema):
    names = {p["name"] for p in schema["paths"]["/api/v1/articles/"]["get"]["parameters"]}
    assert {"from-date", "to-date", "order-by", "page-size", "show-fields", "cursor", "q", "section", "person",
            "organization", "platform", "conference"} <= names
    assert not {"from_date", "to_date"} & names
    statements = {p["name"] for p in schema["paths"]["/api/v1/statements/"]["get"]["parameters"]}
    assert {"speaker", "platform", "conference"} <= statements
    platforms = {p["name"] for p in schema["paths"]["/api/v1/platforms/"]["get"]["parameters"]}
    assert {"origin", "kind"} <= platforms
    assert "organization" in {p["name"] for p in schema["paths"]["/api/v1/people/"]["get"]["parameters"]}
    assert "since" in {p["name"] for p in schema["paths"]["/api/v1/changes/"]["get"]["parameters"]}


def test_optional_article_fields_are_not_required(schema):
    article = schema["components"]["schemas"]["Article"]
    assert "body" in article["properties"] and "body" not in article["required"]
    assert "headline" in article["required"]


def test_docs_are_served_from_own_static_files_without_inline_script(api):
    response = api.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>" not in html and "<style>" not in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "http://" not in html.replace("http://testserver", "") and "cdn" not in html.lower()
    script = api.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()
