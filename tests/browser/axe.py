"""Run axe-core in a page and turn its violations into a readable report."""

from pathlib import Path
from typing import Any, TypedDict

from playwright.sync_api import Page

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21aa"]
RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],  // details for violations only: half the time
  });
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    targets: violation.nodes.map((node) => node.target.join(" ")),
  }));
}"""


class Violation(TypedDict):
    id: str
    impact: str | None
    help: str
    targets: list[str]


def axe_violations(page: Page, axe_js: Path) -> list[Violation]:
    """The WCAG 2.1 A/AA violations on the page as it is now (the context must bypass CSP)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_js))
    result: list[Any] = page.evaluate(RUN_AXE, WCAG_TAGS)
    return result


def describe(where: str, violations: list[Violation]) -> str:
    lines = [f"{where}:"]
    for violation in violations:
        lines.append(f"  {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(f"    - {target}" for target in violation["targets"])
    return "\n".join(lines)
