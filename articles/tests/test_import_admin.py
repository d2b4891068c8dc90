"""The admin's wire-import page: upload, preview (writes nothing), confirm (the same service as the command)."""

import io
import zipfile
from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, ImportSuggestion, PressConference
from people.models import Organization, Person, PersonAlias
from platforms.models import Platform

WIRE = Path(__file__).parent / "wire"
UPLOAD = "/admin/import/"
CONFIRM = "/admin/import/confirm/"


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("wire-editor", password="x-strong-pass-1", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="articles", codename="add_article"),
        Permission.objects.get(content_type__app_label="articles", codename="view_article"),
        Permission.objects.get(content_type__app_label="articles", codename="change_article"),
        # Issue 9: publishing from the import page is an editor's permission.
        Permission.objects.get(content_type__app_label="articles", codename="publish_article"),
    )
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def known(db):
    fattahi = Person.objects.create(name="حمید فتاحی")
    PersonAlias.objects.create(person=fattahi, name="فتاحی")
    Organization.objects.filter(name="اتحادیه جامعه اسلامی دانشجویان").exists() or Organization.objects.create(
        name="اتحادیه جامعه اسلامی دانشجویان"
    )
    for name in ("گپ", "نوا", "سروش", "هاتگرام", "تلگرام طلایی"):
        if not Platform.objects.filter(name=name).exists():
            Platform.objects.create(name=name, origin=Platform.Origin.DOMESTIC)
    return fattahi


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def founding(path):
    return upload("founding.txt", path.read_bytes())


def test_anonymous_is_sent_to_login(client):
    response = client.get(UPLOAD)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_staff_without_permission_is_refused(client, django_user_model, founding_article_path):
    user = django_user_model.objects.create_user("reader-staff", password="x-strong-pass-1", is_staff=True)
    client.force_login(user)
    assert client.get(UPLOAD).status_code == 403
    assert client.post(UPLOAD, {"files": founding(founding_article_path)}).status_code == 403
    assert client.post(CONFIRM, {"token": "x"}).status_code == 403
    assert Article.objects.count() == 0


def test_upload_form(editor_client):
    response = editor_client.get(UPLOAD)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html and 'type="file"' in html and "multiple" in html
    assert "ورود خبر از فایل" in html
    assert 'dir="rtl"' in html


def test_preview_then_confirm(editor_client, known, founding_article_path):
    response = editor_client.post(UPLOAD, {
        "files": [founding(founding_article_path), upload("latin1.txt", "r\xe9sum\xe9".encode("latin-1"))],
        "published_at": "۱۴۰۵-۰۹-۰۷ ۱۸:۰۰",
    })
    assert response.status_code == 200
    html = response.content.decode()
    # What the file would become...
    assert "فتاحی: فقط در پیام رسان گپ و نوا عضو هستیم" in html
    assert "علم و فناوری" in html and "ایسکانیوز" in html
    assert "حمید فتاحی" in html and "تلگرام طلایی" in html and "اتحادیه جامعه اسلامی دانشجویان" in html
    assert "بررسی علل عدم مهاجرت مردم به پیام‌رسان‌های داخلی" in html
    assert "خبر تازه" in html
    # ...the bad file's reason, named...
    assert "latin1.txt" in html and "UTF-8" in html
    # ...and nothing written yet.
    assert Article.objects.count() == 0
    assert PressConference.objects.count() == 0
    assert not ImportSuggestion.objects.exists()

    token = response.context["token"]
    assert token and response.context["importable"] == 1
    done = editor_client.post(CONFIRM, {"token": token})
    assert done.status_code == 200
    article = Article.objects.get()
    assert article.status == Article.Status.REVIEW
    assert article.people.get() == known
    assert article.conference.host.name == "اتحادیه جامعه اسلامی دانشجویان"
    assert article.source_name == "founding.txt"
    assert "۱ خبر وارد شد" in done.content.decode()

    # The token is spent: confirming again imports nothing twice.
    again = editor_client.post(CONFIRM, {"token": token})
    assert again.status_code == 302 and again["Location"] == UPLOAD
    assert Article.objects.count() == 1


def test_publish_checkbox_and_reimport_is_unchanged(editor_client, known, founding_article_path):
    response = editor_client.post(UPLOAD, {"files": founding(founding_article_path), "publish": "on"})
    editor_client.post(CONFIRM, {"token": response.context["token"]})
    article = Article.objects.get()
    assert article.status == Article.Status.PUBLISHED and article.is_public

    response = editor_client.post(UPLOAD, {"files": founding(founding_article_path), "publish": "on"})
    assert "بدون تغییر" in response.content.decode()
    done = editor_client.post(CONFIRM, {"token": response.context["token"]})
    assert "۱ بدون تغییر ماند" in done.content.decode()
    assert Article.objects.count() == 1

    edited = founding_article_path.read_bytes().replace("مفید باشد".encode(), "سودمند باشد".encode())
    preview = editor_client.post(UPLOAD, {"files": [upload("edited.txt", edited)]}).content.decode()
    assert "به‌روز می‌شود" in preview and "متن" in preview
    assert "مفید باشد" in Article.objects.get().body


def test_zip_of_wire_files(editor_client, known, founding_article_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("wire/founding.txt", founding_article_path.read_bytes())
        archive.writestr("wire/fars.txt", (WIRE / "fars_hamedan.txt").read_bytes())
        archive.writestr("wire/empty.txt", b"")
        archive.writestr("__MACOSX/wire/._fars.txt", b"\x00\x05junk")
        archive.writestr("wire/readme.pdf", b"%PDF-1.4")
    response = editor_client.post(UPLOAD, {"files": upload("batch.zip", buffer.getvalue())})
    assert response.status_code == 200
    html = response.content.decode()
    assert "batch.zip/wire/founding.txt" in html and "batch.zip/wire/fars.txt" in html
    assert "batch.zip/wire/empty.txt" in html and "خالی" in html
    assert "__MACOSX" not in html and "readme.pdf" not in html
    assert response.context["importable"] == 2
    editor_client.post(CONFIRM, {"token": response.context["token"]})
    assert sorted(Article.objects.values_list("agency", flat=True)) == ["ایسکانیوز", "فارس"]


def test_broken_zip_and_other_file_types(editor_client, db):
    response = editor_client.post(UPLOAD, {"files": [upload("broken.zip", b"PK\x03\x04 not really"), upload("x.docx", b"x")]})
    html = response.content.decode()
    assert "zip خراب" in html and ".txt" in html
    assert response.context["token"] == ""
    assert "هیچ فایلی برای ورود آماده نیست" in html


def test_invalid_published_at_and_missing_files(editor_client, founding_article_path, db):
    response = editor_client.post(UPLOAD, {"files": founding(founding_article_path), "published_at": "1404-12-30"})
    assert response.status_code == 400
    assert "این تاریخ در تقویم وجود ندارد" in response.content.decode()
    response = editor_client.post(UPLOAD, {})
    assert response.status_code == 400
    assert "دست‌کم یک فایل" in response.content.decode()
    assert Article.objects.count() == 0


def test_forged_token_imports_nothing(editor_client, known, founding_article_path):
    editor_client.post(UPLOAD, {"files": founding(founding_article_path)})
    response = editor_client.post(CONFIRM, {"token": "forged"}, follow=True)
    assert "دیگر معتبر نیست" in response.content.decode()
    assert Article.objects.count() == 0
    assert editor_client.get(CONFIRM).status_code == 405


def test_too_large_upload_is_refused(settings, editor_client, founding_article_path, db):
    settings.IMPORT_MAX_FILE_BYTES = 500
    response = editor_client.post(UPLOAD, {"files": founding(founding_article_path)})
    assert "بزرگ" in response.content.decode()
    assert response.context["token"] == ""


@pytest.mark.skipif(not admin.site.is_registered(Article), reason="the articles admin is not registered")
def test_article_change_list_links_to_the_import(editor_client):
    response = editor_client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 200
    assert f'href="{UPLOAD}"' in response.content.decode()
    assert "ورود خبر از فایل" in response.content.decode()
