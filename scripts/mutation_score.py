"""Print the mutation score of the last `make mutate` run, per module and in all, from `mutmut results --all`.

Score = killed / (killed + survived + timeout + suspicious). Mutants no test
reaches ("no tests") are counted apart: they are code the selected tests
never run, a gap of its own. Survivors are listed so they can be read with
`.venv/bin/mutmut show NAME`.
"""

import collections
import subprocess
import sys
from pathlib import Path

MUTMUT = Path(sys.executable).with_name("mutmut")
COUNTED = ("killed", "survived", "timeout", "suspicious")


def main():
    output = subprocess.run([str(MUTMUT), "results", "--all", "true"], capture_output=True, text=True, check=True).stdout
    by_module = collections.defaultdict(collections.Counter)
    survivors = []
    for line in output.splitlines():
        name, _, status = line.strip().rpartition(": ")
        if not name or "__mutmut_" not in name:
            continue
        # "articles.models.xǁArticleǁpublic_q__mutmut_3" -> "articles.models"
        module = ".".join(part for part in name.split(".") if not part.startswith(("x_", "xǁ")))
        by_module[module][status] += 1
        if status == "survived":
            survivors.append(name)
    if not by_module:
        sys.exit("No mutation results: run `make mutate` first.")
    total = collections.Counter()
    print(f"{'module':40} {'killed':>7} {'survived':>8} {'timeout':>7} {'no tests':>8}  score")
    for module, counts in sorted(by_module.items()):
        total += counts
        print(f"{module:40} {counts['killed']:7} {counts['survived']:8} {counts['timeout']:7} {counts['no tests']:8}  {score(counts)}")
    print(f"{'all':40} {total['killed']:7} {total['survived']:8} {total['timeout']:7} {total['no tests']:8}  {score(total)}")
    if survivors:
        print(f"\n{len(survivors)} survivors (read one with: .venv/bin/mutmut show NAME):")
        for name in survivors:
            print(f"  {name}")


def score(counts):
    counted = sum(counts[status] for status in COUNTED)
    return f"{100 * counts['killed'] / counted:5.1f}%" if counted else "    -"


if __name__ == "__main__":
    main()
