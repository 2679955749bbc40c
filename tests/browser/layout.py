"""The layout net: a page must not scroll sideways, and its controls must not lie on each other.

Run in the page at a given viewport width (the browser tests check 1366 px and 390 px on every
page the axe crawl visits). Two findings:

- sideways scrolling: `document.documentElement.scrollWidth` is wider than the viewport; the
  report names the elements that stick out first (their parent still fits);
- overlapping controls: two visible interactive elements (links, buttons, inputs, selects,
  text areas, summaries, and labels of a control, since a click on a label acts on its control)
  whose boxes intersect, unless one contains the other or one is the label of the other.
  A mis-click there hits the wrong control (a delete button under a checkbox list, say).

Visually hidden elements (sr-only: clipped or 1 px), zero-size ones, hidden ones and those in
a closed <details> are left out. Measured: some tens of milliseconds a page.
"""

from typing import Any, TypedDict

from playwright.sync_api import Page

WIDTHS = (1366, 390)
HEIGHT = 900
# Overlaps of a pixel or less are rounding (adjacent boxes, borders).
TOLERANCE_PX = 1

INSPECT = """(tolerance) => {
  const root = document.documentElement;
  const viewport = root.clientWidth;
  const interactive = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, label';

  const hiddenCache = new Map();
  function visuallyHidden(element) {
    // The element or an ancestor is clipped away (sr-only) or not rendered.
    for (let node = element; node && node !== root; node = node.parentElement) {
      if (hiddenCache.has(node)) return hiddenCache.get(node);
      const style = getComputedStyle(node);
      const rect = node.getBoundingClientRect();
      const clipped = (style.clip !== 'auto' && style.position === 'absolute')
        || (style.clipPath && style.clipPath !== 'none' && style.clipPath.startsWith('inset(50%'))
        || (style.overflow === 'hidden' && rect.width <= 1 && rect.height <= 1);
      if (clipped || style.display === 'none') {
        hiddenCache.set(node, true);
        return true;
      }
    }
    return false;
  }

  function describe(element) {
    let name = element.tagName.toLowerCase();
    if (element.type && name === 'input') name += `[type=${element.type}]`;
    if (element.id) name += `#${element.id}`;
    else if (typeof element.className === 'string' && element.className.trim()) {
      name += '.' + element.className.trim().split(/\\s+/).join('.');
    }
    if (!element.id && element.getAttribute('name')) name += `[name=${element.getAttribute('name')}]`;
    const control = ['INPUT', 'SELECT', 'TEXTAREA'].includes(element.tagName);
    const label = control && element.labels && element.labels.length ? element.labels[0].innerText : '';
    const value = element.type === 'submit' || element.type === 'button' ? element.value : '';
    const text = (label || (control ? value : element.innerText) || element.getAttribute('aria-label') || '')
      .replace(/\\s+/g, ' ').trim().slice(0, 50);
    const r = element.getBoundingClientRect();
    const box = `${Math.round(r.left)},${Math.round(r.top + window.scrollY)} `
      + `${Math.round(r.width)}×${Math.round(r.height)}`;
    return text ? `${name} "${text}" at ${box}` : `${name} at ${box}`;
  }

  // The control a label acts on (label[for] or the control inside it), or null.
  function labelled(label) {
    return label.control || null;
  }

  const items = [];
  for (const element of document.querySelectorAll(interactive)) {
    if (element.tagName === 'LABEL' && !labelled(element)) continue;
    // Not rendered, hidden, or in a closed <details> (whose content keeps stale boxes).
    if (!element.checkVisibility({visibilityProperty: true})) continue;
    const closed = element.closest('details:not([open])');
    if (closed && !(element.tagName === 'SUMMARY' && element.parentElement === closed)) continue;
    const rect = element.getBoundingClientRect();
    if (rect.width < 1 || rect.height < 1) continue;
    if (visuallyHidden(element)) continue;
    items.push({element, rect});
  }

  function related(a, b) {
    if (a.contains(b) || b.contains(a)) return true;
    if (a.tagName === 'LABEL' && labelled(a) === b) return true;
    if (b.tagName === 'LABEL' && labelled(b) === a) return true;
    // Two labels of one control, or a control and a label of the same control.
    if (a.tagName === 'LABEL' && b.tagName === 'LABEL' && labelled(a) === labelled(b)) return true;
    return false;
  }

  items.sort((x, y) => x.rect.top - y.rect.top);
  const overlaps = [];
  for (let i = 0; i < items.length; i++) {
    const a = items[i];
    for (let j = i + 1; j < items.length; j++) {
      const b = items[j];
      if (b.rect.top >= a.rect.bottom - tolerance) break;  // sorted by top: none further down
      const width = Math.min(a.rect.right, b.rect.right) - Math.max(a.rect.left, b.rect.left);
      const height = Math.min(a.rect.bottom, b.rect.bottom) - Math.max(a.rect.top, b.rect.top);
      if (width <= tolerance || height <= tolerance) continue;
      if (related(a.element, b.element)) continue;
      overlaps.push([describe(a.element), describe(b.element)]);
    }
  }

  // What sticks out on the right: the outermost elements past the viewport that no scrolling
  // or clipping ancestor holds back. An absolutely positioned element (an sr-only text, say)
  // escapes the overflow of every ancestor up to its containing block.
  function escapes(element) {
    let position = getComputedStyle(element).position;
    if (position === 'fixed') return false;
    for (let node = element.parentElement; node && node !== document.body; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (position === 'absolute' && style.position === 'static' && style.transform === 'none') continue;
      if (style.overflowX !== 'visible') return false;
      position = style.position;
      if (position === 'fixed') return false;
    }
    return true;
  }
  const pastEdge = (element) => element.getBoundingClientRect().right > viewport + tolerance;
  const sticking = [];
  if (root.scrollWidth > viewport) {
    for (const element of document.body.querySelectorAll('*')) {
      if (!pastEdge(element) || !escapes(element)) continue;
      const parent = element.parentElement;
      if (parent && parent !== document.body && pastEdge(parent) && escapes(parent)) continue;
      const hidden = visuallyHidden(element) ? ' (visually hidden)' : '';
      sticking.push(describe(element) + hidden);
      if (sticking.length >= 5) break;
    }
  }
  return {viewport, scrollWidth: root.scrollWidth, overlaps, sticking};
}"""


class Layout(TypedDict):
    viewport: int
    scrollWidth: int
    overlaps: list[list[str]]
    sticking: list[str]


def inspect_layout(page: Page) -> Layout:
    """Sideways scrolling and overlapping controls of the page at its current viewport."""
    result: Any = page.evaluate(INSPECT, TOLERANCE_PX)
    return result


def layout_defects(page: Page, widths: tuple[int, ...] = WIDTHS) -> list[str]:
    """The layout defects of the page at each width, readably; the viewport is restored."""
    before = page.viewport_size
    defects: list[str] = []
    try:
        for width in widths:
            page.set_viewport_size({"width": width, "height": HEIGHT})
            defects.extend(describe_layout(width, inspect_layout(page)))
    finally:
        if before is not None:
            page.set_viewport_size(before)
    return defects


def describe_layout(width: int, layout: Layout) -> list[str]:
    lines: list[str] = []
    if layout["scrollWidth"] > layout["viewport"]:
        lines.append(
            f"  {width} px: scrolls sideways (scrollWidth {layout['scrollWidth']} > "
            f"viewport {layout['viewport']}); sticking out:"
        )
        lines.extend(f"    - {element}" for element in layout["sticking"])
    for first, second in layout["overlaps"]:
        lines.append(f"  {width} px: overlap: {first}\n    lies on {second}")
    return lines
