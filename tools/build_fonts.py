"""Build step: convert the KERN font Fira Sans from WOFF2 (npm package) to TTF for Typst.

Typst reads TrueType/OpenType but not WOFF2, and the npm package ships only WOFF2, so
`make setup` runs this once after `npm ci`. It writes the TTF files and the font's
licence (SIL OFL 1.1; the npm package does not ship it) to schreibwerkstatt/exports/fonts/,
a generated, git-ignored directory. The PDF export falls back to Typst's own fonts when
the directory is empty, so a missing build step never breaks an export.

Usage: python tools/build_fonts.py [--source DIR] [--target DIR]
"""

import argparse
import sys
from pathlib import Path

from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "node_modules" / "@kern-ux" / "native" / "dist" / "fonts" / "fira-sans"
TARGET = ROOT / "schreibwerkstatt" / "exports" / "fonts"
LICENCE = Path(__file__).resolve().parent / "licenses" / "OFL-1.1.txt"

# The styles the PDF template uses (text, emphasis, headings, title page); the other
# weights of the family (Hair … Ultra) would only slow down Typst's font scan.
STYLES = (
    "Light",
    "LightItalic",
    "Regular",
    "Italic",
    "Medium",
    "MediumItalic",
    "SemiBold",
    "SemiBoldItalic",
    "Bold",
    "BoldItalic",
)


def copyright_line(font: TTFont) -> str:
    """The copyright notice the font itself carries (name ID 0), as the OFL requires."""
    record = font["name"].getName(0, 3, 1, 0x409) or font["name"].getName(0, 1, 0, 0)
    return record.toUnicode() if record else "Copyright The Mozilla Foundation and Telefonica S.A."


def build(source: Path, target: Path, styles: tuple[str, ...] = STYLES) -> int:
    missing = [style for style in styles if not (source / f"FiraSans-{style}.woff2").is_file()]
    if missing:
        print(
            f"build_fonts: Fira Sans not found in {source} ({', '.join(missing)})", file=sys.stderr
        )
        return 1
    target.mkdir(parents=True, exist_ok=True)
    notice = ""
    for style in styles:
        woff2 = source / f"FiraSans-{style}.woff2"
        ttf = target / f"FiraSans-{style}.ttf"
        if ttf.is_file() and ttf.stat().st_mtime >= woff2.stat().st_mtime:
            continue
        font = TTFont(woff2)
        notice = notice or copyright_line(font)
        font.flavor = None  # plain sfnt: decompressing WOFF2 changes the container, not the glyphs
        partial = ttf.with_suffix(".tmp")
        font.save(partial)
        partial.replace(ttf)
    if not notice:
        notice = copyright_line(TTFont(source / f"FiraSans-{styles[0]}.woff2", lazy=True))
    (target / "OFL.txt").write_text(
        f"Fira Sans\n{notice}\n\n"
        "The TTF files in this directory are converted unchanged from the WOFF2 files of the\n"
        "npm package @kern-ux/native (dist/fonts/fira-sans) by tools/build_fonts.py.\n\n"
        "This Font Software is licensed under the SIL Open Font License, Version 1.1.\n"
        "This license is copied below, and is also available with a FAQ at:\n"
        "https://openfontlicense.org\n\n"
        "-----------------------------------------------------------\n"
        + LICENCE.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--target", type=Path, default=TARGET)
    args = parser.parse_args()
    return build(args.source, args.target)


if __name__ == "__main__":
    sys.exit(main())
