"""Documents benchmark (prints JSON): letters per second per format, against LibreOffice.

The letter is a realistic betaalvoorstel (1-2 pages, a table of 15 creditors) from the
sample case. Each figure is end to end on one core: template render, model, writer.
In the same run LibreOffice headless converts the same ODT to PDF: a batch of 20 files in
one call and a single file in one call (both after a warm-up call that creates its profile).

Targets (issue 4): >= 100 PDF letters/s per core and >= 200 ODT letters/s. Rates per core
are counted in CPU time of this process; the wall-clock rate is printed beside them (it
drops when other work shares the cores). LibreOffice figures are wall clock.

Usage: python -m bench.documents [--seconds 3] [--no-libreoffice]
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import subprocess
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from documents.letters import LETTERS, allowed_names, sample_context_for
from documents.model import Letter
from documents.rendering import FORMATS, build_letter, letterhead_from_settings, write
from documents.templates import environment
from documents.writers import WriteOptions

LETTERHEAD = {
    "municipality": "Gemeente Zwolle",
    "department": "Schuldhulpverlening",
    "address": ["Lübeckplein 2", "8017 JZ Zwolle"],
    "phone": "14 038",
    "website": "www.zwolle.nl",
}


def _letter() -> tuple[Letter, dict[str, Any]]:
    letter_type = LETTERS["betaalvoorstel"]
    ctx = sample_context_for(letter_type)
    head = letterhead_from_settings({"letterhead": LETTERHEAD}, "Gemeente")
    env = environment()
    return build_letter(env, letter_type.template, allowed_names(letter_type), ctx, head), ctx


def _one(fmt: str, ctx: dict[str, Any], options: WriteOptions) -> bytes:
    letter_type = LETTERS["betaalvoorstel"]
    head = letterhead_from_settings({"letterhead": LETTERHEAD}, "Gemeente")
    letter = build_letter(
        environment(), letter_type.template, allowed_names(letter_type), ctx, head
    )
    return write(letter, fmt, options)


def measure_format(fmt: str, seconds: float) -> dict[str, Any]:
    _letter_model, ctx = _letter()
    options = WriteOptions(created_at=datetime.now(UTC))
    data = _one(fmt, ctx, options)  # warm caches (fonts, template, skeleton)
    count, start, cpu = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - start < seconds:
        _one(fmt, ctx, options)
        count += 1
    elapsed = time.perf_counter() - start
    cpu_used = time.process_time() - cpu
    result = {
        "letters_per_s": round(count / cpu_used, 1),  # per core: CPU time of this process
        "ms_per_letter": round(cpu_used / count * 1000, 2),
        "wall_letters_per_s": round(count / elapsed, 1),  # lower when the cores are shared
        "bytes": len(data),
    }
    if fmt == "pdf":
        from pypdf import PdfReader

        result["pages"] = len(PdfReader(io.BytesIO(data)).pages)
    return result


def _soffice(soffice: str, profile: Path, out: Path, files: list[Path]) -> float:
    start = time.perf_counter()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    elapsed = time.perf_counter() - start
    missing = [f.name for f in files if not (out / f"{f.stem}.pdf").exists()]
    if missing:
        raise RuntimeError(f"LibreOffice did not convert {missing}")
    return elapsed


def measure_libreoffice() -> dict[str, Any]:
    soffice = shutil.which("soffice")
    if soffice is None:
        return {"skipped": "soffice not installed (make system-test-deps)"}
    _m, ctx = _letter()
    odt = _one("odt", ctx, WriteOptions(created_at=datetime.now(UTC)))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        profile, out = root / "profile", root / "out"
        files = []
        for i in range(20):
            path = root / f"betaalvoorstel-{i:02d}.odt"
            path.write_bytes(odt)
            files.append(path)
        _soffice(soffice, profile, root / "warm", files[:1])
        single = _soffice(soffice, profile, out / "single", files[:1])
        batch = _soffice(soffice, profile, out / "batch", files)
    return {
        "single_call_s": round(single, 3),
        "batch_20_s": round(batch, 3),
        "batch_ms_per_letter": round(batch / 20 * 1000, 1),
        "batch_letters_per_s": round(20 / batch, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=3.0, help="per format")
    parser.add_argument("--no-libreoffice", action="store_true")
    args = parser.parse_args()
    figures: dict[str, Any] = {"letter": "betaalvoorstel, 15 creditors", "cores": 1}
    for fmt in FORMATS:
        figures[fmt] = measure_format(fmt, args.seconds)
    if not args.no_libreoffice:
        lo = measure_libreoffice()
        figures["libreoffice_odt_to_pdf"] = lo
        if "batch_letters_per_s" in lo:
            pdf = figures["pdf"]
            figures["pdf_vs_libreoffice"] = {
                "times_batch_rate": round(pdf["letters_per_s"] / lo["batch_letters_per_s"], 1),
                "times_single_latency": round(lo["single_call_s"] * 1000 / pdf["ms_per_letter"]),
            }
    figures["targets"] = {
        "pdf_letters_per_s": 100,
        "odt_letters_per_s": 200,
        "pdf_met": figures["pdf"]["letters_per_s"] >= 100,
        "odt_met": figures["odt"]["letters_per_s"] >= 200,
    }
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
