"""Score `spoken_form` on public Chinese TN suites' cases (not committed: their licences vary).

Each suite is a folder of text files with one case a line, `written => spoken` (WeTextProcessing's
tn/chinese/test/data) or `written~spoken` (NeMo's test_cases_*.txt). Punctuation is ignored and
Latin letters compare either way, as for the real-news sets (tools/realnews.py).

    python tools/tn_suites.py /path/to/wetext [/path/to/other ...] [--misses]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from audionews.textnorm import spoken_form
from tools.realnews import same_reading


def suite_cases(folder: Path) -> list[tuple[str, str]]:
    cases = []
    for path in sorted(folder.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            sep = " => " if " => " in line else "~"
            written, found, spoken = line.partition(sep)
            if found and written.strip():
                cases.append((written.strip(), spoken.strip()))
    return cases


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("suites", type=Path, nargs="+")
    parser.add_argument("--misses", action="store_true", help="print every case read otherwise")
    args = parser.parse_args()
    total = right = 0
    for folder in args.suites:
        cases = suite_cases(folder)
        hits = 0
        for written, spoken in cases:
            got = spoken_form(written)
            if same_reading(got, spoken):
                hits += 1
            elif args.misses:
                print(f"  {written}\t{got}\t(suite: {spoken})")
        print(f"{folder.name}: {hits}/{len(cases)} = {100 * hits / max(1, len(cases)):.1f}%")
        total += len(cases)
        right += hits
    print(f"all: {right}/{total} = {100 * right / max(1, total):.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
