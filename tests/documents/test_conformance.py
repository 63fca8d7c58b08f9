"""Real-world conformance: LibreOffice opens every ODT and DOCX, poppler renders every PDF."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from documents.letters import LETTERS
from documents.rendering import FORMATS
from tests.documents.readback import normalise, pdf_text
from tests.documents.test_letters import render


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (make system-test-deps installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("letters")
    for key in LETTERS:
        for fmt in FORMATS:
            (folder / f"{key}-{fmt}.{fmt}").write_bytes(render(key, fmt))
    return folder


@pytest.fixture(scope="module")
def converted(rendered: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """All ODT and DOCX files converted to PDF by LibreOffice in one call."""
    soffice = _tool("soffice")
    out = tmp_path_factory.mktemp("lo-pdf")
    profile = tmp_path_factory.mktemp("lo-profile")
    files = sorted(str(p) for p in rendered.iterdir() if p.suffix in (".odt", ".docx"))
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *files,
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return out


def test_libreoffice_converts_every_odt_and_docx(converted: Path) -> None:
    expected = {f"{key}-{fmt}.pdf" for key in LETTERS for fmt in ("odt", "docx")}
    produced = {p.name for p in converted.iterdir() if p.stat().st_size > 1000}
    assert expected <= produced, sorted(expected - produced)


@pytest.mark.parametrize("fmt", ["odt", "docx"])
def test_libreoffice_shows_the_betaalvoorstel_facts(converted: Path, fmt: str) -> None:
    text = normalise(pdf_text((converted / f"betaalvoorstel-{fmt}.pdf").read_bytes()))
    for fact in (
        "Woonstichting De Linie",
        "€ 698,20",
        "37,27%",
        "7 december 2026",
        "Huisartsenpraktijk Assendorp",
    ):
        assert fact in text, fact


def test_every_pdf_renders_with_poppler(rendered: Path, converted: Path, tmp_path: Path) -> None:
    pdftoppm = _tool("pdftoppm")
    pdfs = sorted(rendered.glob("*.pdf")) + sorted(converted.glob("*.pdf"))
    assert len(pdfs) == 3 * len(LETTERS)
    for pdf in pdfs:
        target = tmp_path / pdf.stem
        result = subprocess.run(
            [pdftoppm, "-r", "30", "-png", "-f", "1", "-l", "1", str(pdf), str(target)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, (pdf.name, result.stderr)
        assert list(tmp_path.glob(f"{pdf.stem}*.png")), pdf.name


def test_poppler_refuses_a_protected_pdf_without_password(tmp_path: Path) -> None:
    from documents.writers import WriteOptions
    from tests.documents.test_letters import OPTIONS

    pdftoppm = _tool("pdftoppm")
    data = render(
        "betaalvoorstel",
        "pdf",
        options=WriteOptions(created_at=OPTIONS.created_at, password="Geheim-2026"),
    )
    pdf = tmp_path / "protected.pdf"
    pdf.write_bytes(data)
    denied = subprocess.run(
        [pdftoppm, "-png", str(pdf), str(tmp_path / "x")], capture_output=True, check=False
    )
    assert denied.returncode != 0
    opened = subprocess.run(
        [
            pdftoppm,
            "-upw",
            "Geheim-2026",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            str(pdf),
            str(tmp_path / "y"),
        ],
        capture_output=True,
        check=False,
    )
    assert opened.returncode == 0
