"use strict";
// What the review page and the eval report share: DOM helpers, the article text with its
// evidence spans (highlight, reveal, flash, hover), and the filterable list of entries.
// Every string shown comes from untrusted records and articles: it only ever reaches the
// DOM as text (textContent, text nodes, plain properties), never through an API that
// parses markup.
const shared = (function () {
  const KINDS = ["event", "casualty", "attribution"];
  const LIST_OF = { event: "events", casualty: "casualties", attribution: "attributions" };
  const FLASH_MS = 1500;
  const DASH = "\u2013";

  const ui = {
    list: document.getElementById("list"),
    listEmpty: document.getElementById("list-empty"),
    detail: document.getElementById("detail"),
    search: document.getElementById("search"),
    shown: document.getElementById("shown"),
    tip: document.getElementById("tip"),
  };
  // The rendered entry's evidence; only one exists at a time, so 1,000 entries cost one.
  let view = null;

  // -- small helpers ---------------------------------------------------------------------

  function asText(value) {
    if (value === null || value === undefined) return "";
    return typeof value === "object" ? JSON.stringify(value) : String(value);
  }

  function asList(value) {
    return Array.isArray(value) ? value : [];
  }

  function asObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value) ? value : {};
  }

  function orDash(value) {
    return asText(value) || DASH;
  }

  function words(value) {
    return asText(value).replace(/_/g, " ");
  }

  function shorten(text, limit) {
    return text.length > limit ? text.slice(0, limit - 1) + "\u2026" : text;
  }

  // el("td", { className: "num" }, "text", node, null): strings become text nodes.
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    Object.assign(node, props || {});
    for (const child of children) {
      if (child === null || child === undefined || child === "") continue;
      node.append(child instanceof Node ? child : document.createTextNode(asText(child)));
    }
    return node;
  }

  function td(value, className) {
    return el("td", className ? { className } : {}, value);
  }

  // A count as the record states it: "≥ 3", "≈ 12", "0"; a dash when absent.
  function count(value) {
    if (value === null || typeof value !== "object") return DASH;
    const number = asText(value.value);
    if (value.precision === "at_least") return "\u2265 " + number;
    if (value.precision === "approximate") return "\u2248 " + number;
    return number;
  }

  function swatch(kind) {
    return el("span", { className: "sw sw-" + kind, ariaHidden: "true" });
  }

  // [name, value] facts of a record's provenance and usage, for a page's header.
  function provenanceFacts(record) {
    const prov = asObject(record.provenance);
    const usage = asObject(record.usage);
    const latency = typeof usage.latency_s === "number" ? usage.latency_s.toFixed(2) + " s" : "";
    const cached = typeof usage.cached === "boolean" ? (usage.cached ? "yes" : "no") : "";
    return [
      ["provenance", joinFacts([
        ["provider", prov.provider],
        ["model", prov.model],
        ["prompt", prov.prompt_version],
        ["schema", prov.schema_version],
        ["reference date", prov.reference_date],
      ])],
      ["usage", joinFacts([
        ["calls", usage.calls],
        ["prompt tokens", usage.prompt_tokens],
        ["completion tokens", usage.completion_tokens],
        ["latency", latency],
        ["cached", cached],
      ])],
    ];
  }

  function joinFacts(pairs) {
    return pairs.map(([name, value]) => `${name} ${orDash(value)}`).join(" \u00b7 ");
  }

  // -- spans -----------------------------------------------------------------------------

  // Spans count Python characters (code points); JS strings index UTF-16 units. Returns
  // code point -> unit offsets, or null when the two agree (no astral characters).
  function unitOffsets(text) {
    if (!/[\ud800-\udfff]/.test(text)) return null;
    const offsets = [0];
    let unit = 0;
    for (const char of text) {
      unit += char.length;
      offsets.push(unit);
    }
    return offsets;
  }

  // Where a record's [start, end) span lies in ``text``, or why it cannot be shown.
  function locate(span, text, offsets) {
    if (span === null || span === undefined) return { status: "not located" };
    if (text === null) return { status: "no text" };
    const length = offsets ? offsets.length - 1 : text.length;
    const valid = Array.isArray(span) && span.length === 2 &&
      Number.isInteger(span[0]) && Number.isInteger(span[1]) &&
      span[0] >= 0 && span[0] < span[1] && span[1] <= length;
    if (!valid) return { status: "span out of range" };
    const [start, end] = offsets ? [offsets[span[0]], offsets[span[1]]] : span;
    return { status: "located", start, end };
  }

  // Cut the text at every span boundary; each piece knows every item that covers it, so
  // overlapping, nested and identical spans all stay visible.
  function segments(length, located) {
    const cuts = new Set([0, length]);
    for (const item of located) {
      cuts.add(item.start);
      cuts.add(item.end);
    }
    const points = [...cuts].sort((a, b) => a - b);
    const pieces = [];
    for (let i = 0; i + 1 < points.length; i++) {
      const [start, end] = [points[i], points[i + 1]];
      const items = located.filter((item) => item.start <= start && item.end >= end);
      pieces.push({ start, end, items });
    }
    return pieces;
  }

  // -- the evidence pane -----------------------------------------------------------------

  // Items: { key, kind, status, start, end, label, classes }; ``classes`` are extra class
  // names for its marks (the eval report tells gold from predicted spans by them).
  function renderText(text, items) {
    const located = items.filter((item) => item.status === "located");
    const body = el("div", { className: "text" });
    for (const piece of segments(text.length, located)) {
      const chunk = text.slice(piece.start, piece.end);
      const plain = !piece.items.length;
      body.append(plain ? document.createTextNode(chunk) : spanMark(chunk, piece.items));
    }
    return body;
  }

  function spanMark(chunk, items) {
    const classes = new Set(["span"]);
    for (const item of items) {
      classes.add("k-" + item.kind);
      for (const name of item.classes || []) classes.add(name);
    }
    if (items.length > 1) classes.add("multi");
    const mark = el("mark", { className: [...classes].join(" ") }, chunk);
    mark.dataset.items = items.map((item) => item.key).join(" ");
    view.covering.set(mark, items);
    for (const item of items) view.marks.get(item.key).push(mark);
    return mark;
  }

  // The article text with every located item highlighted, under ``legend``, with the
  // removed lines after it; ``missing`` is said instead when there is no text.
  function evidencePane(text, items, legend, removed, missing) {
    for (const item of items) view.marks.set(item.key, []);
    const pane = el("div", { className: "text-pane" });
    view.pane = pane;
    pane.append(text === null ? el("p", { className: "muted" }, missing) : renderText(text, items));
    if (asList(removed).length) pane.append(renderRemoved(removed));
    pane.addEventListener("mouseover", onSpanHover);
    pane.addEventListener("mouseout", onSpanLeave);
    pane.addEventListener("click", onSpanClick);
    pane.addEventListener("scroll", hideTip, { passive: true });
    const props = { className: "evidence", ariaLabel: "Article text" };
    return el("section", props, legend, pane);
  }

  function renderRemoved(removed) {
    const lines = removed.map((line) => {
      const value = asObject(line);
      const reason = el("span", { className: "reason" }, asText(value.reason));
      return el("li", {}, asText(value.text), reason);
    });
    const toggle = el("summary", {}, `Removed lines (${removed.length})`);
    return el("details", { className: "removed" }, toggle, el("ol", {}, ...lines));
  }

  // -- linking rows and spans ------------------------------------------------------------

  // Clicking ``row`` (or Enter / Space on it) shows the spans of ``keys``.
  function linkRow(row, keys) {
    row.tabIndex = 0;
    row.dataset.key = keys[0];
    for (const key of keys) view.rows.set(key, row);
    row.addEventListener("click", () => activate(keys));
    row.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        activate(keys);
      }
    });
    return row;
  }

  function rowFor(key) {
    return view.rows.get(key) || null;
  }

  function hasItem(key) {
    return view.marks.has(key);
  }

  function clearActive() {
    const marked = "mark.active, mark.flash, tr.selected, tr.linked";
    for (const node of ui.detail.querySelectorAll(marked)) {
      node.classList.remove("active", "flash", "selected", "linked");
    }
  }

  function activate(keys) {
    clearActive();
    const row = view.rows.get(keys[0]);
    if (row) row.classList.add("selected");
    const marks = keys.flatMap((key) => view.marks.get(key) || []);
    if (!marks.length) return;
    for (const mark of marks) mark.classList.add("active");
    reveal(marks[0]);
    flash(marks);
  }

  // Centre the span inside the text pane, then let the page scroll only if the pane itself
  // is out of sight (block "nearest" leaves an already visible pane alone).
  function reveal(mark) {
    const pane = view.pane;
    const paneBox = pane.getBoundingClientRect();
    const box = mark.getBoundingClientRect();
    pane.scrollTop += box.top - paneBox.top - Math.max(0, pane.clientHeight - box.height) / 2;
    mark.scrollIntoView({ block: "nearest", inline: "nearest" });
  }

  function flash(marks) {
    clearTimeout(view.flashTimer);
    for (const mark of marks) {
      mark.classList.remove("flash");
      void mark.offsetWidth; // restarts the animation when the same span is clicked again
      mark.classList.add("flash");
    }
    view.flashTimer = setTimeout(() => {
      for (const mark of marks) mark.classList.remove("flash");
    }, FLASH_MS);
  }

  // A click on highlighted text points at the rows of every item covering it.
  function onSpanClick(event) {
    const mark = event.target.closest("mark.span");
    const items = mark ? view.covering.get(mark) || [] : [];
    if (!items.length) return;
    clearActive();
    for (const item of items) {
      const row = view.rows.get(item.key);
      if (row) row.classList.add("linked");
    }
    for (const node of view.marks.get(items[0].key)) node.classList.add("active");
    const first = view.rows.get(items[0].key);
    if (first) first.scrollIntoView({ block: "nearest" });
  }

  function onSpanHover(event) {
    const mark = event.target.closest("mark.span");
    if (!mark) return;
    const items = view.covering.get(mark) || [];
    ui.tip.textContent = items.map((item) => item.label).join("\n");
    ui.tip.hidden = false;
    const box = mark.getBoundingClientRect();
    const tip = ui.tip.getBoundingClientRect();
    const left = Math.min(Math.max(4, event.clientX - tip.width / 2), innerWidth - tip.width - 4);
    const above = box.top - tip.height - 6;
    ui.tip.style.left = left + "px";
    ui.tip.style.top = (above > 4 ? above : box.bottom + 6) + "px";
  }

  function onSpanLeave(event) {
    if (event.target.closest("mark.span")) hideTip();
  }

  function hideTip() {
    ui.tip.hidden = true;
  }

  // -- the list of entries ---------------------------------------------------------------

  // config: { title, entries, filters, render, empty }. An entry has ``title``, ``source``,
  // ``haystack`` (lower-case text the search looks in), ``badges`` ([text, class] pairs)
  // and ``pinned`` (always listed, never counted: the eval report's totals). ``filters``
  // maps each filter radio's value but "all" to a test of an entry; ``render(entry)``
  // returns the nodes of its detail.
  function start(config) {
    const entries = config.entries;
    const state = { filter: "all", query: "", selected: -1, visible: [] };

    function buildList() {
      const items = entries.map((entry, index) => {
        const badges = asList(entry.badges).map(([text, className]) =>
          el("span", { className: "badge" + (className ? " " + className : "") }, text));
        const button = el(
          "button",
          { type: "button", className: "entry" + (entry.pinned ? " pinned" : "") },
          el("span", { className: "t" }, entry.title),
          el("span", { className: "s" }, entry.source),
          ...badges,
        );
        button.dataset.index = String(index);
        entry.button = button;
        return el("li", {}, button);
      });
      ui.list.replaceChildren(...items);
      ui.list.addEventListener("click", (event) => {
        const button = event.target.closest("button.entry");
        if (button) select(Number(button.dataset.index));
      });
    }

    function matches(entry) {
      const test = config.filters[state.filter];
      return !test || test(entry);
    }

    function applyFilters() {
      const query = state.query.trim().toLowerCase();
      state.visible = [];
      let counted = 0;
      for (const [index, entry] of entries.entries()) {
        const shown = entry.pinned ||
          (matches(entry) && (!query || entry.haystack.includes(query)));
        entry.button.parentElement.hidden = !shown;
        if (shown) state.visible.push(index);
        if (shown && !entry.pinned) counted++;
      }
      const total = entries.filter((entry) => !entry.pinned).length;
      ui.listEmpty.hidden = counted > 0;
      ui.shown.textContent = `showing ${counted} of ${total}`;
    }

    function showCounts() {
      const counted = entries.filter((entry) => !entry.pinned);
      for (const span of document.querySelectorAll("[data-count]")) {
        const test = config.filters[span.dataset.count];
        const n = test ? counted.filter(test).length : counted.length;
        span.textContent = `(${n})`;
      }
    }

    function select(index) {
      const entry = entries[index];
      if (!entry) return;
      if (state.selected >= 0) entries[state.selected].button.removeAttribute("aria-current");
      state.selected = index;
      entry.button.setAttribute("aria-current", "true");
      entry.button.scrollIntoView({ block: "nearest" });
      hideTip();
      if (view) clearTimeout(view.flashTimer);
      view = {
        marks: new Map(), // item key -> its <mark>s
        rows: new Map(), // item key -> its table row
        covering: new WeakMap(), // <mark> -> the items covering it
        pane: null,
        flashTimer: 0,
      };
      ui.detail.replaceChildren(...config.render(entry));
      ui.detail.scrollTop = 0;
      try {
        history.replaceState(null, "", "#" + index);
      } catch (error) {
        // Some file:// setups refuse history changes; the page works without them.
      }
    }

    // Select the next (step 1) or previous (-1) entry in the filtered list.
    function move(step) {
      const visible = state.visible;
      if (!visible.length) return null;
      let position = visible.indexOf(state.selected);
      if (position < 0) position = step > 0 ? -1 : visible.length;
      const next = visible[Math.min(visible.length - 1, Math.max(0, position + step))];
      select(next);
      return entries[next].button;
    }

    function onKey(event) {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      const target = event.target;
      if (target === ui.search) {
        if (event.key === "Escape") {
          ui.search.value = "";
          onSearch();
        }
        return;
      }
      if (target.closest("input, textarea, select")) return;
      if (event.key === "/") {
        event.preventDefault();
        ui.search.focus();
        return;
      }
      // Arrow keys scroll the page elsewhere; j and k work everywhere.
      const inList = Boolean(target.closest("#list"));
      let step = 0;
      if (event.key === "j" || (inList && event.key === "ArrowDown")) step = 1;
      else if (event.key === "k" || (inList && event.key === "ArrowUp")) step = -1;
      if (!step) return;
      event.preventDefault();
      const button = move(step);
      if (button && inList) button.focus();
    }

    function onSearch() {
      state.query = ui.search.value;
      applyFilters();
    }

    document.title = config.title;
    document.getElementById("page-title").textContent = config.title;
    buildList();
    showCounts();
    for (const radio of document.querySelectorAll("input[name=filter]")) {
      radio.addEventListener("change", () => {
        state.filter = radio.value;
        applyFilters();
      });
    }
    ui.search.addEventListener("input", onSearch);
    document.addEventListener("keydown", onKey);
    ui.detail.addEventListener("scroll", hideTip, { passive: true });
    applyFilters();
    const wanted = Number.parseInt(location.hash.slice(1), 10);
    if (entries[wanted]) select(wanted);
    else if (state.visible.length) select(state.visible[0]);
    else ui.detail.replaceChildren(el("p", { className: "muted" }, config.empty));
    performance.mark("review:first-article");
    // Ready once that first entry has been laid out and painted, not merely built.
    requestAnimationFrame(() => setTimeout(() => {
      performance.mark("review:first-paint");
      document.documentElement.dataset.ready = "true";
    }));
    return { select };
  }

  return {
    KINDS, LIST_OF, DASH,
    asText, asList, asObject, orDash, words, shorten, el, td, count, swatch, provenanceFacts,
    unitOffsets, locate,
    evidencePane, linkRow, rowFor, hasItem, activate,
    start,
  };
})();
