"""CPU milliseconds of one uncached request per kind of page, in process (docs/performance.md).

    DATABASE_URL=... .venv/bin/python scripts/profile_pages.py [--repeat 20] [--only "home|article"]
                                                              [--profile home] [--top 30]

The same addresses as `make bench` (scripts/bench.py, SAMPLE_PATHS), through
Django's whole stack with the Django test client, DEBUG and the page cache
off. For each: the median CPU time of the process (time.process_time: the
worker's own cost, what a gunicorn worker spends; the database server's time
on PostgreSQL is not in it), the median wall time and the SQL queries.
`--profile NAME` prints cProfile's top functions for that page instead.
On a shared machine CPU time moves much less than wall time.
"""

import argparse
import contextlib
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]
os.environ.update({"PAGE_CACHE": "0", "DEBUG": "", "ALLOWED_HOSTS": "testserver", "SECURE_SSL_REDIRECT": "0",
                   "API_ANON_RATE": "100000000/min", "LOG_LEVEL": "ERROR"})
os.environ.setdefault("SECRET_KEY", "profile")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive_site.settings")


def fetch(client, path):
    response = client.get(path, secure=True)
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
    return response


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--only", default="", help="names of pages as in the bench, separated by |")
    parser.add_argument("--skip-search", action="store_true")
    parser.add_argument("--profile", default="", help="name of one page: print cProfile's top functions")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sort", default="cumulative")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench import SAMPLE_PATHS

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(SAMPLE_PATHS, {})  # noqa: S102 (our own script)
    paths = json.loads(out.getvalue())
    if args.only or args.profile:
        wanted = (args.profile or args.only).split("|")
        paths = {name: path for name, path in paths.items() if name in wanted}
    if args.skip_search:
        paths = {name: path for name, path in paths.items() if "search" not in name}
    client = Client()
    for name, path in paths.items():
        for _ in range(2):  # warm: imports, templates, connection
            fetch(client, path)
        if args.profile:
            profiler = cProfile.Profile(time.process_time)  # CPU, not wall: the machine is shared
            profiler.enable()
            for _ in range(args.repeat):
                fetch(client, path)
            profiler.disable()
            pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.top)
            continue
        cpu, wall = [], []
        for _ in range(args.repeat):
            started_cpu, started = time.process_time(), time.perf_counter()
            response = fetch(client, path)
            cpu.append((time.process_time() - started_cpu) * 1000)
            wall.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            fetch(client, path)
        print(f"{name:22} {response.status_code}  cpu {statistics.median(cpu):7.1f} ms (min {min(cpu):6.1f})  "
              f"wall {statistics.median(wall):7.1f} ms  queries {len(queries)}", flush=True)


if __name__ == "__main__":
    main()
