"""The project's own wire corpus (issue 13, item 9): its truth is consistent, and the importer meets the acceptance figures.

articles/tests/wire/corpus/ holds hand-written Persian wire reports (wNNN.txt)
with their truth beside them (wNNN.json, the shared/wire-dev truth format).
"""

import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.importer import scoring

CORPUS = Path(__file__).parent / "wire" / "corpus"
KINDS = {"conference", "near-miss", "platform", "platform-negative", "other"}
TRUTH = scoring.load_truth_dir(CORPUS)


def _in_text(name, text_key, aliases=()):
    return any(scoring.key(n) in text_key for n in (name, *aliases))


def test_corpus_size_and_shape():
    texts = sorted(CORPUS.glob("w*.txt"))
    assert len(texts) >= 45
    assert {p.stem for p in texts} == set(TRUTH), "every text has its truth beside it, and no truth is orphaned"
    for path in texts:
        text = path.read_text(encoding="utf-8")
        words = len(re.findall(r"\S+", text))
        assert 150 <= words <= 450, f"{path.name}: {words} words"
        headline, blank, *rest = text.split("\n")
        assert headline.strip() and blank == "" and rest, f"{path.name}: headline, blank line, then the lead"


@pytest.mark.parametrize("fid", sorted(TRUTH))
def test_truth_is_consistent_with_its_text(fid):
    """Every true name is in the copy (by the scorer's key), speakers are people, fields are complete."""
    truth = TRUTH[fid]
    text_key = scoring.key((CORPUS / f"{fid}.txt").read_text(encoding="utf-8"))
    aliases = truth.get("aliases", {})
    assert {"people", "organizations", "platforms", "agency", "desk", "conference", "kind"} <= set(truth)
    assert truth["kind"] in KINDS
    for person in truth["people"]:
        assert set(person) == {"name", "role"}
        assert _in_text(person["name"], text_key, aliases.get(person["name"], ())), person["name"]
        if person["role"]:
            assert person["role"] == person["role"].strip()
    names = [p["name"] for p in truth["people"]]
    assert len(set(map(scoring.person_key, names))) == len(names), "a person is listed once"
    for org in truth["organizations"]:
        assert _in_text(org, text_key, aliases.get(org, ())), org
    for platform in truth["platforms"]:
        assert _in_text(platform, text_key), platform
        assert scoring.platform_key(platform) in scoring.PLATFORMS, f"{platform}: a known platform"
    if truth["agency"]:
        assert _in_text(truth["agency"], text_key), truth["agency"]
    if truth["desk"]:
        assert _in_text(truth["desk"], text_key), truth["desk"]
        assert not truth["desk"].startswith(("گروه", "خبرنگار"))
    conference = truth["conference"]
    if conference:
        assert set(conference) == {"title", "host", "time", "speakers"}
        assert conference["speakers"], "a held conference has a speaker"
        for speaker in conference["speakers"]:
            assert speaker in names, f"speaker {speaker} is among the people"
        if conference["time"]:
            assert _in_text(conference["time"], text_key)
        assert truth["kind"] in ("conference", "platform"), "a held conference is picked as one (or for its platforms)"
    else:
        assert truth["kind"] != "conference"
    if truth["kind"] == "platform":
        assert truth["platforms"]
    if truth["kind"] == "platform-negative":
        assert not truth["platforms"]


def test_corpus_covers_the_variety_the_issue_asks_for():
    summary = scoring.corpus_summary(TRUTH)
    agencies = {t["agency"] for t in TRUTH.values()}
    assert None in agencies and len(agencies - {None}) >= 12
    assert summary["desks"] >= 15
    assert summary["conferences"] >= 12
    assert summary["kinds"].get("near-miss", 0) >= 10
    assert summary["kinds"].get("platform-negative", 0) >= 3
    texts = {p.stem: p.read_text(encoding="utf-8") for p in CORPUS.glob("w*.txt")}
    arabic = [f for f, t in texts.items() if "ي" in t and "ی" not in t]
    mixed = [f for f, t in texts.items() if "ي" in t and "ی" in t]
    no_zwnj = [f for f, t in texts.items() if "\u200c" not in t and re.search(r"\bمی[^\s‌]{3,}", t)]
    wrapped = [f for f, t in texts.items() if any("\n" in para.strip() for para in t.split("\n\n"))]
    assert len(arabic) >= 3 and len(mixed) >= 2 and len(no_zwnj) >= 3 and len(wrapped) >= 2


_SCORED = {}


def _corpus_score():
    """The import's report on the corpus, scored once per test run (a dry run writes nothing)."""
    if "result" not in _SCORED:
        out = io.StringIO()
        call_command("import_articles", str(CORPUS), "--dry-run", "--format", "json", stdout=out, stderr=io.StringIO())
        report, _ = scoring.parse_report_lines(out.getvalue().splitlines())
        _SCORED["result"] = scoring.score(TRUTH, report)
    return _SCORED["result"]


ORGANIZATION_FIGURES = {k: v for k, v in scoring.ACCEPTANCE.items() if k.startswith("organizations.")}


@pytest.mark.django_db
def test_importer_meets_acceptance_on_the_corpus():
    result = _corpus_score()
    thresholds = {k: v for k, v in scoring.ACCEPTANCE.items() if k not in ORGANIZATION_FIGURES}
    failures = scoring.failed_acceptance(result, thresholds)
    assert not failures, scoring.format_score(result, "corpus") + "\n" + json.dumps(failures, ensure_ascii=False)


@pytest.mark.django_db
def test_importer_meets_organization_acceptance_on_the_corpus():
    result = _corpus_score()
    failures = scoring.failed_acceptance(result, ORGANIZATION_FIGURES)
    assert not failures, json.dumps(failures, ensure_ascii=False)
