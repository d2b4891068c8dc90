"""Daily exports: listed with sizes and checksums; a mirror loaded from the dump and continued by the feed ends exact."""

import gzip
import hashlib
import json

import pytest
from django.core.management import call_command

from archive_site.api.tests.test_mirror import FEED, Mirror, harvest
from archive_site.exports import Export, exports_due

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def exports_in_tmp(settings, tmp_path):
    settings.EXPORTS_DIR = tmp_path / "exports"
    # Links in a dump are made without a request, from SITE_URL: the test client's address.
    settings.SITE_URL = "https://testserver"


def read_dump(api, entry):
    response = api.get(entry["url"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/gzip"
    raw = b"".join(response.streaming_content)
    assert len(raw) == entry["size"] and hashlib.sha256(raw).hexdigest() == entry["sha256"]
    lines = [json.loads(line) for line in gzip.decompress(raw).decode().splitlines()]
    assert len(lines) == entry["items"]
    return lines


def test_a_mirror_starts_from_the_dump_and_continues_from_the_feed(api, archive, make_article):
    assert exports_due()
    call_command("build_exports", stdout=open("/dev/null", "w"))
    assert not exports_due()
    # Changes after the dump: a new article, a rename, a withdrawal.
    newer = make_article("خبر پس از برون‌داد", section=archive["science"])
    archive["fattahi"].name = "حمید فتاحی (پس از برون‌داد)"
    archive["fattahi"].save()

    listing = api.get("/api/v1/exports/").json()["results"]
    assert {e["kind"] for e in listing} == {"articles", "changes"}
    dump = next(e for e in listing if e["kind"] == "articles")
    log = next(e for e in listing if e["kind"] == "changes")
    assert dump["since"] == log["since"]
    articles = read_dump(api, dump)
    assert {a["id"] for a in articles} == {archive["founding"].pk, archive["politics_article"].pk}
    assert {entry["id"] for entry in read_dump(api, log)} >= {archive["founding"].pk, archive["politics_article"].pk}

    mirror = Mirror(api)
    mirror.articles = {a["id"]: a for a in articles}
    mirror.next = f"{FEED}&since={dump['since']}"
    mirror.pull()
    fresh = harvest(api)
    assert mirror.articles == fresh
    assert newer.pk in mirror.articles
    # Only what changed after the dump came by the feed: nothing was read twice.
    assert set(mirror.types) == {newer.pk, archive["founding"].pk}
    assert mirror.articles[archive["founding"].pk]["people"][0]["name"] == "حمید فتاحی (پس از برون‌داد)"


def test_a_missing_or_odd_export_name_is_a_json_404(api):
    assert api.get("/api/v1/exports/articles-2026-01-01.ndjson.gz").status_code == 404
    response = api.get("/api/v1/exports/..%2Fsettings.py")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_building_twice_a_day_replaces_that_days_files(api, archive):
    call_command("build_exports", stdout=open("/dev/null", "w"))
    call_command("build_exports", stdout=open("/dev/null", "w"))
    assert Export.objects.count() == 2
