// Layout aids for narrow screens (the layout net in tests/browser/layout.py checks 390 px).
(() => {
  const wide = window.matchMedia("(min-width: 48rem)");

  // Disclosures marked data-sw-fold-narrow (the strategy cycle and the strategy navigation)
  // are open in the HTML, so they work without JavaScript; on a narrow screen they start
  // closed, and they open again when the window grows wide (where CSS hides their summary).
  const fold = () => {
    for (const details of document.querySelectorAll("details[data-sw-fold-narrow]")) {
      details.open = wide.matches;
    }
  };

  // A table wider than its scrolling container (.kern-table-responsive) becomes a named,
  // focusable region, so it can be scrolled by keyboard and a screen reader says what it is.
  // Containers that name themselves in the HTML are left alone.
  const tableName = (table) => {
    const caption = table.querySelector("caption");
    if (caption && caption.textContent.trim()) return caption.textContent.trim();
    if (table.getAttribute("aria-label")) return table.getAttribute("aria-label");
    const ids = (table.getAttribute("aria-labelledby") || "").split(/\s+/).filter(Boolean);
    return ids.map((id) => document.getElementById(id)?.textContent.trim() || "").join(" ").trim();
  };
  const label = () => {
    for (const box of document.querySelectorAll(".kern-table-responsive, .sw-table-scroll")) {
      const ours = box.hasAttribute("data-sw-scroll-region");
      if (box.hasAttribute("role") && !ours) continue;
      const table = box.querySelector("table");
      const name = table ? tableName(table) : "";
      if (table && box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("data-sw-scroll-region", "");
        box.tabIndex = 0;
        if (name) {
          box.setAttribute("role", "region");
          box.setAttribute("aria-label", name);
        }
      } else if (ours) {
        for (const attribute of ["data-sw-scroll-region", "tabindex", "role", "aria-label"]) {
          box.removeAttribute(attribute);
        }
      }
    }
  };

  const update = () => { fold(); label(); };
  update();
  wide.addEventListener("change", update);
  window.addEventListener("resize", label);
  document.addEventListener("htmx:afterSettle", label);
})();
