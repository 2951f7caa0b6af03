"""Start-up time of the commands that load no data: wall time of a fresh process, and whether Polars is imported.

    python bench/startup.py [--repeat 15]

Prints, per command, the fastest and the median wall time over ``--repeat`` runs, and the modules
``python -X importtime`` lists above 10 ms cumulative. Quoted in the README ("Performance").
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time

COMMANDS = [
    ["--help"], ["--version"], ["report", "--help"], ["report", "--no-such-option"], ["init", "{tmp}", "--force"],
    ["kpis"],
]


def wall(argv: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "smkpi", *argv], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def imports(argv: list[str]) -> set[str]:
    r = subprocess.run([sys.executable, "-X", "importtime", "-m", "smkpi", *argv], capture_output=True, text=True)
    return {line.rsplit("|", 1)[-1].strip() for line in r.stderr.splitlines() if line.startswith("import time:")}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=15)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = [wall_python() for _ in range(args.repeat)]
        print(f"{'python -c pass':32} min {min(base):.3f} s  median {statistics.median(base):.3f} s")
        for cmd in COMMANDS:
            argv = [a.replace("{tmp}", tmp) for a in cmd]
            times = [wall(argv) for _ in range(args.repeat)]
            polars = "polars" in imports(argv)
            print(f"{'smkpi ' + ' '.join(cmd):32} min {min(times):.3f} s  median {statistics.median(times):.3f} s"
                  f"  polars imported: {'yes' if polars else 'no'}")


def wall_python() -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"])
    return time.perf_counter() - t


if __name__ == "__main__":
    main()
