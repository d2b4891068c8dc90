"""python manage.py score_wire [DIR] [--report FILE.jsonl] [--truth TRUTH.json] [--only-reported] [--check]

Scores the importer against hand-read truth and prints precision/recall per
kind, agency/desk/conference accuracy, speaker recall, then every miss file by
file. DIR defaults to the project's own corpus (articles/tests/wire/corpus),
whose truth sits beside each text as wNNN.json. With --truth, the truth is one
wire-dev style file keyed by file id (shared/wire-dev/truth.json), and DIR is
the folder of its rebuilt texts.

Without --report, the report is made here by running
`import_articles DIR --dry-run --format json` (nothing is written).
"""

import io
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from articles.importer import scoring

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "tests" / "wire" / "corpus"


def run_import_report(directory):
    """The dry-run JSON report of `import_articles` for `directory`, as {file id: report}."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_articles", str(directory), "--dry-run", "--format", "json", stdout=out, stderr=err)
    except CommandError as error:
        # import_articles exits non-zero when a file failed; its lines are still a report.
        if not out.getvalue().strip():
            raise CommandError(f"import_articles --dry-run --format json failed: {error}") from None
    report, warnings = scoring.parse_report_lines(out.getvalue().splitlines())
    if not report:
        raise CommandError("import_articles printed no JSON report lines (does it support --format json?)")
    return report, warnings


class Command(BaseCommand):
    help = "Score the wire importer (people, organizations, platforms, agency, desk, conferences) against truth."

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", metavar="DIR",
                            help="folder of wire texts (default: the project's corpus, articles/tests/wire/corpus)")
        parser.add_argument("--report", metavar="FILE.jsonl", help="score this saved report instead of running the import")
        parser.add_argument("--truth", metavar="TRUTH.json", help="one truth file keyed by file id (wire-dev format)")
        parser.add_argument("--only-reported", action="store_true", help="score only the files that have a report line")
        parser.add_argument("--check", action="store_true", help="exit with status 1 when an acceptance figure of issue 13 is not met")

    def handle(self, *args, **options):
        if options["truth"] and not options["directory"] and not options["report"]:
            raise CommandError("--truth needs DIR (the folder of its texts) or --report")
        directory = Path(options["directory"]) if options["directory"] else DEFAULT_CORPUS
        truth = self._truth(directory, options["truth"])
        if options["report"]:
            try:
                report, warnings = scoring.load_report(options["report"])
            except OSError as error:
                raise CommandError(f"--report: {error}") from None
        else:
            if not directory.is_dir():
                raise CommandError(f"{directory}: not a folder of wire texts")
            report, warnings = run_import_report(directory)
        result = scoring.score(truth, report, only_reported=options["only_reported"])
        result.warnings[:0] = warnings
        title = f"wire score ({options['truth'] or directory})"
        self.stdout.write(scoring.format_score(result, title=title))
        failures = scoring.failed_acceptance(result)
        if failures:
            self.stdout.write("\nbelow acceptance: " + "; ".join(failures))
        if options["check"] and failures:
            raise CommandError("acceptance figures not met")

    def _truth(self, directory, truth_path):
        if truth_path:
            try:
                return scoring.load_truth_file(truth_path)
            except (OSError, ValueError) as error:
                raise CommandError(f"--truth: {error}") from None
        truth = scoring.load_truth_dir(directory)
        if not truth:
            raise CommandError(f"{directory}: no NAME.json truth beside a NAME.txt (give --truth for a truth.json)")
        return truth
