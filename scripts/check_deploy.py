"""Checks of the nginx + gunicorn setup that scripts/check_deploy.sh started on loopback.

Phases: `running` (TLS, redirect, static files, trusted-proxy addresses,
slow clients, nginx's Persian error pages), `database-down` (the app's 503),
`app-down` (nginx's 502). Exits non-zero on the first failure.
"""

import argparse
import gzip
import http.client
import socket
import ssl
import sys
import threading
import time

CONTEXT = ssl.create_default_context()
CONTEXT.check_hostname = False
CONTEXT.verify_mode = ssl.CERT_NONE


def request(port, path, *, method="GET", headers=None, body=None, timeout=10):
    connection = http.client.HTTPSConnection("127.0.0.1", port, context=CONTEXT, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers={"Host": "localhost", **(headers or {})})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def raw_request(port, path, *, headers=None, timeout=10):
    """Status, headers, size on the wire and the bytes as sent (not decoded, not decompressed)."""
    connection = http.client.HTTPSConnection("127.0.0.1", port, context=CONTEXT, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Host": "localhost", **(headers or {})})
        response = connection.getresponse()
        body = response.read()
        return response.status, dict(response.getheaders()), len(body), body
    finally:
        connection.close()


def check(condition, message):
    if not condition:
        print(f"FAIL: {message}", file=sys.stderr)
        sys.exit(1)
    print(f"ok: {message}")


def persian_page(body):
    return '<html lang="fa" dir="rtl">' in body


def slow_client(port, stop, opened):
    """A client that sends its headers one byte at a time, as slowloris does."""
    try:
        raw = socket.create_connection(("127.0.0.1", port), timeout=30)
        sock = CONTEXT.wrap_socket(raw, server_hostname="localhost")
        sock.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n")
        opened.release()
        while not stop.is_set():
            sock.sendall(b"X")
            stop.wait(1)
        sock.close()
    except OSError:
        opened.release()


def running(port, http_port):
    status, headers, body = request(port, "/")
    check(status == 200 and persian_page(body), "home page over TLS through nginx")
    check("Permissions-Policy" in headers and "form-action" in headers.get("Content-Security-Policy", ""),
          "security headers from the app pass through")

    plain = http.client.HTTPConnection("127.0.0.1", http_port, timeout=5)
    plain.request("GET", "/articles/?x=1", headers={"Host": "localhost"})
    redirect = plain.getresponse()
    check(redirect.status == 301 and redirect.getheader("Location", "").startswith("https://"), "HTTP redirects to HTTPS")

    status, headers, _ = request(port, "/static/css/site.css")
    check(status == 200 and "immutable" in headers.get("Cache-Control", ""), "static files served by nginx, cached")

    status, _, body = request(port, "/no-such-page/")
    check(status == 404 and persian_page(body), "the app's Persian 404 passes through")

    # The API's JSON is gzipped by the app (archive_site/api/middleware.py); nginx passes it through as it is.
    status, headers, size, packed = raw_request(port, "/api/v1/articles/?show-fields=all&page-size=100",
                                                headers={"Accept-Encoding": "gzip"})
    unpacked = len(gzip.decompress(packed)) if headers.get("Content-Encoding") == "gzip" else 0
    check(status == 200 and unpacked > 4 * size, f"an API list arrives gzipped through nginx: {size} bytes for {unpacked}")

    # Trusted proxies: a forged X-Forwarded-For does not buy a new allowance (API_ANON_RATE=5/min).
    # 15 tries from one client behind nginx, each claiming another address: exactly the limit passes
    # (less the one request above).
    answers = [request(port, "/api/v1/sections/", headers={"X-Forwarded-For": f"10.9.8.{n}"})[0] for n in range(15)]
    check(answers == [200] * 4 + [429] * 11, f"forged X-Forwarded-For is ignored behind nginx: {answers}")
    _, headers, _ = request(port, "/api/v1/sections/")
    check("RateLimit-Limit" in headers, "RateLimit headers on API answers")

    # Slow clients: more slow connections than gunicorn has workers; a normal reader is not held up.
    stop, opened = threading.Event(), threading.Semaphore(0)
    clients = [threading.Thread(target=slow_client, args=(port, stop, opened), daemon=True) for _ in range(8)]
    for client in clients:
        client.start()
    for _ in clients:
        opened.acquire(timeout=10)
    time.sleep(1)
    started = time.monotonic()
    status, _, _ = request(port, "/", timeout=15)
    elapsed = time.monotonic() - started
    stop.set()
    check(status == 200 and elapsed < 2, f"a reader beside 8 slow-header clients waited {elapsed:.2f} s")

    status, headers, body = request(port, "/admin/login/", method="POST", body=b"x" * (22 * 1024 * 1024),
                                    headers={"Content-Type": "application/octet-stream"}, timeout=30)
    check(status == 413 and persian_page(body), "an upload over the limit gets nginx's Persian 413")
    status, _, body = request(port, "/search/?q=" + "a" * 6000)
    check(status in (400, 414) and persian_page(body), f"an over-long address gets a Persian {status} from nginx")


def database_down(port):
    started = time.monotonic()
    status, headers, body = request(port, "/", timeout=20)
    check(status == 503 and "Retry-After" in headers and persian_page(body) and "موقتاً" in body,
          f"database unreachable: Persian 503 with Retry-After in {time.monotonic() - started:.2f} s")
    status, headers, body = request(port, "/api/v1/articles/", timeout=20)
    check(status == 503 and headers.get("Content-Type", "").startswith("application/json"), "the API's 503 is JSON")


def app_down(port):
    status, headers, body = request(port, "/")
    check(status == 502 and persian_page(body) and headers.get("Retry-After") == "30",
          "app stopped: nginx's Persian 502 with Retry-After")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--http-port", type=int)
    parser.add_argument("--phase", choices=["running", "database-down", "app-down"], required=True)
    args = parser.parse_args()
    if args.phase == "running":
        running(args.port, args.http_port)
    elif args.phase == "database-down":
        database_down(args.port)
    else:
        app_down(args.port)


if __name__ == "__main__":
    main()
