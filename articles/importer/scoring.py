"""Score the importer's JSON report against hand-read truth (issue 13, item 9).

Pure functions, no database: the `score_wire` command and the tests feed them
truth (the project's own corpus in articles/tests/wire/corpus/, one wNNN.json
beside each wNNN.txt, or a wire-dev style truth.json keyed by file id) and the
report lines of `import_articles --dry-run --format json`.

The matching rules are those of the shared wire-dev scorer
(shared/wire-dev/score.py), re-implemented here so that a figure printed by
`score_wire` means the same as one printed by that script:

- names are compared by a tolerant key: the project's one normalizer
  (`archive_site.text.normalize_key`: Arabic/Persian letters, digits, ZWNJ,
  diacritics, case) with every space and punctuation mark removed;
- people: leading honorifics are ignored, and a one-word true name (a surname)
  also matches a found name that ends with it;
- organizations: a leading «باشگاه» / «تیم» / «تیم فوتبال» is ignored;
- platforms: the known spellings of one platform count as one, and a platform
  found twice counts once;
- agencies: a leading «خبرگزاری» is ignored and common Latin names accepted;
- desks: a leading «گروه» / «خبرنگار» is ignored; the desk is scored only for
  reports whose copy names one;
- per-file `aliases` give other accepted spellings; items under `optional`
  are neither required nor counted as wrong when found.

`normalize_key` folds a little more than the wire-dev script (آ as ا, hamza
seats), which can only turn a near-miss spelling into a hit, never the reverse.
"""

import json
import math
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from archive_site.text import normalize_key

KINDS = ("people", "organizations", "platforms")

# The acceptance figures of issue 13, as (measure, minimum).
ACCEPTANCE = {
    "people.precision": 0.9,
    "people.recall": 0.8,
    "organizations.precision": 0.85,
    "organizations.recall": 0.6,
    "platforms.precision": 1.0,
    "platforms.recall": 0.9,
    "agency.accuracy": 0.95,
    "desk.accuracy": 0.9,
    "conference.accuracy": 1.0,
    "speakers.recall": 0.8,
}


def key(text):
    """The tolerant comparison key: no spaces, ZWNJ or punctuation at all."""
    return normalize_key(text or "").replace(" ", "")


def _keys(words):
    return tuple(key(w) for w in words)


HONORIFICS = _keys((
    "حجت‌الاسلام والمسلمین", "حجت‌الاسلام", "آیت‌الله", "سیده", "سید", "دکتر", "مهندس", "سرلشکر", "سرتیپ",
    "سردار", "سرهنگ", "آقای", "خانم",
))
ORG_PREFIXES = _keys(("باشگاه", "تیم فوتبال", "تیم"))
AGENCY_PREFIXES = _keys(("خبرگزاری", "پایگاه خبری", "سایت"))
DESK_PREFIXES = _keys(("گروه", "خبرنگار", "سرویس", "حوزه"))

PLATFORMS = {  # one platform: its spellings
    "telegram": ("تلگرام", "telegram", "تلگرام طلایی"),
    "instagram": ("اینستاگرام", "اینستاگرم", "اینستا", "instagram"),
    "x": ("ایکس", "توییتر", "توئیتر", "تویتر", "twitter", "x"),
    "facebook": ("فیسبوک", "فیس بوک", "facebook"),
    "whatsapp": ("واتساپ", "واتس اپ", "واتس آپ", "whatsapp"),
    "soroush": ("سروش", "سروش پلاس", "soroush"),
    "gap": ("گپ", "gap"),
    "igap": ("آی گپ", "ایگپ", "igap"),
    "eitaa": ("ایتا", "eitaa"),
    "bale": ("بله", "bale"),
    "rubika": ("روبیکا", "rubika"),
    "shad": ("شاد", "shad"),
    "youtube": ("یوتیوب", "youtube"),
    "aparat": ("آپارات", "aparat"),
}
AGENCIES = {  # one agency: its spellings, without a leading «خبرگزاری»
    "fars": ("فارس", "fars", "farsnews", "fars news agency"),
    "isna": ("ایسنا", "isna"),
    "tasnim": ("تسنیم", "tasnim"),
    "mehr": ("مهر", "mehr"),
    "irna": ("ایرنا", "irna"),
    "ilna": ("ایلنا", "ilna"),
    "iscanews": ("ایسکانیوز", "ایسکا نیوز", "iscanews"),
    "varzesh3": ("ورزش سه", "ورزش3", "varzesh3"),
    "yjc": ("باشگاه خبرنگاران", "باشگاه خبرنگاران جوان", "yjc"),
    "borna": ("برنا", "borna"),
    "khabaronline": ("خبرآنلاین", "خبر آنلاین", "khabaronline"),
    "hamshahri": ("همشهری آنلاین", "همشهری", "hamshahri online", "hamshahrionline"),
    "owj": ("اوج", "اوج نیوز", "owj"),
}
_PLATFORM_ID = {key(s): pid for pid, spellings in PLATFORMS.items() for s in spellings}
_AGENCY_ID = {key(s): aid for aid, spellings in AGENCIES.items() for s in spellings}


def strip_prefixes(text_key, prefixes):
    """Remove leading prefixes (repeatedly, as in «سید دکتر»), never the whole key."""
    changed = True
    while changed:
        changed = False
        for prefix in prefixes:
            if text_key.startswith(prefix) and len(text_key) > len(prefix):
                text_key, changed = text_key[len(prefix):], True
    return text_key


def person_key(name):
    return strip_prefixes(key(name), HONORIFICS)


def org_key(name):
    return strip_prefixes(key(name), ORG_PREFIXES)


def platform_key(name):
    k = key(name)
    return _PLATFORM_ID.get(k, k)


def agency_key(name):
    k = strip_prefixes(key(name), AGENCY_PREFIXES)
    return _AGENCY_ID.get(k, k)


def desk_key(name):
    return strip_prefixes(key(name), DESK_PREFIXES)


def names(items):
    """The names in a report list; plain strings are accepted for {"name": ...}."""
    out = []
    for item in items or []:
        name = item.get("name") if isinstance(item, dict) else item
        if name and str(name).strip():
            out.append(str(name).strip())
    return out


def _one_word(name):
    return len(name.replace("\u200c", "").replace("\u0640", "").split()) == 1


@dataclass
class Match:
    hits: list = field(default_factory=list)  # (truth, found) pairs
    missed: list = field(default_factory=list)
    wrong: list = field(default_factory=list)


def match(truth, found, keyf, aliases=None, optional=(), suffix=False):
    """One-to-one matching of true names against found names.

    Exact (or alias) matches are taken first; then, with `suffix`, a one-word
    true name (a surname) matches a longer found name ending with it. Found
    names left over are wrong unless listed as optional.
    """
    aliases = aliases or {}
    accepted = {t: {keyf(t)} | {keyf(a) for a in aliases.get(t, [])} for t in truth}
    free = list(found)
    result = Match()
    for t in truth:
        f = next((f for f in free if keyf(f) in accepted[t]), None)
        if f is None:
            result.missed.append(t)
        else:
            result.hits.append((t, f))
            free.remove(f)
    if suffix:
        for t in list(result.missed):
            if len(key(t)) >= 2 and _one_word(t):
                f = next((f for f in free if keyf(f).endswith(keyf(t))), None)
                if f is not None:
                    result.hits.append((t, f))
                    free.remove(f)
                    result.missed.remove(t)
    optional_keys = {keyf(o) for o in optional}
    optional_surnames = [keyf(o) for o in optional if len(o.split()) == 1]
    result.wrong = [
        f for f in free
        if keyf(f) not in optional_keys and not (suffix and any(keyf(f).endswith(o) for o in optional_surnames))
    ]
    return result


def match_platforms(truth, found, aliases=None, optional=()):
    """Platforms: as `match`, but one platform found under two spellings is one answer."""
    found = list(dict.fromkeys(found))
    result = match(truth, found, platform_key, aliases, optional)
    hit_ids = {platform_key(f) for _, f in result.hits}
    seen, wrong = set(), []
    for w in result.wrong:
        pid = platform_key(w)
        if pid in seen or pid in hit_ids:
            continue
        seen.add(pid)
        wrong.append(w)
    result.wrong = wrong
    return result


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, result):
        self.tp += len(result.hits)
        self.fp += len(result.wrong)
        self.fn += len(result.missed)

    @property
    def precision(self):
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else math.nan

    @property
    def recall(self):
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else math.nan

    @property
    def f1(self):
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if (p + r) else math.nan


@dataclass
class FileScore:
    file_id: str
    problems: list = field(default_factory=list)


@dataclass
class Score:
    files: int = 0
    report_lines: int = 0
    people: Tally = field(default_factory=Tally)
    organizations: Tally = field(default_factory=Tally)
    platforms: Tally = field(default_factory=Tally)
    speakers: Tally = field(default_factory=Tally)
    speakers_true: int = 0
    agency_ok: int = 0
    desk_named: int = 0
    desk_ok: int = 0
    desk_given_unnamed: int = 0
    conference: dict = field(default_factory=lambda: {"tp": 0, "fp": 0, "fn": 0, "tn": 0})
    details: list = field(default_factory=list)  # FileScore with problems, in file order
    warnings: list = field(default_factory=list)

    @property
    def agency_accuracy(self):
        return self.agency_ok / self.files if self.files else math.nan

    @property
    def desk_accuracy(self):
        return self.desk_ok / self.desk_named if self.desk_named else math.nan

    @property
    def conference_accuracy(self):
        c = self.conference
        return (c["tp"] + c["tn"]) / self.files if self.files else math.nan

    @property
    def speakers_recall(self):
        """Over every held conference, found or not."""
        return self.speakers.tp / self.speakers_true if self.speakers_true else math.nan

    @property
    def speakers_precision(self):
        """Over the conferences that were found."""
        return self.speakers.precision

    def measures(self):
        """Every scored figure by name (the names used in ACCEPTANCE)."""
        out = {}
        for kind in KINDS:
            tally = getattr(self, kind)
            out[f"{kind}.precision"] = tally.precision
            out[f"{kind}.recall"] = tally.recall
            out[f"{kind}.f1"] = tally.f1
        out["agency.accuracy"] = self.agency_accuracy
        out["desk.accuracy"] = self.desk_accuracy
        out["conference.accuracy"] = self.conference_accuracy
        out["speakers.recall"] = self.speakers_recall
        out["speakers.precision"] = self.speakers_precision
        return out


def file_id(source):
    """«d001.txt», «/x/y/w012.txt» or «w012» -> the truth key."""
    name = PurePath(str(source or "")).name
    return name[:-4] if name.lower().endswith(".txt") else name


def parse_report_lines(lines):
    """(report by file id, warnings) from JSON lines; other lines (a summary) are skipped."""
    report, warnings = {}, []
    for number, line in enumerate(lines, 1):
        line = line.strip()
        if not line.startswith("{"):
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as error:
            warnings.append(f"line {number} is not JSON ({error}); skipped")
            continue
        if not isinstance(obj, dict):
            continue
        fid = file_id(obj.get("source"))
        if fid in report:
            warnings.append(f"line {number}: second report for {fid}; the last one is used")
        report[fid] = obj
    return report, warnings


def load_report(path):
    with open(path, encoding="utf-8") as handle:
        return parse_report_lines(handle)


def load_truth_file(path):
    """A wire-dev style truth.json: one object keyed by file id."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected an object keyed by file id")
    return data


def load_truth_dir(directory):
    """The corpus: each NAME.json that sits beside a NAME.txt, keyed by NAME."""
    directory = Path(directory)
    truth = {}
    for path in sorted(directory.glob("*.json")):
        if path.with_suffix(".txt").exists():
            truth[path.stem] = json.loads(path.read_text(encoding="utf-8"))
    return truth


def _show(value):
    return f"«{value}»" if value else "nothing"


def score_file(fid, truth, report, score):
    """Score one report (a dict, or None when the file has no report line) into `score`."""
    problems = []
    if report is None:
        problems.append("no report line for this file (scored as empty)")
        report = {}
    aliases, optional = truth.get("aliases") or {}, truth.get("optional") or {}

    res = match([p["name"] for p in truth.get("people", [])], names(report.get("people")), person_key,
                aliases, optional.get("people", []), suffix=True)
    score.people.add(res)
    problems += [f"people: missed {m}" for m in res.missed] + [f"people: wrong {w}" for w in res.wrong]

    res = match(truth.get("organizations", []), names(report.get("organizations")), org_key,
                aliases, optional.get("organizations", []))
    score.organizations.add(res)
    problems += [f"organizations: missed {m}" for m in res.missed] + [f"organizations: wrong {w}" for w in res.wrong]

    res = match_platforms(truth.get("platforms", []), names(report.get("platforms")), aliases,
                          optional.get("platforms", []))
    score.platforms.add(res)
    problems += [f"platforms: missed {m}" for m in res.missed] + [f"platforms: wrong {w}" for w in res.wrong]

    true_agency, found_agency = truth.get("agency"), report.get("agency")
    if (agency_key(true_agency) if true_agency else "") == (agency_key(found_agency) if found_agency else ""):
        score.agency_ok += 1
    else:
        problems.append(f"agency: expected {_show(true_agency)}, found {_show(found_agency)}")

    true_desk, found_desk = truth.get("desk"), report.get("section")
    if true_desk:
        score.desk_named += 1
        if desk_key(true_desk) == (desk_key(found_desk) if found_desk else ""):
            score.desk_ok += 1
        else:
            problems.append(f"desk: expected {_show(true_desk)}, found {_show(found_desk)}")
    elif found_desk:
        score.desk_given_unnamed += 1

    true_conf, found_conf = truth.get("conference"), report.get("conference")
    outcome = ("tp" if found_conf else "fn") if true_conf else ("fp" if found_conf else "tn")
    score.conference[outcome] += 1
    if outcome == "fn":
        problems.append(f"conference: missed (speakers {', '.join(true_conf.get('speakers', [])) or '-'})")
    elif outcome == "fp":
        problems.append(f"conference: wrong, none was held (found title {_show(found_conf.get('title'))})")
    if true_conf:
        true_speakers = true_conf.get("speakers", [])
        score.speakers_true += len(true_speakers)
        res = match(true_speakers, names((found_conf or {}).get("speakers")), person_key, aliases, suffix=True)
        if found_conf:
            score.speakers.add(res)
            problems += [f"speakers: wrong {w}" for w in res.wrong]
            for field_name, report_field in (("title", "title"), ("time", "time_note"), ("host", "host")):
                expected = (true_conf.get(field_name) or "").strip()
                got = (found_conf.get(report_field) or "").strip()
                if expected and not expected.startswith("(") and key(expected) != key(got):
                    problems.append(f"conference {field_name} (not scored): expected {_show(expected)}, found {_show(got)}")
        else:
            score.speakers.fn += len(res.missed)
        problems += [f"speakers: missed {m}" for m in res.missed]
    if problems:
        score.details.append(FileScore(fid, problems))


def score(truth, report, only_reported=False):
    """Score a whole report (file id -> report dict) against truth (file id -> truth dict)."""
    result = Score(report_lines=len(report))
    for fid in sorted(set(report) - set(truth)):
        result.warnings.append(f"report for {fid!r} has no truth; ignored")
    if only_reported:
        truth = {fid: t for fid, t in truth.items() if fid in report}
    else:
        missing = set(truth) - set(report)
        if missing:
            result.warnings.append(f"{len(missing)} truth files have no report line and are scored as empty")
    result.files = len(truth)
    for fid in sorted(truth):
        score_file(fid, truth[fid], report.get(fid), result)
    return result


def failed_acceptance(result, thresholds=ACCEPTANCE):
    """The acceptance figures not met, as readable lines (empty when all are met)."""
    measures = result.measures()
    failures = []
    for name, minimum in thresholds.items():
        value = measures[name]
        if math.isnan(value):
            continue  # nothing to measure (e.g. no desk named anywhere)
        if value < minimum:
            failures.append(f"{name} {value:.3f} < {minimum}")
    return failures


def _pct(value):
    return "   n/a" if math.isnan(value) else f"{value:6.1%}"


def format_score(result, title="wire score"):
    """The printed table: precision/recall per kind, accuracies, then every miss file by file."""
    lines = [f"{title}: {result.files} files scored, {result.report_lines} report lines"]
    lines += [f"warning: {w}" for w in result.warnings]
    lines.append("")
    lines.append(f"{'':<14} {'precision':>9} {'recall':>7} {'F1':>7}   tp   fp   fn")
    for kind in KINDS:
        t = getattr(result, kind)
        lines.append(f"{kind:<14} {_pct(t.precision):>9} {_pct(t.recall):>7} {_pct(t.f1):>7} {t.tp:>4} {t.fp:>4} {t.fn:>4}")
    lines.append("")
    lines.append(f"{'agency':<14} accuracy {_pct(result.agency_accuracy)}   ({result.agency_ok}/{result.files})")
    lines.append(
        f"{'desk':<14} accuracy {_pct(result.desk_accuracy)}   ({result.desk_ok}/{result.desk_named} of those whose "
        f"copy names a desk; {result.desk_given_unnamed} others were given a desk anyway)"
    )
    c = result.conference
    lines.append(
        f"{'conference':<14} detection accuracy {_pct(result.conference_accuracy)}   (held and found {c['tp']}, "
        f"missed {c['fn']}, wrongly found {c['fp']}, correctly none {c['tn']})"
    )
    lines.append(
        f"{'speakers':<14} recall {_pct(result.speakers_recall)}   ({result.speakers.tp}/{result.speakers_true} over "
        f"all held conferences; precision {_pct(result.speakers_precision)} where a conference was found)"
    )
    lines.append("")
    if not result.details:
        lines.append("no errors")
    for detail in result.details:
        lines.append(f"{detail.file_id}:")
        lines += [f"  {p}" for p in detail.problems]
    return "\n".join(lines)


def corpus_summary(truth):
    """Counts of what a truth set holds (for a header line and the README)."""
    kinds = {}
    for entry in truth.values():
        kinds[entry.get("kind", "other")] = kinds.get(entry.get("kind", "other"), 0) + 1
    return {
        "files": len(truth),
        "people": sum(len(t.get("people", [])) for t in truth.values()),
        "organizations": sum(len(t.get("organizations", [])) for t in truth.values()),
        "platforms": sum(len(t.get("platforms", [])) for t in truth.values()),
        "conferences": sum(1 for t in truth.values() if t.get("conference")),
        "desks": sum(1 for t in truth.values() if t.get("desk")),
        "kinds": kinds,
    }

