"""A minimal WSGI client: the page cache sits in front of Django's handler, where the test client never goes."""

import io
from dataclasses import dataclass
from urllib.parse import unquote
from wsgiref.util import setup_testing_defaults


@dataclass
class Answer:
    status: int
    headers: list
    body: bytes

    def header(self, name):
        values = [v for k, v in self.headers if k.lower() == name.lower()]
        return values[0] if values else None

    @property
    def text(self):
        return self.body.decode()

    @property
    def cache(self):
        return self.header("X-Page-Cache")


def call(app, url, *, method="GET", headers=None, host="testserver"):
    path, _, query = url.partition("?")
    environ = {
        "REQUEST_METHOD": method,
        # WSGI hands the path over as the bytes of its UTF-8, one character each.
        "PATH_INFO": unquote(path).encode().decode("latin-1"),
        "QUERY_STRING": query,
        "HTTP_HOST": host,
        "SERVER_NAME": host,
        "SERVER_PORT": "80",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.input": io.BytesIO(b""),
    }
    for name, value in (headers or {}).items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
    setup_testing_defaults(environ)
    seen = {}

    def start_response(status, response_headers, exc_info=None):
        seen["status"], seen["headers"] = status, response_headers

    result = app(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return Answer(status=int(seen["status"].split()[0]), headers=list(seen["headers"]), body=body)
