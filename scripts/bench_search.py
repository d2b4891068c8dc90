"""Search timings on a synthetic archive: `make bench` runs it (PostgreSQL by default).

    .venv/bin/python scripts/bench_search.py [--articles 100000] [--database-url URL]

Builds (once, then reuses) N synthetic Persian articles in its own database and
prints p50/p95 of typical queries: a rare word, a common word ranked over all
matches, ranked within the newest window (what the site does), and newest-first.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

WORDS = (
    "پیام‌رسان داخلی وزارت ارتباطات فناوری اطلاعات نشست خبری دانشجویان اتحادیه کاربران امنیت سرور "
    "تلگرام سروش گپ نوا بله ایتا روبیکا حمایت سند شورای عالی فضای مجازی مهاجرت رسانه‌ها معاون وزیر "
    "زیرساخت شبکه اینترنت پهنای باند قیمت بسته کاربر دولت مجلس قانون دانشگاه پژوهش آموزش"
).split()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/archive_bench"))
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("SECRET_KEY", "bench")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive_site.settings")
    if args.database_url.startswith("postgres"):
        import psycopg

        admin_url = args.database_url.rsplit("/", 1)[0] + "/postgres"
        name = args.database_url.rsplit("/", 1)[1]
        with psycopg.connect(admin_url, autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from archive_site.search import order_by_relevance, parse_query, search_articles
    from articles.models import Article, Section

    call_command("migrate", verbosity=0)
    have = Article.objects.count()
    if have < args.articles:
        rng = random.Random(1405)
        section, _ = Section.objects.get_or_create(name="بنچمارک")
        now = timezone.now()
        batch = []
        started = time.perf_counter()
        for i in range(have, args.articles):
            body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(80, 250)))
            article = Article(
                headline=" ".join(rng.choice(WORDS) for _ in range(8)) + f" {i}",
                lead=" ".join(rng.choice(WORDS) for _ in range(25)),
                body=body, section=section, status="published", slug=f"b{i}",
                published_at=now - timezone.timedelta(minutes=i * 7),
            )
            article.refresh_keys()
            batch.append(article)
            if len(batch) == 2000:
                Article.objects.bulk_create(batch)
                batch = []
        Article.objects.bulk_create(batch)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE articles_article")
        print(f"built {args.articles - have} articles in {time.perf_counter() - started:.0f} s")

    def timed(label, make_queryset):
        samples = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            rows = list(make_queryset()[:20].values_list("id", flat=True))
            samples.append((time.perf_counter() - started) * 1000)
        samples.sort()
        print(f"{label:<48} p50 {statistics.median(samples):7.1f} ms   p95 {samples[int(len(samples) * 0.95) - 1]:7.1f} ms   ({len(rows)} shown)")

    public = Article.objects.public()
    print(f"{connection.vendor}, {Article.objects.count()} articles")
    rare = parse_query(f"بنچمارک {args.articles // 2}")
    for text in ("تلگرام", "پیام‌رسان داخلی"):
        query = parse_query(text)
        matches = search_articles(public, query)
        print(f"'{text}': {matches.count()} matches")
        timed("  ranked over all matches", lambda: matches.order_by("-search_rank", "-published_at"))
        timed("  ranked within newest window (the site)", lambda: order_by_relevance(matches))
        timed("  newest first", lambda: matches.order_by("-published_at"))
    timed("a headline number (few matches), ranked", lambda: order_by_relevance(search_articles(public, rare)))


if __name__ == "__main__":
    main()
