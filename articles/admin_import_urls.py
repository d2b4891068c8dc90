"""The admin's wire-import page, mounted by the root URL conf at /admin/import/."""

from django.urls import path

from articles import admin_import

app_name = "article_import"
urlpatterns = [
    path("", admin_import.upload, name="upload"),
    path("confirm/", admin_import.confirm, name="confirm"),
]
