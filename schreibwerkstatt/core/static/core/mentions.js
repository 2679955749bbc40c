// @mention autocomplete (core/mentions.py): the WAI-ARIA combobox pattern on a textarea
// marked {% mention_attrs %} (data-mentions="strategy:12", data-mentions-url, and the texts
// in data-mentions-*). Typing "@" and letters asks the server for people of the audience;
// the list sits in the page flow under the field (it pushes the buttons down, never covers
// them). Arrow keys move through it, Enter or Tab takes a name, Escape closes it; a polite
// status says how many suggestions there are. Without JavaScript the field is a plain
// textarea and a name is simply typed. Fields loaded by htmx are set up on htmx:load.
(() => {
  const TYPED = /(?:^|[^\p{L}\p{N}_@.+-])@((?:[\p{L}][\p{L}\p{N}_'’-]*(?: [\p{L}\p{N}_'’-]*){0,3})?)$/u;
  let counter = 0;

  const setup = (field) => {
    if (field.dataset.mentionsReady) return;
    field.dataset.mentionsReady = "1";
    counter += 1;
    const id = field.id || `sw-mention-field-${counter}`;
    field.id = id;
    const list = document.createElement("ul");
    list.id = `${id}-mentions`;
    list.className = "sw-mention-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", field.dataset.mentionsLabel || "");
    list.hidden = true;
    const status = document.createElement("p");
    status.className = "sw-sr-only";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    field.after(list, status);
    field.setAttribute("role", "combobox");
    field.setAttribute("aria-autocomplete", "list");
    field.setAttribute("aria-expanded", "false");
    field.setAttribute("aria-controls", list.id);

    let options = [];
    let active = -1;
    let typed = null; // {start, end} of "@letters" before the caret
    let pending = null;
    let timer = 0;
    let fruitless = null; // letters that found nobody: longer ones will not either

    const close = () => {
      list.hidden = true;
      list.replaceChildren();
      options = [];
      active = -1;
      field.setAttribute("aria-expanded", "false");
      field.removeAttribute("aria-activedescendant");
    };

    const highlight = (index) => {
      active = index;
      options.forEach((option, i) => option.setAttribute("aria-selected", String(i === index)));
      if (index >= 0) {
        field.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        field.removeAttribute("aria-activedescendant");
      }
    };

    const pick = (index) => {
      const insert = options[index]?.dataset.insert;
      if (!insert || !typed) return;
      const before = field.value.slice(0, typed.start);
      const after = field.value.slice(typed.end);
      const gap = after.startsWith(" ") ? "" : " ";
      field.value = `${before}${insert}${gap}${after}`;
      const caret = before.length + insert.length + gap.length;
      field.setSelectionRange(caret, caret);
      close();
      status.textContent = (field.dataset.mentionsPicked || "").replace("{name}", insert);
      field.focus();
    };

    const show = (suggestions) => {
      list.replaceChildren();
      options = suggestions.map((suggestion, i) => {
        const option = document.createElement("li");
        option.id = `${list.id}-${i}`;
        option.className = "sw-mention-list__option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.insert = suggestion.insert;
        option.textContent = suggestion.name;
        option.addEventListener("mousedown", (event) => event.preventDefault()); // keep focus
        option.addEventListener("click", () => pick(i));
        list.append(option);
        return option;
      });
      active = -1;
      field.removeAttribute("aria-activedescendant");
      const many = options.length === 1 ? field.dataset.mentionsOne : field.dataset.mentionsMany;
      // "Nobody" is said once, when an open list empties, not on every key typed after a name.
      if (options.length) status.textContent = (many || "").replace("{count}", String(options.length));
      else if (!list.hidden) status.textContent = field.dataset.mentionsNone || "";
      list.hidden = options.length === 0;
      field.setAttribute("aria-expanded", String(options.length > 0));
    };

    const ask = () => {
      const caret = field.selectionStart;
      const match = field.selectionStart === field.selectionEnd
        ? TYPED.exec(field.value.slice(0, caret))
        : null;
      if (!match) {
        typed = null;
        close();
        return;
      }
      typed = { start: caret - match[1].length - 1, end: caret };
      const letters = match[1].trim();
      if (fruitless !== null && letters.toLowerCase().startsWith(fruitless)) {
        close();
        return;
      }
      pending?.abort();
      pending = new AbortController();
      const url = new URL(field.dataset.mentionsUrl, window.location.href);
      url.searchParams.set("audience", field.dataset.mentions);
      url.searchParams.set("q", letters);
      fetch(url, { signal: pending.signal, headers: { Accept: "application/json" } })
        .then((response) => (response.ok ? response.json() : { suggestions: [] }))
        .then((data) => {
          const found = data.suggestions || [];
          fruitless = found.length || !letters ? null : letters.toLowerCase();
          show(found);
        })
        .catch((error) => {
          if (error.name !== "AbortError") close();
        });
    };

    field.addEventListener("input", () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, 120);
    });
    field.addEventListener("keydown", (event) => {
      if (field.getAttribute("aria-expanded") !== "true") return;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        highlight((active + 1) % options.length);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(active <= 0 ? options.length - 1 : active - 1);
      } else if ((event.key === "Enter" || event.key === "Tab") && active >= 0) {
        event.preventDefault();
        pick(active);
      } else if (event.key === "Escape") {
        event.preventDefault();
        event.stopPropagation();
        close();
      }
    });
    field.addEventListener("blur", () => window.setTimeout(close, 150));
  };

  const within = (root) => {
    if (root.matches?.("textarea[data-mentions], input[data-mentions]")) setup(root);
    for (const field of root.querySelectorAll?.("textarea[data-mentions], input[data-mentions]") ?? []) {
      setup(field);
    }
  };
  document.addEventListener("DOMContentLoaded", () => within(document));
  document.addEventListener("htmx:load", (event) => within(event.target));
  document.addEventListener("focusin", (event) => within(event.target));
})();
