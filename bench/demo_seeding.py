"""Wall time of ``akkoord demo --cases N`` on a fresh, migrated database (prints JSON).

Runs the real command in a subprocess (CLI start-up included), after ``akkoord init
--no-demo`` has migrated the database. Target: 10,000 cases within 5 minutes. Also prints
the letter files and the disk space they take (copies link their template's letters).

Usage: python -m bench.demo_seeding [--cases N] [--postgres URL | --sqlite]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import fresh_postgres

TARGET_SECONDS = 300.0
AKKOORD = Path(sys.executable).with_name("akkoord")


def bench_demo(url: str, cases: int) -> dict[str, Any]:
    """Migrate ``url``, then time ``akkoord demo --cases`` on it."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "AKKOORD_DATABASE_URL": url, "AKKOORD_DATA_DIR": tmp}
        subprocess.run(
            [str(AKKOORD), "init", "--no-demo"], env=env, check=True, capture_output=True
        )
        started, cpu_before = time.perf_counter(), _children_cpu()
        done = subprocess.run(
            [str(AKKOORD), "demo", "--cases", str(cases), "--tenant", "bench", "--seed", "1"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        seconds, cpu = time.perf_counter() - started, _children_cpu() - cpu_before
        files, megabytes = _stored_letters(Path(tmp) / "documents")
    return {
        "cases": cases,
        "wall_seconds": round(seconds, 1),
        "cases_per_second": round(cases / seconds, 1),
        "cpu_seconds": round(cpu, 1),  # user + system of the command: steadier under load
        "target_seconds": TARGET_SECONDS,
        "within_target": seconds <= TARGET_SECONDS if cases >= 10_000 else None,
        "summary": [line for line in done.stdout.splitlines() if "seeded" in line],
        "letter_files": files,
        "letter_megabytes_on_disk": megabytes,
    }


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _stored_letters(root: Path) -> tuple[int, float]:
    """Letter files under ``root`` and the space they take, each linked file counted once."""
    files, size = 0, 0
    seen: set[tuple[int, int]] = set()
    for path in root.rglob("*"):
        if path.is_file():
            files += 1
            stat = path.stat()
            if (stat.st_dev, stat.st_ino) not in seen:
                seen.add((stat.st_dev, stat.st_ino))
                size += stat.st_size
    return files, round(size / 1e6, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--sqlite", action="store_true", help="use an SQLite file instead")
    args = parser.parse_args()
    if args.sqlite:
        with tempfile.TemporaryDirectory() as tmp:
            result = {"sqlite": bench_demo(f"sqlite:///{tmp}/demo.db", args.cases)}
    else:
        result = {
            "postgres": bench_demo(fresh_postgres(args.postgres, "akkoord_bench_demo"), args.cases)
        }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
