"""CI gate: the German catalogue is complete (no untranslated or fuzzy entries),
up to date with the source (makemessages changes nothing) and compiles."""

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "de" / "LC_MESSAGES" / "django.po"
MANAGE = [sys.executable, "-m", "schreibwerkstatt"]
IGNORE = [
    "--ignore=.venv",
    "--ignore=node_modules",
    "--ignore=tests",
    "--ignore=staticfiles",
    "--ignore=bench",
]


def msgids(path: Path) -> set[str]:
    text = path.read_text()
    entries = re.findall(r'^msgid ((?:".*"\n)+)', text, flags=re.MULTILINE)
    return {"".join(re.findall(r'"(.*)"', entry)) for entry in entries} - {""}


def main() -> int:
    stats = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", os.devnull, str(PO)],
        capture_output=True,
        text=True,
        check=False,
    )
    summary = (stats.stdout + stats.stderr).strip()
    if stats.returncode != 0 or "untranslated" in summary or "fuzzy" in summary:
        print(f"German translations incomplete or broken: {summary}")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        backup = Path(tmp) / "django.po"
        shutil.copy(PO, backup)
        try:
            subprocess.run(
                [*MANAGE, "makemessages", "-l", "de", "--no-location", "-v0", *IGNORE],
                cwd=ROOT,
                check=True,
            )
            missing = msgids(PO) - msgids(backup)
        finally:
            shutil.copy(backup, PO)
    if missing:
        print("Strings without a German translation (run makemessages and translate):")
        for msgid in sorted(missing):
            print(f"  - {msgid}")
        return 1
    print(f"German translations complete: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
