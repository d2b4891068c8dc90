"""The real checkers the page tests drive: the Nu Html Checker, axe-core, headless Chromium.

Each runs offline from files installed in the project: vnu.jar and axe.min.js
from node_modules (`npm ci --ignore-scripts`, see package.json), Chromium from
the system (Debian's `chromium`), Playwright from requirements-dev.txt; never a
tool's own browser download. Locally a missing tool skips its test with the
reason; with CI set it fails, so a CI run cannot pass without the checks.
"""

import contextlib
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
SCREENSHOTS = ROOT / "artifacts" / "screenshots"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# axe impacts that fail the check; "minor" and "moderate" are reported, not failed.
BLOCKING_IMPACTS = {"serious", "critical"}


def in_ci():
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def require(condition, reason):
    """Skip the calling test when a tool is missing, or fail it when running in CI."""
    if condition:
        return
    message = f"{reason} (install: npm ci --ignore-scripts; apt-get install chromium fonts-noto-core default-jre-headless)"
    if in_ci():
        pytest.fail(f"CI is set and a checker is missing: {message}", pytrace=False)
    pytest.skip(message)


def require_vnu():
    require(shutil.which("java") is not None, "java is not installed: the Nu Html Checker needs it")
    require(VNU_JAR.is_file(), f"{VNU_JAR.relative_to(ROOT)} is missing")


def require_chromium():
    require(CHROMIUM.is_file(), f"{CHROMIUM} is missing (Debian package chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        require(False, "the Python package playwright is not installed (requirements-dev.txt)")


def require_axe():
    require_chromium()
    require(AXE_JS.is_file(), f"{AXE_JS.relative_to(ROOT)} is missing")


def vnu_errors(documents):
    """Validate {name: html} in one Nu Html Checker run (its start-up is the slow part); {name: [error lines]}."""
    with tempfile.TemporaryDirectory(prefix="vnu-") as tmp:
        paths = []
        for name, html in documents.items():
            path = Path(tmp) / f"{name}.html"
            path.write_text(html, encoding="utf-8")
            paths.append(str(path))
        result = subprocess.run(
            ["java", "-jar", str(VNU_JAR), "--format", "json", "--stdout", *paths],
            capture_output=True, text=True, timeout=300,
        )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        raise AssertionError(f"vnu gave no JSON report (exit {result.returncode}): {result.stderr[-2000:]}") from None
    errors = {}
    for message in report.get("messages", []):
        # "error" and "non-document-error" fail; "info" (warnings among them) does not.
        if message.get("type") == "info":
            continue
        # vnu names each document by its file URL: the file's stem is the page's name.
        name = Path(unquote(urlsplit(message.get("url", "")).path)).stem or "?"
        extract = (message.get("extract") or "").strip().replace("\n", " ")[:160]
        errors.setdefault(name, []).append(f"line {message.get('lastLine', '?')}: {message.get('message')} [{extract}]")
    return errors


@contextlib.contextmanager
def live_site():
    """A live server of the test database for the browser, on a free port, answering plain http.

    pytest-django's `live_server` is shared by the whole session and its
    security middleware keeps the SECURE_SSL_REDIRECT it saw at start-up (on,
    as in production), which would send Chromium to https://localhost. This
    one starts with redirects off and stops with the test. The test database
    must be a transactional one, so the server's own connection sees the data.
    """
    from pytest_django.live_server_helper import LiveServer

    with override_settings(SECURE_SSL_REDIRECT=False, ALLOWED_HOSTS=["localhost", "127.0.0.1", "testserver"]):
        server = LiveServer("localhost:0")
        try:
            yield server.url
        finally:
            server.stop()


@contextlib.contextmanager
def chromium_page(*, width=1280, height=900):
    """A page of headless system Chromium with a fresh profile; no test-tool browser download."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile, sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            user_data_dir=profile,
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": width, "height": height},
            locale="fa-IR",
            timezone_id="Asia/Tehran",
        )
        try:
            page = context.pages[0] if context.pages else context.new_page()
            page.set_default_timeout(30_000)
            yield page
        finally:
            context.close()


def axe_violations(page):
    """axe-core's violations on the loaded page, injected with evaluate (a strict CSP blocks script tags)."""
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return result["violations"]


def describe_violations(violations):
    lines = []
    for violation in violations:
        targets = ", ".join(" ".join(node["target"]) if isinstance(node["target"], list) else str(node["target"]) for node in violation["nodes"][:5])
        lines.append(f"{violation['impact']}: {violation['id']} ({violation['help']}) at {targets}")
    return lines
