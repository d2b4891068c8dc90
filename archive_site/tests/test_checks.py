"""`check --deploy` warns when SITE_URL is left at its local default in production."""

from django.core.management import call_command
from django.core.management.base import SystemCheckError

from archive_site.checks import check_site_url, site_url_configured


def test_warns_when_site_url_is_local_and_debug_is_off(settings):
    settings.DEBUG = False
    settings.SITE_URL = "http://127.0.0.1:8000"
    assert not site_url_configured()
    assert [w.id for w in check_site_url()] == ["archive_site.W001"]
    settings.SITE_URL = "http://localhost:8000"
    assert [w.id for w in check_site_url()] == ["archive_site.W001"]


def test_quiet_when_site_url_is_public_or_in_debug(settings):
    settings.DEBUG = False
    settings.SITE_URL = "https://archive.example"
    settings.SITE_URL_GUESSED = False  # set in the environment, not fallen back to ALLOWED_HOSTS
    assert site_url_configured() and check_site_url() == []
    settings.DEBUG = True
    settings.SITE_URL = "http://127.0.0.1:8000"
    assert check_site_url() == []


def test_check_deploy_reports_it(settings, capsys):
    settings.DEBUG = False
    settings.SITE_URL = "http://127.0.0.1:8000"
    try:
        call_command("check", "--deploy", "--fail-level", "WARNING", tag=["security"])
    except SystemCheckError as error:
        output = str(error)
    else:
        output = capsys.readouterr().err + capsys.readouterr().out
    assert "archive_site.W001" in output
