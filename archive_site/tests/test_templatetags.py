"""The `persian` template filters that are not dates."""


def test_isolate_ltr_wraps_latin_runs_and_escapes():
    from archive_site.templatetags.persian import isolate_ltr

    out = isolate_ltr("در تاریخ 2018-11-20 کانال @hotgram و <b>t.me/gap</b> و ۱۴۰۵")
    assert '<bdi dir="ltr">2018-11-20</bdi>' in out
    assert '<bdi dir="ltr">@hotgram</bdi>' in out
    assert '<bdi dir="ltr">t.me/gap</bdi>' in out
    assert "&lt;" in out and "<b>" not in out
    assert "۱۴۰۵" in out and "<bdi dir=\"ltr\">۱۴۰۵" not in out


def test_readable_url_decodes_persian_slugs():
    from archive_site.templatetags.persian import readable_url

    assert readable_url("http://x/articles/3/%D9%BE%DB%8C%D8%A7%D9%85/") == "http://x/articles/3/پیام/"
