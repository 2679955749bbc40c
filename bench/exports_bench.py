"""Export times of the strategy document (called by bench/run.py), with references measured
in the same run on the same content.

Content: the demo strategy (demo/strategies.py, 40 measures) made large by repeating its measures
LARGE times in the document's snapshot (each copy with its steps, milestones, scores and
status, own ids and titles) — about 200 measures, the size of a large city's strategy; the
"2×" variant repeats them twice as often. Chapters, fields, goals, indicators, inventory
and the roadmap chart stay the demo's. The blocks are built once per size; the figures time
only the conversion of the finished document, each run in a fresh process (see
_time_once), median of REPEAT runs:

- pdf_export_s, docx_export_s, odt_export_s: exports.pdf.to_pdf, exports.docx.to_docx,
  exports.odt.to_odt of the large document, inside an export job's scope as in the worker;
- pdf_vs_weasyprint_ratio: to_pdf against WeasyPrint rendering documents.html.render_html of
  the same document with a plain print stylesheet (HTML→PDF);
- docx_vs_pandoc_ratio: to_docx against pandoc converting documents.markdown_export's
  Markdown of the same document (Markdown→DOCX);
- export_2x_content_ratio: the largest time(2×)/time(1×) over PDF, DOCX and ODT.
"""

import copy
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

LARGE = 5  # 40 demo measures → 200
REPEAT = 3

PRINT_CSS = """
@page { size: A4; margin: 2cm 2cm 2cm 2.5cm;
        @bottom-right { content: "Seite " counter(page) " von " counter(pages); font-size: 9pt; } }
body { font-family: "Fira Sans", sans-serif; font-size: 11pt; line-height: 1.35; }
h1 { font-size: 28pt; } h2 { font-size: 20pt; break-before: page; } h3 { font-size: 15pt; }
h2, h3, h4 { break-after: avoid; color: #0b3b66; }
table { border-collapse: collapse; width: 100%; margin: 0.3cm 0; font-size: 10pt; }
th, td { border: 0.5pt solid #8c9aa8; padding: 0.1cm; text-align: left; vertical-align: top; }
thead { display: table-header-group; }
svg { max-width: 100%; height: auto; }
"""


def _copy_id(ref: str | None, k: int) -> str | None:
    return f"{ref}-x{k}" if ref else ref


def enlarge(snapshot: dict[str, Any], times: int) -> dict[str, Any]:
    """The snapshot with every measure `times` times (copies 2… with own ids and titles)."""
    result = copy.deepcopy(snapshot)
    data = result["strategy"]
    originals = list(data["measures"])
    measure_ids = {m["id"] for m in originals}
    status = result.get("monitoring", {}).get("measures", {})
    for k in range(2, times + 1):
        for measure in originals:
            twin = copy.deepcopy(measure)
            twin["id"] = _copy_id(measure["id"], k)
            twin["title"] = f"{measure['title']} ({k}. Ausbaustufe)"
            if twin.get("parent") in measure_ids:
                twin["parent"] = _copy_id(twin["parent"], k)
            twin["depends_on"] = [_copy_id(d, k) for d in twin.get("depends_on") or []]
            data["measures"].append(twin)
            if measure["id"] in status:
                status[twin["id"]] = copy.deepcopy(status[measure["id"]])
        for key in ("steps", "milestones", "scores"):
            for row in [r for r in data.get(key) or [] if r.get("measure") in measure_ids]:
                twin = copy.deepcopy(row)
                twin["id"] = _copy_id(row["id"], k)
                twin["measure"] = _copy_id(row["measure"], k)
                data[key].append(twin)
    return result


def _converter(tool: str) -> tuple[Callable[[Any], Any], Callable[[Any], Any]]:
    """(prepare, convert) of a tool: prepare turns the document into the tool's input outside
    the timing (HTML for WeasyPrint, Markdown for pandoc), convert is what is timed."""
    from schreibwerkstatt.documents.html import render_html
    from schreibwerkstatt.documents.markdown_export import to_markdown

    def identity(document: Any) -> Any:
        return document

    if tool == "pdf":
        from schreibwerkstatt.exports.pdf import to_pdf

        return identity, to_pdf
    if tool == "docx":
        from schreibwerkstatt.exports.docx import to_docx

        return identity, to_docx
    if tool == "odt":
        from schreibwerkstatt.exports.odt import to_odt

        return identity, to_odt
    if tool == "weasyprint":
        from weasyprint import CSS, HTML

        stylesheet = CSS(string=PRINT_CSS)

        def html(document: Any) -> str:
            body = render_html(document)
            return (
                f'<!doctype html><html lang="de"><meta charset="utf-8"><body>{body}</body></html>'
            )

        return html, lambda text: HTML(string=text).write_pdf(stylesheets=[stylesheet])
    if tool == "pandoc":
        import pypandoc

        target = str(Path(tempfile.mkdtemp(prefix="sw-bench-pandoc-")) / "reference.docx")

        def convert(markdown: str) -> None:
            pypandoc.convert_text(markdown, "docx", format="markdown", outputfile=target)

        return to_markdown, convert
    raise ValueError(tool)


def _time_once(tool: str, document_file: str) -> float:
    """One export in a fresh process (run as `exports_bench.py TOOL FILE`).

    A fresh process, because Typst memoises layout work in its process: a second compile of
    the same document takes a tenth of the first, while every real export compiles new
    content. Each process first exports a small document (exports/tests/sample.py), so
    fonts, templates, vl-convert's V8 and the pandoc binary are loaded outside the timing."""
    result = subprocess.run(  # noqa: S603 - this script with a tool name and our own file
        [sys.executable, __file__, tool, document_file],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{tool}: {result.stderr[-2000:]}")
    return float(result.stdout.strip().splitlines()[-1])


def _median(tool: str, document_file: str) -> float:
    return statistics.median(_time_once(tool, document_file) for _ in range(REPEAT))


def export_figures() -> None:
    from schreibwerkstatt.demo.load import load_demo
    from schreibwerkstatt.documents.builder import build_document, municipality_logo
    from schreibwerkstatt.documents.snapshot import take_snapshot
    from schreibwerkstatt.strategies.models import Strategy

    demo, _people = load_demo()
    strategy = Strategy.objects.filter(municipality=demo).order_by("pk").first()
    assert strategy is not None
    snapshot = take_snapshot(strategy)
    logo, logo_name = municipality_logo(strategy)
    folder = Path(tempfile.mkdtemp(prefix="sw-bench-exports-"))

    times: dict[tuple[str, int], float] = {}
    for factor in (LARGE, 2 * LARGE):
        document = build_document(enlarge(snapshot, factor), logo=logo, logo_name=logo_name)
        document_file = folder / f"document-{factor}.pickle"
        document_file.write_bytes(pickle.dumps(document))
        tools = ("pdf", "docx", "odt") + (("weasyprint", "pandoc") if factor == LARGE else ())
        for tool in tools:
            times[(tool, factor)] = _median(tool, str(document_file))

    count = len(snapshot["strategy"]["measures"])
    print(f"export_large_measures: {count * LARGE}")
    print(f"export_2x_measures: {count * 2 * LARGE}")
    print(f"pdf_export_s: {times[('pdf', LARGE)]:.2f}")
    print(f"docx_export_s: {times[('docx', LARGE)]:.2f}")
    print(f"odt_export_s: {times[('odt', LARGE)]:.2f}")
    print(f"weasyprint_reference_s: {times[('weasyprint', LARGE)]:.2f}")
    print(f"pandoc_reference_s: {times[('pandoc', LARGE)]:.2f}")
    print(f"pdf_vs_weasyprint_ratio: {times[('pdf', LARGE)] / times[('weasyprint', LARGE)]:.3f}")
    print(f"docx_vs_pandoc_ratio: {times[('docx', LARGE)] / times[('pandoc', LARGE)]:.3f}")
    ratios = {
        name: times[(name, 2 * LARGE)] / times[(name, LARGE)] for name in ("pdf", "docx", "odt")
    }
    for name, ratio in ratios.items():
        print(f"{name}_2x_content_ratio: {ratio:.2f}")
    print(f"export_2x_content_ratio: {max(ratios.values()):.2f}")


if __name__ == "__main__":  # one timed export in a fresh process, see _time_once
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schreibwerkstatt.settings")
    import django

    django.setup()
    from schreibwerkstatt.exports.memory import export_job
    from schreibwerkstatt.exports.tests.sample import sample_document

    tool_name, path = sys.argv[1], sys.argv[2]
    prepare, convert = _converter(tool_name)
    convert(prepare(sample_document()))
    source = prepare(pickle.loads(Path(path).read_bytes()))  # noqa: S301 - written by this bench
    # As the worker runs an export job (exports/job_kinds.py): DOCX and ODT pause the cycle
    # collector there (exports/memory.py); the references are not affected.
    with export_job():
        began = time.perf_counter()
        convert(source)
        took = time.perf_counter() - began
    print(f"{took:.4f}")
