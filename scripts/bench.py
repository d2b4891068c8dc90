"""`make bench`: the archive's benchmark, written to docs/BENCHMARKS.md (see docs/performance.md).

    .venv/bin/python scripts/bench.py [--articles 100000] [--database-url URL] [--duration 5]
                                      [--skip-import] [--skip-throughput] [--skip-search]

Measured as a user would: wrk against gunicorn (2 sync workers, DEBUG off) on
loopback, every page and API answer as a ratio to a 36 KB static CSS file
served by whitenoise in the same run (wrk and the server share the machine's
cores, so only ratios within one run compare). Twice: with the page cache off
(PAGE_CACHE=0: every request rendered) and on (each address warmed first).
Then: SQL queries per page, search p50/p95 over a fixed set of Persian
queries (page and API), import files per second, worker RSS/PSS after load.

The archive is made by `manage.py generate_corpus` once per database and size
and reused (a SQLite file under .bench/ by default; PostgreSQL with
--database-url). Everything it starts binds to 127.0.0.1 and is stopped at the end.
"""

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
STATIC_NAME = "bench/static-36k.css"

# At least thirty Persian queries: common words, rare words, phrases, names, ZWNJ and letter variants
# (by kind, for scripts/bench_search.py's per-kind figures).
SEARCH_QUERY_KINDS = {
    "common": ["پیام‌رسان", "کاربران", "اینترنت", "وزارت", "دانشجویان", "امنیت", "فیلترینگ", "مجلس"],
    "rare": ["زرافه", "کهکشان", "سنجاقک", "لاجورد", "کاروانسرا", "گلسنگ"],
    "phrase": ["پیام‌رسان‌های داخلی", "شورای عالی فضای مجازی", "پهنای باند", "حریم خصوصی کاربران", "اخبار جعلی",
               "شبکه ملی اطلاعات"],
    # names of people, organizations and platforms
    "name": ["فتاحی", "حمید فتاحی", "همراه اول", "تلگرام", "سروش", "ایرانسل", "دانشگاه صنعتی شریف"],
    # the same words as copy spells them: ZWNJ lost or a space, Arabic yeh/kaf, digits
    "zwnj": ["پیامرسان", "پیام رسان", "پيام‌رسان", "كاربران", "راه‌اندازی", "راه اندازی", "۱۴۰۰"],
}
SEARCH_QUERIES = [query for queries in SEARCH_QUERY_KINDS.values() for query in queries]


def log(*parts):
    print(*parts, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def base_env(database_url):
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": database_url, "SECRET_KEY": "bench", "DEBUG": "", "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0", "SESSION_COOKIE_SECURE": "0", "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0", "API_ANON_RATE": "100000000/min", "LOG_LEVEL": "ERROR",
    })
    env.pop("ARCHIVE_TESTING", None)
    return env


def manage(env, *args, capture=False):
    return subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True, text=True,
                          capture_output=capture)


# The archive -----------------------------------------------------------------

def prepare_database(args):
    if args.database_url:
        url = args.database_url
        if url.startswith(("postgres://", "postgresql://")):
            import psycopg
            from urllib.parse import urlsplit

            parts = urlsplit(url)
            name = parts.path.lstrip("/")
            with psycopg.connect(parts._replace(scheme="postgresql", path="/postgres").geturl(), autocommit=True) as conn:
                if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                    conn.execute(f'CREATE DATABASE "{name}"')
    else:
        folder = ROOT / ".bench"
        folder.mkdir(exist_ok=True)
        url = f"sqlite:///{folder / f'archive-{args.articles}.sqlite3'}"
    env = base_env(url)
    manage(env, "migrate", "--noinput", "-v0")
    have = int(manage(env, "shell", "--no-imports", "-c",
                      "from articles.models import Article; print(Article.objects.count())", capture=True).stdout)
    if have < args.articles:
        log(f"generating {args.articles - have} articles (once; reused by later runs)")
        started = time.monotonic()
        manage(env, "generate_corpus", "--articles", str(args.articles - have))
        log(f"generated in {time.monotonic() - started:.0f} s")
    return env, url


# Addresses of one of each kind of page, chosen from the archive (busy but typical ones); printed as JSON.
# Also run in process by scripts/profile_pages.py.
SAMPLE_PATHS = r"""
import json
from urllib.parse import quote
from django.db.models import Count
from articles.models import Article, Section
from people.models import Person
from platforms.models import Platform
from archive_site import jalali
public = Article.objects.public()
article = public.annotate(n=Count("people")).filter(n__gt=0).order_by("-published_at")[50]
desk = Section.objects.annotate(n=Count("articles")).order_by("-n").first()
person = Person.objects.annotate(n=Count("articles")).order_by("-n").first()
platform = Platform.objects.annotate(n=Count("articles")).order_by("-n")[2]
month = jalali.to_jalali(public.order_by("-published_at")[300].published_at)
print(json.dumps({
    "home": "/",
    "article": article.get_absolute_url(),
    "desk": desk.get_absolute_url(),
    "desk, deep page": desk.get_absolute_url() + "?page=" + str(max(1, desk.n // 20 * 9 // 10)),
    "person": person.get_absolute_url(),
    "platform": platform.get_absolute_url(),
    "month": f"/archive/{month.year}/{month.month}/",
    "search, common word": "/search/?q=" + quote("کاربران"),
    "search, rare word": "/search/?q=" + quote("کهکشان"),
    "search, phrase": "/search/?q=" + quote("پیام‌رسان‌های داخلی"),
    "rss": "/feeds/rss/",
    "sitemap file": "/sitemap-articles-1.xml",
    "api list": "/api/v1/articles/",
    "api list, filtered": "/api/v1/articles/?platform=" + platform.slug,
    "api detail": f"/api/v1/articles/{article.pk}/",
    "api search": "/api/v1/articles/?q=" + quote("کاربران"),
}))
"""


def sample_paths(env):
    return json.loads(manage(env, "shell", "--no-imports", "-c", SAMPLE_PATHS, capture=True).stdout)


# Throughput -----------------------------------------------------------------

def make_static_file():
    """A 36 KB CSS file beside the collected static files (the measure everything is a ratio to)."""
    css = (ROOT / "static" / "css" / "site.css").read_text()
    target = ROOT / "staticfiles" / STATIC_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    text = (css * (36 * 1024 // len(css) + 1))[: 36 * 1024]
    target.write_text(text)
    return "/static/" + STATIC_NAME


class Server:
    def __init__(self, env, *, cached):
        self.port = free_port()
        self.env = {**env, "PAGE_CACHE": "1" if cached else "0",
                    "PAGE_CACHE_GENERATION_FILE": str(Path(tempfile.gettempdir()) / f"bench-generation-{self.port}.json")}
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(
            [PY, "-m", "gunicorn", "archive_site.wsgi", "-b", f"127.0.0.1:{self.port}", "-w", "2",
             "--log-level", "warning", "--timeout", "300"], cwd=ROOT, env=self.env, start_new_session=True,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if curl_status(self.url("/robots.txt")) == 200:
                return self
            time.sleep(0.3)
        raise RuntimeError("gunicorn did not start")

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def drain(self):
        """Wait until requests wrk left queued are answered, so one address's slowness is not the next one's."""
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            started = time.monotonic()
            curl_status(self.url("/robots.txt"))
            if time.monotonic() - started < 0.5:
                return

    def workers(self):
        out = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True).stdout
        return [int(pid) for pid in out.split()]

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def curl_status(url):
    try:
        out = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", url], capture_output=True,
                             text=True, timeout=60).stdout
        return int(out or 0)
    except (subprocess.TimeoutExpired, ValueError):
        return 0


def to_ms(text):
    value, unit = re.match(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def wrk(url, duration):
    out = subprocess.run(["wrk", "-t2", "-c8", f"-d{duration}s", "--timeout", "60s", "--latency", url], capture_output=True, text=True,
                         timeout=duration + 60).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = to_ms(re.search(r"\s50%\s+(\S+)", out).group(1))
    p99 = to_ms(re.search(r"\s99%\s+(\S+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return {"rps": rps, "p50": p50, "p99": p99, "errors": int(non2xx.group(1)) if non2xx else 0}


def rss_pss(pids):
    rows = []
    for pid in pids:
        try:
            text = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        rss = int(re.search(r"^Rss:\s+(\d+)", text, re.M).group(1)) / 1024
        pss = int(re.search(r"^Pss:\s+(\d+)", text, re.M).group(1)) / 1024
        rows.append((rss, pss))
    return rows


def throughput(env, paths, duration, *, cached):
    static = make_static_file()
    results = {}
    with Server(env, cached=cached) as server:
        for path in [static, *paths.values()]:  # warm: imports, templates, the cache when on
            curl_status(server.url(path))
            curl_status(server.url(path))
        baseline = [wrk(server.url(static), duration)]
        for name, path in paths.items():
            server.drain()
            results[name] = wrk(server.url(path), duration)
            log(f"  {'cached' if cached else 'uncached'} {name}: {results[name]['rps']:.0f} req/s")
        server.drain()
        baseline.append(wrk(server.url(static), duration))
        memory = rss_pss(server.workers())
    static_rps = statistics.mean(b["rps"] for b in baseline)
    return {"static": static_rps, "static_runs": [b["rps"] for b in baseline], "pages": results, "memory": memory}


# Queries, search, import ---------------------------------------------------

def queries_per_page(env, paths):
    script = f"""
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client()
out = {{}}
for name, path in json.loads({json.dumps(json.dumps(paths))}).items():
    client.get(path, secure=True)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, secure=True)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
    out[name] = [response.status_code, len(queries)]
print(json.dumps(out))
"""
    env = {**env, "PAGE_CACHE": "0", "ALLOWED_HOSTS": "testserver"}
    return json.loads(manage(env, "shell", "--no-imports", "-c", script, capture=True).stdout.splitlines()[-1])


def search_timings(env, repeat):
    """p50/p95 of the search page and the API's ?q= over SEARCH_QUERIES, through Django's whole stack (in process)."""
    script = f"""
import json, time, statistics
from urllib.parse import quote
from django.test import Client
client = Client()
queries = json.loads({json.dumps(json.dumps(SEARCH_QUERIES))})
out = {{}}
for kind, make in (("page", lambda q: "/search/?q=" + quote(q)), ("api", lambda q: "/api/v1/articles/?q=" + quote(q))):
    samples, slowest = [], []
    for q in queries:
        client.get(make(q), secure=True)
        for _ in range({repeat}):
            started = time.perf_counter()
            status = client.get(make(q), secure=True).status_code
            elapsed = (time.perf_counter() - started) * 1000
            assert status == 200, (q, status)
            samples.append(elapsed)
            slowest.append((elapsed, q))
    samples.sort()
    out[kind] = {{"p50": statistics.median(samples), "p95": samples[int(len(samples) * 0.95) - 1],
                  "slowest": sorted(slowest, reverse=True)[:3]}}
print(json.dumps(out))
"""
    env = {**env, "PAGE_CACHE": "0", "ALLOWED_HOSTS": "testserver"}
    return json.loads(manage(env, "shell", "--no-imports", "-c", script, capture=True).stdout.splitlines()[-1])


WIRE_EXPORT = r"""
import sys
from pathlib import Path
from articles.models import Article
folder = Path(sys.argv[-1])
for article in Article.objects.public().order_by("-id")[:{count}]:
    body = "\n\n".join(article.paragraphs)
    text = (f"{{article.headline}}\n\n{{article.lead}}\n\nبه گزارش خبرنگار گروه {{article.section.name}} ایسکانیوز، "
            f"{{body}}\n\nانتهای پیام /{{article.message_code}}\n")
    (folder / f"wire-{{article.pk}}.txt").write_text(text)
"""


def import_rate(env, url, count):
    """Files per second of `import_articles --publish` into an empty archive of the same engine."""
    folder = Path(tempfile.mkdtemp(prefix="bench-wire-"))
    try:
        export = WIRE_EXPORT.format(count=count).replace("sys.argv[-1]", repr(str(folder)))
        manage(env, "shell", "--no-imports", "-c", export)
        files = len(list(folder.glob("*.txt")))
        if url.startswith("sqlite"):
            target_url = f"sqlite:///{folder / 'import.sqlite3'}"
        else:
            import psycopg
            from urllib.parse import urlsplit

            parts = urlsplit(url)
            name = parts.path.lstrip("/") + "_import"
            admin = parts._replace(scheme="postgresql", path="/postgres").geturl()
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                conn.execute(f'CREATE DATABASE "{name}"')
            target_url = parts._replace(path=f"/{name}").geturl()
        target = base_env(target_url)
        manage(target, "migrate", "--noinput", "-v0")
        manage(target, "seed_demo", "--no-editor")  # known people, organizations and platforms to link
        load = os.getloadavg()[0]  # the command uses a reader process only on a core the load leaves idle
        started = time.monotonic()
        done = subprocess.run([PY, "manage.py", "import_articles", "--publish", str(folder)], cwd=ROOT, env=target,
                              capture_output=True, text=True)
        elapsed = time.monotonic() - started
        summary = (done.stdout.strip().splitlines() or [""])[-1]
        if not url.startswith("sqlite"):
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        return {"files": files, "seconds": elapsed, "rate": files / elapsed, "status": done.returncode,
                "summary": summary, "load": load}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# Report -----------------------------------------------------------------

def machine():
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        total = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        memory = f", {total / 1024 / 1024:.0f} GB RAM"
    except (OSError, AttributeError):
        pass
    load = os.getloadavg()
    return (f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}; load average at the start {load[0]:.1f}, {load[1]:.1f}, {load[2]:.1f}")


def table(results_off, results_on, queries):
    lines = ["| what | uncached req/s | ratio | p50 ms | p99 ms | cached req/s | ratio | p50 ms | p99 ms | queries |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for label, results in (("static file (36 KB)", None),):
        off, on = results_off["static"], results_on["static"] if results_on else None
        lines.append(f"| {label} | {off:.0f} | 1.00 | | | {on:.0f} | 1.00 | | | |" if on else
                     f"| {label} | {off:.0f} | 1.00 | | | | | | | |")
    for name, off in results_off["pages"].items():
        row = f"| {name} | {off['rps']:.0f} | {off['rps'] / results_off['static']:.3f} | {off['p50']:.1f} | {off['p99']:.1f} |"
        if results_on:
            on = results_on["pages"][name]
            row += f" {on['rps']:.0f} | {on['rps'] / results_on['static']:.3f} | {on['p50']:.1f} | {on['p99']:.1f} |"
        else:
            row += " | | | |"
        status, count = queries.get(name, ["", ""]) if queries else ("", "")
        row += f" {count} |"
        if off.get("errors"):
            row += f" ({off['errors']} non-2xx)"
        lines.append(row)
    return "\n".join(lines)


def write_report(text, engine):
    """Put `text` between this engine's markers in docs/BENCHMARKS.md; everything else there is kept."""
    start, end = f"<!-- bench:{engine.lower()}:start -->", f"<!-- bench:{engine.lower()}:end -->"
    target = ROOT / "docs" / "BENCHMARKS.md"
    block = f"{start}\n{text.rstrip()}\n{end}"
    current = target.read_text() if target.exists() else (
        "# Benchmarks\n\n`make bench` (scripts/bench.py) rewrites the parts between its markers, one per database; "
        "the rest of this file is kept.\n\n## Load test\n\nWritten by the load test; `make bench` leaves this "
        "section as it is.\n"
    )
    if start in current and end in current:
        before, rest = current.split(start, 1)
        current = before + block + rest.split(end, 1)[1]
    elif "## Load test" in current:
        before, after = current.split("## Load test", 1)
        current = before + block + "\n\n## Load test" + after
    else:
        current = current.rstrip() + "\n\n" + block + "\n"
    target.write_text(current)
    return target


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=int(os.environ.get("BENCH_ARTICLES", "100000")))
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""))
    parser.add_argument("--duration", type=int, default=int(os.environ.get("BENCH_DURATION", "5")),
                        help="seconds of wrk per address")
    parser.add_argument("--search-repeat", type=int, default=3)
    parser.add_argument("--import-files", type=int, default=500)
    parser.add_argument("--skip-throughput", action="store_true")
    parser.add_argument("--skip-search", action="store_true")
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--without-search-pages", action="store_true",
                        help="leave the search page and the API's ?q= out of the throughput and query counts")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/BENCHMARKS.md alone")
    args = parser.parse_args()
    if not args.skip_throughput and not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk (Debian/Ubuntu)")

    started = dt.datetime.now(dt.UTC)
    load_before = os.getloadavg()[0]
    env, url = prepare_database(args)
    engine = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    count = int(manage(env, "shell", "--no-imports", "-c",
                       "from articles.models import Article; print(Article.objects.public().count())", capture=True).stdout)
    manage(env, "collectstatic", "--noinput", "-v0")
    paths = sample_paths(env)
    if args.without_search_pages:
        paths = {name: path for name, path in paths.items() if "search" not in name}
    out = [f"## {engine}, {count:,} public articles ({started:%Y-%m-%d %H:%M} UTC)", "",
           f"Machine: {machine()}.", ""]
    if load_before > (os.cpu_count() or 1):
        out += [f"**Taken on a loaded machine** (load average {load_before:.1f} on {os.cpu_count()} cores, shared "
                "with other work): absolute numbers are low and ratios move more than usual; compare ratios only.", ""]
    queries = queries_per_page(env, paths)
    if not args.skip_throughput:
        log("throughput, page cache off")
        off = throughput(env, paths, args.duration, cached=False)
        log("throughput, page cache on")
        on = throughput(env, paths, args.duration, cached=True)
        out += ["### Throughput", "",
                f"wrk -t2 -c8 --timeout 60s, {args.duration} s per address, gunicorn 2 sync workers, DEBUG off, on loopback; "
                "ratio = requests/s of the address / requests/s of the 36 KB static CSS file in the same run "
                f"(static measured before and after: uncached run {', '.join(f'{r:.0f}' for r in off['static_runs'])}; "
                f"cached run {', '.join(f'{r:.0f}' for r in on['static_runs'])} req/s). Queries: SQL queries of one "
                "uncached request (Django test client).", "",
                table(off, on, queries), ""]
        memory = on["memory"] + off["memory"]
        if memory:
            out += ["### Worker memory after the load", "",
                    "| run | worker | RSS MB | PSS MB |", "| --- | --- | ---: | ---: |"]
            for label, run in (("uncached", off), ("cached", on)):
                for index, (rss, pss) in enumerate(run["memory"], 1):
                    out.append(f"| {label} | {index} | {rss:.0f} | {pss:.0f} |")
            out.append("")
    else:
        out += ["### Queries per page", "", "| what | status | queries |", "| --- | --- | ---: |"]
        out += [f"| {name} | {status} | {n} |" for name, (status, n) in queries.items()]
        out.append("")
    if not args.skip_search:
        log("search timings")
        search = search_timings(env, args.search_repeat)
        out += ["### Search", "",
                f"{len(SEARCH_QUERIES)} Persian queries (common and rare words, phrases, names, ZWNJ, letter and digit "
                f"variants), each {args.search_repeat} times after one warm-up, through Django's whole stack in "
                "process (no page cache):", "",
                "| where | p50 ms | p95 ms | slowest |", "| --- | ---: | ---: | --- |"]
        for kind, row in search.items():
            slowest = ", ".join(f"«{q}» {ms:.0f}" for ms, q in row["slowest"])
            out.append(f"| {kind} | {row['p50']:.1f} | {row['p95']:.1f} | {slowest} |")
        out.append("")
    if not args.skip_import:
        log("import")
        imported = import_rate(env, url, args.import_files)
        out += ["### Import", "",
                f"`import_articles --publish` of {imported['files']} wire files (exported from this archive) into an "
                f"empty {engine} archive with the demo's people and platforms: {imported['seconds']:.1f} s, "
                f"**{imported['rate']:.0f} files/s** (the command's whole run, start-up included, load average "
                f"{imported['load']:.1f} at its start; exit status {imported['status']}; its summary: "
                f"{imported['summary']}).", ""]
    report = "\n".join(out)
    print(report)
    if not args.no_write:
        log(f"written to {write_report(report, engine)}")


if __name__ == "__main__":
    main()
