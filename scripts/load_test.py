"""A bounded load test on loopback: readers on pages and the API while editors save articles in the admin.

    .venv/bin/python scripts/load_test.py [--seconds 60] [--readers 4] [--editors 2] [--port 8710]
                                          [--database-url URL] [--write docs/BENCHMARKS.md]

Starts gunicorn (docs/deploy/gunicorn.conf.py, 2 sync workers) on 127.0.0.1
with a fresh demo archive (SQLite in a temporary directory, or the PostgreSQL
database named by --database-url, which is emptied first), runs for the given
time, then checks that no answer was an error (5xx, or 4xx other than what a
reader asked for) and that every save an editor made is in the database with
its revision (django-simple-history). With --write, replaces its own section
of docs/BENCHMARKS.md (between the load-test markers of its database). Exits non-zero when
anything was lost or failed.
"""

import argparse
import http.client
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EDITOR_PASSWORD = "load-test-editor-password-1"


def run_manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def prepare(env, editors):
    """Migrate, demo content, and one staff editor and one article per editing thread; returns their article ids."""
    run_manage(env, "migrate", "--noinput", "-v0")
    run_manage(env, "seed_demo", "--no-editor")
    code = f"""
import django; django.setup()
from django.contrib.auth.models import Group, User
from articles.models import Article
ids = []
editors_group = Group.objects.filter(name="دبیران").first()
articles = list(Article.objects.public().order_by("pk")[:{editors}])
for n, article in enumerate(articles):
    user, _ = User.objects.get_or_create(username=f"load-editor-{{n}}", defaults={{"is_staff": True, "is_superuser": True}})
    user.set_password({EDITOR_PASSWORD!r}); user.save()
    ids.append(article.pk)
print(",".join(map(str, ids)))
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return [int(pk) for pk in out.stdout.strip().split(",")]


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = {}
        self.errors = []

    def record(self, kind, status, seconds, path, allowed=(200,)):
        with self.lock:
            self.latencies.setdefault(kind, []).append(seconds)
            if status not in allowed:
                self.errors.append((kind, status, path))


def fetch(port, method, path, *, headers=None, body=None, timeout=30):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers={"Host": "localhost", **(headers or {})})
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


def reader(port, paths, stop, stats, index):
    n = index
    while not stop.is_set():
        kind, path = paths[n % len(paths)]
        n += 1
        started = time.perf_counter()
        try:
            status, _, _ = fetch(port, "GET", path)
        except OSError as error:
            status = f"connection: {error}"
        stats.record(kind, status, time.perf_counter() - started, path)


class Editor:
    """An editor in the admin: signs in, then opens their article and saves a new lead, again and again."""

    def __init__(self, port, number, article_id):
        self.port, self.number, self.article_id = port, number, article_id
        self.cookies = {}
        self.saved = []

    def _request(self, method, path, fields=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields).encode()
            headers.update({"Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://localhost{path}"})
        status, response_headers, content = fetch(self.port, method, path, headers=headers, body=body)
        for name, value in response_headers:
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        return status, content.decode("utf-8", "replace")

    def sign_in(self):
        self._request("GET", "/admin/login/")
        status, _ = self._request("POST", "/admin/login/?next=/admin/", {
            "username": f"load-editor-{self.number}", "password": EDITOR_PASSWORD,
            "csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), "next": "/admin/",
        })
        if status != 302:
            raise RuntimeError(f"editor {self.number} could not sign in ({status})")

    def save_once(self, stats, sequence):
        from lxml import html

        path = f"/admin/articles/article/{self.article_id}/change/"
        started = time.perf_counter()
        status, page = self._request("GET", path)
        stats.record("admin: open article", status, time.perf_counter() - started, path)
        if status != 200:
            return
        form = next(f for f in html.fromstring(page).forms if f.get("id") == "article_form")
        fields = [(name, value) for name, value in form.form_values() if name != "_continue"]
        lead = f"لید ویرایش بار {sequence} ویرایشگر {self.number} در آزمون بار."
        fields = [(name, lead if name == "lead" else value) for name, value in fields]
        fields.append(("_save", "ذخیره"))
        started = time.perf_counter()
        status, body = self._request("POST", path, fields)
        stats.record("admin: save article", status, time.perf_counter() - started, path, allowed=(302,))
        if status == 302:
            self.saved.append(lead)
        else:
            errors = re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', body, re.S)
            stats.errors.append(("admin: save detail", status, " ".join(errors)[:300]))


def editor_loop(editor, stop, stats):
    editor.sign_in()
    sequence = 0
    while not stop.is_set():
        sequence += 1
        editor.save_once(stats, sequence)
        stop.wait(0.5)  # an editor's pace: a save every second or so


def verify(env, editors):
    """Every save is in the database with its revision; returns (saves, missing)."""
    import json

    expected = {editor.article_id: editor.saved for editor in editors}
    code = f"""
import json, django; django.setup()
from articles.models import Article
expected = json.loads({json.dumps(json.dumps(expected))})
missing = []
for pk, leads in expected.items():
    article = Article.objects.get(pk=int(pk))
    history = set(article.history.values_list("lead", flat=True))
    missing += [lead for lead in leads if lead not in history]
    if leads and article.lead != leads[-1]:
        missing.append("final lead of " + pk)
print(json.dumps(missing))
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return sum(len(v) for v in expected.values()), json.loads(out.stdout)


def reader_paths(port):
    _, _, body = fetch(port, "GET", "/api/v1/articles/?page-size=20")
    import json

    ids = [item["id"] for item in json.loads(body)["results"]][:10]
    paths = [("page: home", "/"), ("page: search", "/search/?q=%D9%BE%DB%8C%D8%A7%D9%85%E2%80%8C%D8%B1%D8%B3%D8%A7%D9%86"),
             ("page: conferences", "/conferences/"), ("feed: rss", "/feeds/rss/"),
             ("api: articles", "/api/v1/articles/"), ("api: articles (fields)", "/api/v1/articles/?show-fields=body")]
    for pk in ids:
        # The page's own address (with its slug): /articles/<id>/ answers 301 to it.
        _, headers, _ = fetch(port, "GET", f"/articles/{pk}/")
        location = dict((k.lower(), v) for k, v in headers).get("location", f"/articles/{pk}/")
        paths.append(("page: article", urllib.parse.urlsplit(location).path))
        paths.append(("api: article", f"/api/v1/articles/{pk}/"))
    return paths


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--editors", type=int, default=2)
    parser.add_argument("--port", type=int, default=8710)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--write", help="replace the load-test section of this Markdown file")
    args = parser.parse_args()
    args.seconds = max(5, min(args.seconds, 300))  # bounded, whatever is asked

    work = Path(tempfile.mkdtemp(prefix="archive-load-"))
    database_url = args.database_url or f"sqlite:///{work / 'archive.sqlite3'}"
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "ARCHIVE_TESTING", "CACHE_URL"}}
    env.update(
        DATABASE_URL=database_url, SECRET_KEY="load-test-only", ALLOWED_HOSTS="localhost,127.0.0.1",
        SECURE_SSL_REDIRECT="0", SESSION_COOKIE_SECURE="0", CSRF_COOKIE_SECURE="0", SECURE_HSTS_SECONDS="0",
        API_ANON_RATE="1000000/min", LOGIN_RATE="1000/min", GUNICORN_WORKERS="2",
        GUNICORN_BIND=f"127.0.0.1:{args.port}", GUNICORN_ACCESSLOG=str(work / "access.log"),
        DJANGO_SETTINGS_MODULE="archive_site.settings", PYTHONPATH=str(ROOT),
    )
    if args.database_url:
        subprocess.run([sys.executable, "-c", "import django; django.setup(); from django.core.management import "
                        "call_command; call_command('flush', interactive=False, verbosity=0)"],
                       cwd=ROOT, env=env, check=False, capture_output=True)
    article_ids = prepare(env, args.editors)
    server = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "-c", "docs/deploy/gunicorn.conf.py"], cwd=ROOT,
                              env=env, stdout=subprocess.DEVNULL, stderr=open(work / "gunicorn.log", "w"))
    stats, stop = Stats(), threading.Event()
    try:
        for _ in range(100):
            try:
                fetch(args.port, "GET", "/robots.txt", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        paths = reader_paths(args.port)
        editors = [Editor(args.port, n, pk) for n, pk in enumerate(article_ids)]
        threads = [threading.Thread(target=reader, args=(args.port, paths, stop, stats, n)) for n in range(args.readers)]
        threads += [threading.Thread(target=editor_loop, args=(e, stop, stats)) for e in editors]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        stop.wait(args.seconds)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        elapsed = time.monotonic() - started
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    saves, missing = verify(env, editors)
    shutil.rmtree(work, ignore_errors=True)

    total = sum(len(v) for v in stats.latencies.values())
    vendor = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    lines = [
        f"{args.seconds} s on loopback, gunicorn with 2 sync workers, {vendor}, {args.readers} readers and "
        f"{len(editors)} editors (admin: open, change the lead, save) at once; measured {time.strftime('%Y-%m-%d')}.",
        "",
        f"- {total:,} requests in {elapsed:.0f} s ({total / elapsed:.1f}/s); error answers: {len(stats.errors)}",
        f"- editor saves: {saves}, each present afterwards with its revision: "
        f"{'yes' if not missing else 'NO, missing ' + str(len(missing))}",
        "",
        "| requests | count | median ms | p95 ms | max ms |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for kind in sorted(stats.latencies):
        values = sorted(stats.latencies[kind])
        p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
        lines.append(f"| {kind} | {len(values):,} | {statistics.median(values) * 1000:.0f} | {p95 * 1000:.0f} | "
                     f"{values[-1] * 1000:.0f} |")
    report = "\n".join(lines)
    print(report)
    for error in stats.errors[:20]:
        print("error:", error, file=sys.stderr)
    if args.write:
        target = Path(args.write)
        text = target.read_text() if target.exists() else "# Benchmarks\n"
        start, end = f"<!-- load-test-{vendor.lower()}:start -->", f"<!-- load-test-{vendor.lower()}:end -->"
        section = (f"{start}\n## Load with nothing lost: readers and editors at once, {vendor}\n\n"
                   f"Made by `scripts/load_test.py` (issue 7); `make bench` leaves this section alone.\n\n{report}\n{end}")
        if start in text and end in text:
            text = text[:text.index(start)] + section + text[text.index(end) + len(end):]
        else:
            text = text.rstrip("\n") + "\n\n" + section + "\n"
        target.write_text(text)
    if stats.errors or missing or not saves:
        sys.exit(1)


if __name__ == "__main__":
    main()
