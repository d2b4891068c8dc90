"""The wire scorer (articles.importer.scoring) and the score_wire command, on small hand-made reports."""

import json
import math
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.importer import scoring

TRUTH = {
    "a001": {
        "people": [
            {"name": "سردار محمد رستمی", "role": "فرمانده انتظامی استان"},
            {"name": "کاظمی", "role": ""},
            {"name": "مریم احمدی", "role": "سخنگوی شرکت"},
        ],
        "organizations": ["باشگاه پرسپولیس", "وزارت نفت"],
        "platforms": ["تلگرام", "ایکس"],
        "agency": "فارس",
        "desk": "اقتصادی",
        "conference": {"title": "t", "host": "", "time": "صبح امروز", "speakers": ["سردار محمد رستمی", "مریم احمدی"]},
        "kind": "conference",
        "aliases": {"وزارت نفت": ["وزارت نفت ایران"]},
        "optional": {"organizations": ["استانداری"]},
    },
    "a002": {
        "people": [], "organizations": [], "platforms": [], "agency": None, "desk": None, "conference": None,
        "kind": "platform-negative",
    },
}


def report(**fields):
    base = {"source": "/tmp/x/a001.txt", "agency": None, "section": None, "people": [], "organizations": [],
            "platforms": [], "conference": None}
    base.update(fields)
    return base


def test_key_folds_letters_digits_zwnj_and_spaces():
    assert scoring.key("پيام‌رسان‌هاي ۱۲") == scoring.key("پیامرسانهای 12") == scoring.key("پیام رسان های ١٢")
    assert scoring.person_key("حجت‌الاسلام والمسلمین سید علی رضایی") == scoring.key("علی رضایی")
    assert scoring.org_key("باشگاه استقلال") == scoring.org_key("تیم استقلال") == scoring.key("استقلال")
    assert scoring.platform_key("توئیتر") == scoring.platform_key("X") == "x"
    assert scoring.agency_key("خبرگزاری فارس") == scoring.agency_key("Fars") == "fars"
    assert scoring.desk_key("گروه اقتصادی") == scoring.desk_key("خبرنگار اقتصادی") == scoring.key("اقتصادی")


def test_a_prefix_is_never_the_whole_name():
    assert scoring.org_key("باشگاه") == scoring.key("باشگاه")


def test_perfect_report_scores_full_marks():
    line = report(
        agency="Fars", section="گروه اقتصادی",
        people=[{"name": "محمد رستمی"}, {"name": "علی کاظمی"}, {"name": "مريم احمدي"}],
        organizations=[{"name": "پرسپولیس"}, {"name": "وزارت نفت ایران"}],
        platforms=[{"name": "تلگرام"}, {"name": "توییتر"}],
        conference={"title": "t", "time_note": "صبح امروز", "speakers": ["محمد رستمی", "مریم احمدی"]},
    )
    result = scoring.score(TRUTH, {"a001": line, "a002": report(source="a002.txt")})
    m = result.measures()
    for name in ("people.precision", "people.recall", "organizations.precision", "organizations.recall",
                 "platforms.precision", "platforms.recall", "agency.accuracy", "desk.accuracy",
                 "conference.accuracy", "speakers.recall", "speakers.precision"):
        assert m[name] == 1.0, name
    assert scoring.failed_acceptance(result) == []
    text = scoring.format_score(result)
    assert "a001" not in text and "no errors" in text


def test_surname_truth_matches_only_a_name_ending_with_it():
    res = scoring.match(["کاظمی"], ["کاظمی‌نیا", "علی کاظمی"], scoring.person_key, suffix=True)
    assert res.hits == [("کاظمی", "علی کاظمی")] and res.wrong == ["کاظمی‌نیا"]
    # without suffix matching (organizations) a longer name is not the same one
    res = scoring.match(["نفت"], ["وزارت نفت"], scoring.org_key)
    assert res.missed == ["نفت"] and res.wrong == ["وزارت نفت"]


def test_matching_is_one_to_one():
    res = scoring.match(["علی رضایی"], ["علی رضایی", "علي رضايي"], scoring.person_key)
    assert len(res.hits) == 1 and len(res.wrong) == 1


def test_optional_items_are_neither_required_nor_wrong():
    res = scoring.match(["وزارت نفت"], ["استانداری", "وزارت نفت"], scoring.org_key, optional=["استانداری"])
    assert (len(res.hits), res.missed, res.wrong) == (1, [], [])


def test_misses_and_wrong_items_are_counted_and_listed():
    line = report(
        agency="ایسنا", section=None,
        people=[{"name": "محمد رستمی"}, {"name": "شهید کاظمی"}, {"name": "نوا"}],
        organizations=["ورزشگاه آزادی", "استانداری"],
        platforms=[{"name": "تلگرام"}, {"name": "بله"}, {"name": "بله"}],
        conference=None,
    )
    result = scoring.score(TRUTH, {"a001": line})
    # «شهید کاظمی» ends with the surname «کاظمی» after the key fold: the wire-dev rule counts it as a hit.
    assert (result.people.tp, result.people.fp, result.people.fn) == (2, 1, 1)
    assert (result.organizations.tp, result.organizations.fp, result.organizations.fn) == (0, 1, 2)
    assert (result.platforms.tp, result.platforms.fp, result.platforms.fn) == (1, 1, 1), "a platform found twice counts once"
    assert result.agency_ok == 1, "a002 has no report line and no agency: right by default"
    assert (result.desk_named, result.desk_ok) == (1, 0)
    assert result.conference == {"tp": 0, "fp": 0, "fn": 1, "tn": 1}
    assert result.speakers_true == 2 and result.speakers.fn == 2 and result.speakers_recall == 0
    assert math.isnan(result.speakers_precision)
    problems = dict((d.file_id, d.problems) for d in result.details)
    assert "agency: expected «فارس», found «ایسنا»" in problems["a001"]
    assert "people: wrong نوا" in problems["a001"]
    assert "organizations: missed وزارت نفت" in problems["a001"]
    assert "conference: missed (speakers سردار محمد رستمی, مریم احمدی)" in problems["a001"]
    assert problems["a002"] == ["no report line for this file (scored as empty)"]
    failures = scoring.failed_acceptance(result)
    assert any(f.startswith("people.precision") for f in failures)
    assert any(f.startswith("conference.accuracy") for f in failures)


def test_wrong_conference_and_desk_given_where_none_is_named():
    line = report(source="a002.txt", section="ورزشی", conference={"title": "نشست", "speakers": ["x"]})
    result = scoring.score(TRUTH, {"a002": line}, only_reported=True)
    assert result.files == 1
    assert result.conference["fp"] == 1 and result.desk_given_unnamed == 1 and math.isnan(result.desk_accuracy)
    assert "conference: wrong, none was held (found title «نشست»)" in result.details[0].problems


def test_conference_field_differences_are_listed_not_scored():
    line = report(agency="فارس", section="اقتصادی", conference={"title": "t", "time_note": "ظهر امروز", "speakers": []})
    result = scoring.score(TRUTH, {"a001": line}, only_reported=True)
    assert result.conference["tp"] == 1
    assert "conference time (not scored): expected «صبح امروز», found «ظهر امروز»" in result.details[0].problems


def test_report_lines_skip_non_json_and_keep_the_last_duplicate():
    lines = ["Dry run: 2 imported", '{"source": "a/b/a001.txt", "agency": "x"}', "{broken",
             '{"source": "a001.txt", "agency": "فارس"}', "[1, 2]"]
    report_by_id, warnings = scoring.parse_report_lines(lines)
    assert report_by_id == {"a001": {"source": "a001.txt", "agency": "فارس"}}
    assert len(warnings) == 2


def test_truth_dir_pairs_json_with_txt(tmp_path):
    (tmp_path / "w001.txt").write_text("x", encoding="utf-8")
    (tmp_path / "w001.json").write_text(json.dumps(TRUTH["a002"]), encoding="utf-8")
    (tmp_path / "orphan.json").write_text("{}", encoding="utf-8")
    assert list(scoring.load_truth_dir(tmp_path)) == ["w001"]


def test_command_scores_a_saved_report_against_a_truth_file(tmp_path, capsys):
    truth = tmp_path / "truth.json"
    truth.write_text(json.dumps(TRUTH, ensure_ascii=False), encoding="utf-8")
    saved = tmp_path / "report.jsonl"
    saved.write_text(json.dumps(report(agency="فارس", section="اقتصادی"), ensure_ascii=False) + "\n", encoding="utf-8")
    call_command("score_wire", "--report", str(saved), "--truth", str(truth))
    out = capsys.readouterr().out
    assert "2 files scored, 1 report lines" in out
    assert "agency         accuracy 100.0%" in out
    assert "a001:\n  people: missed سردار محمد رستمی" in out
    assert "below acceptance" in out
    with pytest.raises(CommandError, match="acceptance figures not met"):
        call_command("score_wire", "--report", str(saved), "--truth", str(truth), "--check")


def test_command_rejects_bad_arguments(tmp_path):
    with pytest.raises(CommandError, match="--truth needs DIR"):
        call_command("score_wire", "--truth", str(tmp_path / "t.json"))
    with pytest.raises(CommandError, match="--truth"):
        call_command("score_wire", "--truth", str(tmp_path / "missing.json"), "--report", "r.jsonl")
    with pytest.raises(CommandError, match="no NAME.json truth"):
        call_command("score_wire", str(tmp_path))


def test_command_without_report_runs_the_dry_run_json_import(tmp_path, monkeypatch, capsys):
    """The default path: `import_articles DIR --dry-run --format json` is run and its lines scored."""
    from articles.management.commands import score_wire

    (tmp_path / "a001.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a001.json").write_text(json.dumps(TRUTH["a001"], ensure_ascii=False), encoding="utf-8")
    calls = []

    def fake_import(name, *args, stdout, stderr):
        calls.append((name, args))
        stdout.write(json.dumps(report(agency="فارس", section="اقتصادی", people=["محمد رستمی"]), ensure_ascii=False) + "\n")
        stdout.write("Dry run (nothing written): 1 imported, 0 updated, 0 unchanged, 0 failed\n")

    monkeypatch.setattr(score_wire, "call_command", fake_import)
    call_command("score_wire", str(tmp_path))
    assert calls == [("import_articles", (str(tmp_path), "--dry-run", "--format", "json"))]
    out = capsys.readouterr().out
    assert "1 files scored, 1 report lines" in out
    assert re.search(r"^people +100\.0% +33\.3% ", out, re.M)


def test_command_says_so_when_the_import_prints_no_json(tmp_path, monkeypatch):
    from articles.management.commands import score_wire

    (tmp_path / "a001.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a001.json").write_text(json.dumps(TRUTH["a002"]), encoding="utf-8")
    monkeypatch.setattr(score_wire, "call_command", lambda *a, stdout, stderr: stdout.write("imported a001.txt\n"))
    with pytest.raises(CommandError, match="no JSON report lines"):
        call_command("score_wire", str(tmp_path))
