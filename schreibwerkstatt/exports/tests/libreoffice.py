"""Read an exported office document back as LibreOffice prints it, for the exporter tests."""

import shutil
import subprocess
from pathlib import Path


def libreoffice_pdf_text(data: bytes, directory: Path, suffix: str) -> str:
    """Convert the document (`suffix`: "odt", "docx") with LibreOffice headless (its own profile,
    so tests may run in parallel) and return the text of the PDF, laid out as printed
    (pdftotext -layout), with whitespace collapsed."""
    source = directory / f"document.{suffix}"
    source.write_bytes(data)
    result = subprocess.run(  # noqa: S603 - fixed program, file names made by the test
        [
            shutil.which("soffice") or "/usr/bin/soffice",
            f"-env:UserInstallation=file://{directory}/lo-profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(directory),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    pdf = directory / "document.pdf"
    assert result.returncode == 0, result.stderr
    assert pdf.exists() and pdf.stat().st_size > 1000, (result.stdout, result.stderr)
    text = subprocess.run(  # noqa: S603 - fixed program, file names made by the test
        [shutil.which("pdftotext") or "/usr/bin/pdftotext", "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return " ".join(text.split())
