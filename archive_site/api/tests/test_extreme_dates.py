"""Extreme dates in `since` and in cursors: an answer (200 or a 400 naming the field), never a 500."""

import base64
import json

import pytest

pytestmark = pytest.mark.django_db


def forged_cursor(order, values):
    raw = json.dumps({"o": order, "v": values}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize("since", [
    "9999-12-31T23:59:59", "9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00", "0001-01-01T00:00:00+14:00",
    "9999-12-31", "0001-01-01", "1-01-01T00:00:00+14:00", "۹۹۹۹-۱۲-۲۹",
])
def test_extreme_since_is_answered(api, make_article, since):
    make_article()
    response = api.get("/api/v1/changes/", {"since": since})
    assert response.status_code in (200, 400), response.status_code
    if response.status_code == 400:
        assert "since" in response.json()["error"]["fields"]


def test_since_the_beginning_of_time_lists_everything(api, make_article, settings):
    settings.API_CHANGES_SETTLE_SECONDS = 0
    make_article()
    assert len(api.get("/api/v1/changes/", {"since": "0001-01-01T00:00:00"}).json()["results"]) == 1


@pytest.mark.parametrize("path, param, order", [
    ("/api/v1/articles/", "cursor", "newest"), ("/api/v1/conferences/", "cursor", "newest"),
    ("/api/v1/changes/", "since", "changes"),
])
@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+00:00"])
def test_cursor_with_extreme_times_is_a_400(api, make_article, path, param, order, moment):
    make_article()
    response = api.get(path, {param: forged_cursor(order, [moment, 1])})
    assert response.status_code == 400, response.status_code
    assert param in response.json()["error"]["fields"]
