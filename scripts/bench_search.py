"""Search timings on a synthetic archive: the page's and the API's search, p50/p95 over a fixed query set.

    .venv/bin/python scripts/bench_search.py [--articles 100000] [--database-url URL] [--repeat 5]

Builds (once, then reuses) N synthetic Persian articles in its own database
(PostgreSQL by default; `--database-url sqlite:////tmp/bench.sqlite3` for
SQLite). When `manage.py generate_corpus` exists it builds the archive;
otherwise a generator here writes copy with a Zipf-like vocabulary (common
words in most articles, rare ones in a few), names, platform mentions, ZWNJ
and Arabic-letter variants, spread over twenty years.

Then for each of the QUERIES it times, `--repeat` times each:
- page: GET /search/?q=… through Django's test client (entity look-ups,
  ranked window, page of 20, snippets, template);
- api:  GET /api/v1/articles/?q=… (relevance, page of 20, total).
and prints p50/p95 over all the runs of all queries, and per kind.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

ZWNJ = "\u200c"
COMMON = (
    "پیام‌رسان داخلی وزارت ارتباطات فناوری اطلاعات نشست خبری دانشجویان اتحادیه کاربران امنیت سرور "
    "تلگرام سروش گپ نوا بله ایتا روبیکا حمایت سند شورای عالی فضای مجازی مهاجرت رسانه‌ها معاون وزیر "
    "زیرساخت شبکه اینترنت پهنای باند قیمت بسته کاربر دولت مجلس قانون دانشگاه پژوهش آموزش گفت کرد "
    "است شد این آن برای با از به در که را و هم نیز امروز"
).split()
PEOPLE = ["حمید فتاحی", "محمدجواد آذری جهرمی", "ژاله پاکزاد", "رضا باقری اصل", "علی رهبری", "مریم سلیمانی"]
SYLLABLES = "با ری کا نو مه سا لا دی تو ره شا پا گو زی فر ما نه جو سی کو".split()

# The fixed query set: common words, rare words, phrases, names, ZWNJ variants, operators, an alias.
QUERIES = [
    ("common", "تلگرام"), ("common", "وزارت"), ("common", "دولت"), ("common", "اینترنت"), ("common", "کاربران"),
    ("common", "مجلس"), ("common", "دانشگاه"),
    ("zwnj", "پیام‌رسان"), ("zwnj", "پیام رسان"), ("zwnj", "پیامرسان"), ("zwnj", "پيام‌رسان"),
    ("zwnj", "رسانه‌ها"), ("zwnj", "پیام‌رسان‌های داخلی"),
    ("phrase", "شورای عالی فضای مجازی"), ("phrase", "\"وزیر ارتباطات\""), ("phrase", "معاون وزیر"),
    ("phrase", "پهنای باند"), ("phrase", "\"قیمت بسته اینترنت\""), ("phrase", "نشست خبری دانشجویان"),
    ("name", "فتاحی"), ("name", "حمید فتاحی"), ("name", "آذری جهرمی"), ("name", "ژاله پاکزاد"), ("name", "فتاحی گپ"),
    ("rare", "باریکانو"), ("rare", "مهسالادی"), ("rare", "توره‌شاپا"), ("rare", "گوزیفر"), ("rare", "نوتوره"),
    ("operator", "پیام‌رسان -تلگرام"), ("operator", "گپ OR سروش"), ("operator", "اینترنت -قیمت -دولت"),
    ("alias", "Telegram"), ("alias", "Soroush"),
]


def rare_word(rng):
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def variant(rng, word):
    """How wire copy spells a word: ZWNJ lost or a space, Arabic yeh/kaf now and then."""
    roll = rng.random()
    if ZWNJ in word and roll < 0.3:
        word = word.replace(ZWNJ, "")
    elif ZWNJ in word and roll < 0.5:
        word = word.replace(ZWNJ, " ")
    if rng.random() < 0.05:
        word = word.replace("ی", "ي").replace("ک", "ك")
    return word


def build(n, have):
    from django.db import connection
    from django.utils import timezone

    from articles.models import Article, Section

    rng = random.Random(1405)
    rare = [rare_word(rng) for _ in range(20_000)]
    sections = [Section.objects.get_or_create(name=name)[0] for name in ("سیاسی", "علم و فناوری", "اقتصادی", "دانشگاه")]
    now = timezone.now()
    span_minutes = 20 * 365 * 24 * 60

    def sentence(length):
        words = []
        for _ in range(length):
            roll = rng.random()
            if roll < 0.75:
                words.append(variant(rng, rng.choice(COMMON)))
            elif roll < 0.78:
                words.append(rng.choice(PEOPLE))
            else:
                # Zipf-like: low ranks often, the long tail rarely.
                words.append(rare[min(int(rng.paretovariate(1.0)) - 1, len(rare) - 1)] if rng.random() < 0.5 else rng.choice(rare))
        return " ".join(words)

    started, batch = time.perf_counter(), []
    for i in range(have, n):
        article = Article(
            headline=sentence(rng.randint(7, 14)),
            lead=sentence(rng.randint(20, 35)),
            body="\n\n".join(sentence(rng.randint(30, 60)) for _ in range(rng.randint(2, 6))),
            section=rng.choice(sections), status="published", slug=f"b{i}",
            published_at=now - timezone.timedelta(minutes=rng.randint(1, span_minutes)),
        )
        article.refresh_keys()
        batch.append(article)
        if len(batch) == 2000:
            Article.objects.bulk_create(batch)
            batch = []
            print(f"  {i + 1} articles, {time.perf_counter() - started:.0f} s", flush=True)
    Article.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE articles_article" if connection.vendor == "postgresql" else "ANALYZE")
    print(f"built {n - have} articles in {time.perf_counter() - started:.0f} s")


def percentile(samples, fraction):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, int(round(fraction * len(ordered))) - 1))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/archive_bench"))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", choices=["page", "api"], default=None)
    parser.add_argument("--verbose", action="store_true", help="print each query's timings")
    parser.add_argument("--build-only", action="store_true", help="build the archive and stop")
    parser.add_argument("--with-bench-queries", action="store_true",
                        help="also time scripts/bench.py's 34 queries (by kind, with these)")
    parser.add_argument("--read-only", action="store_true",
                        help="neither migrate nor build: time an existing archive (one that must not be written)")
    parser.add_argument("--match", default=None, help="only the queries of this kind")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("SECRET_KEY", "bench")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive_site.settings")
    os.environ.setdefault("API_ANON_RATE", "100000000/min")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    if args.database_url.startswith("postgres") and not args.read_only:
        import psycopg

        admin_url = args.database_url.rsplit("/", 1)[0] + "/postgres"
        name = args.database_url.rsplit("/", 1)[1]
        with psycopg.connect(admin_url, autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')

    import django

    django.setup()
    from django.core.management import call_command, get_commands
    from django.db import connection
    from django.test import Client

    from articles.models import Article

    if not args.read_only:
        call_command("migrate", verbosity=0)
    have = Article.objects.count()
    if have < args.articles and not args.read_only:
        if "generate_corpus" in get_commands():
            call_command("generate_corpus", articles=args.articles - have)
        else:
            build(args.articles, have)

    if args.build_only:
        return
    from django.conf import settings

    # Pages render without collectstatic (the manifest storage would need it).
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    client = Client()
    kinds = ["page", "api"] if args.only is None else [args.only]
    queries = list(QUERIES)
    if args.with_bench_queries:
        from bench import SEARCH_QUERY_KINDS

        queries += [(label, text) for label, texts in SEARCH_QUERY_KINDS.items() for text in texts]
    if args.match:
        queries = [(label, text) for label, text in queries if label == args.match]
    print(f"{connection.vendor}, {Article.objects.count()} articles, {len(queries)} queries x {args.repeat}")
    samples = {kind: {} for kind in kinds}
    cpu_samples = {kind: {} for kind in kinds}  # this process's CPU: all of SQLite's work, none of PostgreSQL's
    for label, text in queries:
        for kind in kinds:
            url = ("/search/?" if kind == "page" else "/api/v1/articles/?") + urlencode({"q": text})
            client.get(url)  # warm: the first run reads the index pages from disk
            times, cpu = [], []
            for _ in range(args.repeat):
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            samples[kind].setdefault(label, []).extend(times)
            cpu_samples[kind].setdefault(label, []).extend(cpu)
            if args.verbose:
                extra = ""
                if kind == "api":
                    body = response.json()
                    extra = f" total={body.get('total')} capped={not body.get('search', {}).get('total_exact', True)}"
                print(f"  {kind:4} {label:8} {text:<28} p50 {statistics.median(times):7.1f} ms  max {max(times):7.1f} ms  "
                      f"cpu {statistics.median(cpu):7.1f} ms{extra}")
    for title, table in (("wall clock, ms", samples), ("CPU of this process, ms", cpu_samples)):
        print(title)
        print(f"{'':10} {'page p50':>9} {'page p95':>9} {'api p50':>9} {'api p95':>9}")
        labels = dict.fromkeys(q[0] for q in queries)
        rows = [(label, {kind: table[kind][label] for kind in kinds}) for label in labels]
        rows.append(("all", {kind: [t for times in table[kind].values() for t in times] for kind in kinds}))
        for label, by_kind in rows:
            cells = []
            for kind in ("page", "api"):
                times = by_kind.get(kind)
                cells += [f"{statistics.median(times):9.1f}", f"{percentile(times, 0.95):9.1f}"] if times else ["-", "-"]
            print(f"{label:10} " + " ".join(f"{c:>9}" for c in cells))


if __name__ == "__main__":
    main()
