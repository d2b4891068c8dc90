"""Persian error pages: 400, 403, 404, 410 and a 500 that needs neither the database nor a full request context."""

from html import unescape

import pytest
from django.test import RequestFactory

from archive_site import errors


def page_of(response):
    return unescape(response.content.decode())


def test_unknown_address_gets_the_persian_404(client, db):
    response = client.get("/هیچ-جا/")
    assert response.status_code == 404
    page = page_of(response)
    assert '<html lang="fa" dir="rtl">' in page
    assert "صفحه پیدا نشد" in page
    assert "صفحه‌ای با این نشانی پیدا نشد." in page
    assert "/static/css/site.css" in page


@pytest.mark.parametrize(
    "handler, status, heading",
    [
        (errors.bad_request, 400, "درخواست نادرست"),
        (errors.permission_denied, 403, "دسترسی ممکن نیست"),
        (errors.page_not_found, 404, "صفحه پیدا نشد"),
    ],
)
def test_error_handlers_render_persian_pages_without_the_database(handler, status, heading):
    # No `db` fixture: any query here would fail the test.
    request = RequestFactory().get("/somewhere/")
    response = handler(request, Exception("x"))
    assert response.status_code == status
    page = page_of(response)
    assert heading in page and '<html lang="fa" dir="rtl">' in page


def test_server_error_page_stands_alone():
    # No database, and a bare request: the 500 page must still render.
    request = RequestFactory().get("/")
    response = errors.server_error(request)
    assert response.status_code == 500
    page = page_of(response)
    assert '<html lang="fa" dir="rtl">' in page
    assert "خطایی در سرور رخ داد" in page
    assert "۵۰۰" in page


def test_an_exception_in_a_view_gives_the_persian_500(client, db, monkeypatch):
    from articles import views

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.selectors, "latest_articles", broken)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert "خطایی در سرور رخ داد" in page_of(response)


def test_api_paths_keep_json_errors(client, db):
    response = client.get("/api/هیچ/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
