"""The admin import preview is bounded: files per upload, bytes and seconds per upload, session size."""

import io
import json
import time
import zipfile
from html import unescape

import pytest

from articles import admin_import
from django.contrib.auth.models import Permission

from articles.tests.test_import_admin import CONFIRM, UPLOAD, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_user("limits-editor", password="x-strong-pass-1", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(
        content_type__app_label="articles", codename__in=["add_article", "view_article", "change_article"]))
    client.force_login(user)
    return client


def page(response):
    return unescape(response.content.decode())


def zip_of(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return upload("batch.zip", buffer.getvalue())


def copies(founding_article_path, count):
    lines = founding_article_path.read_text().strip().split("\n")
    # Different headlines and leads: different articles (a new headline over the same lead is a correction).
    return {f"{n}.txt": "\n".join([f"خبر شماره {n} {lines[0]}", f"{lines[1]} (روایت {n})", *lines[2:]]).encode()
            for n in range(count)}


def test_more_files_than_the_form_takes_is_a_persian_400(editor_client):
    files = [upload(f"{n}.txt", "تیتر\n\nمتن".encode()) for n in range(admin_import.MAX_FILES + 1)]
    response = editor_client.post(UPLOAD, {"files": files})
    assert response.status_code == 400
    assert "بیش از ۲۰۰ فایل" in page(response)


def test_more_than_a_hundred_files_are_taken(editor_client):
    files = [upload(f"{n}.txt", f"تیتر خبر {n}\n\nمتن خبر {n} در گروه.".encode()) for n in range(120)]
    response = editor_client.post(UPLOAD, {"files": files})
    assert response.status_code == 200
    assert len(response.context["rows"]) == 120


def test_bytes_per_upload_are_bounded(editor_client, settings, founding_article_path):
    members = copies(founding_article_path, 3)
    settings.IMPORT_PREVIEW_MAX_BYTES = len(members["0.txt"]) + 100
    response = editor_client.post(UPLOAD, {"files": zip_of(members)})
    rows = response.context["rows"]
    assert [row["result"].failed for row in rows] == [False, True, True]
    assert "بارگذاری جداگانه" in rows[1]["result"].error
    assert response.context["importable"] == 1


def test_seconds_per_upload_are_bounded(editor_client, settings, founding_article_path, monkeypatch):
    settings.IMPORT_PREVIEW_SECONDS = 1
    original = admin_import.import_article

    def slow(**kwargs):
        time.sleep(1.1)
        return original(**kwargs)

    monkeypatch.setattr(admin_import, "import_article", slow)
    started = time.monotonic()
    response = editor_client.post(UPLOAD, {"files": zip_of(copies(founding_article_path, 4))})
    assert time.monotonic() - started < 4
    rows = response.context["rows"]
    assert [row["result"].failed for row in rows] == [False, True, True, True]
    assert "ثانیه گذشت" in rows[1]["result"].error


def test_the_session_keeps_previews_compressed_and_confirm_imports_them(editor_client, founding_article_path):
    members = copies(founding_article_path, 3)
    response = editor_client.post(UPLOAD, {"files": zip_of(members)})
    stored = json.dumps(editor_client.session[admin_import.SESSION_KEY])
    assert len(stored) < sum(len(data) for data in members.values()) / 2
    done = editor_client.post(CONFIRM, {"token": response.context["token"]})
    assert done.context["counts"]["imported"] == 3
