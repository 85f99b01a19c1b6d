
"use strict";
// Every string shown here comes from untrusted records and articles: it only ever reaches
// the DOM as text (textContent, text nodes, plain properties), never through an API that
// parses markup.
(function () {
  const KINDS = ["event", "casualty", "attribution"];
  const LIST_OF = { event: "events", casualty: "casualties", attribution: "attributions" };
  const FLASH_MS = 1500;
  const LABEL_CHARS = 90;
  const DASH = "\u2013";

  const data = JSON.parse(document.getElementById("review-data").textContent);
  const articles = asList(data.articles).map(prepare);
  const ui = {
    list: document.getElementById("list"),
    listEmpty: document.getElementById("list-empty"),
    detail: document.getElementById("detail"),
    search: document.getElementById("search"),
    shown: document.getElementById("shown"),
    tip: document.getElementById("tip"),
  };
  const state = { filter: "all", query: "", selected: -1, visible: [] };
  // The rendered article; only one exists at a time, so 1,000 records cost one detail.
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

  // -- the article list ------------------------------------------------------------------

  function prepare(raw, index) {
    const entry = asObject(raw);
    const record = asObject(entry.record);
    const result = record.result && typeof record.result === "object" ? record.result : null;
    const info = asObject(record.article);
    const source = asText(record.source);
    const title = asText((result && result.title) || info.title || source) || "(untitled)";
    const summary = asText(result && result.summary);
    return {
      index,
      entry,
      record,
      result,
      title,
      source,
      ok: !record.error && result !== null,
      warnings: asList(record.warnings),
      haystack: [title, source, summary].join("\n").toLowerCase(),
      button: null,
    };
  }

  function buildList() {
    const items = articles.map((article) => {
      const button = el(
        "button",
        { type: "button", className: "entry" },
        el("span", { className: "t" }, article.title),
        el("span", { className: "s" }, article.source),
        ...entryBadges(article),
      );
      button.dataset.index = String(article.index);
      article.button = button;
      return el("li", {}, button);
    });
    ui.list.replaceChildren(...items);
    ui.list.addEventListener("click", (event) => {
      const button = event.target.closest("button.entry");
      if (button) select(Number(button.dataset.index));
    });
  }

  function entryBadges(article) {
    const badges = [];
    if (!article.ok) badges.push(el("span", { className: "badge failed" }, "failed"));
    const n = article.warnings.length;
    const plural = n === 1 ? "" : "s";
    if (n) badges.push(el("span", { className: "badge warn" }, `${n} warning${plural}`));
    if (article.result) {
      const [events, casualties, attributions] = KINDS.map(
        (kind) => asList(article.result[LIST_OF[kind]]).length,
      );
      const text = `${events} ev \u00b7 ${casualties} cas \u00b7 ${attributions} attr`;
      badges.push(el("span", { className: "badge" }, text));
    }
    return badges;
  }

  function matchesFilter(article) {
    if (state.filter === "ok") return article.ok;
    if (state.filter === "failed") return !article.ok;
    if (state.filter === "warnings") return article.warnings.length > 0;
    return true;
  }

  function applyFilters() {
    const query = state.query.trim().toLowerCase();
    state.visible = [];
    for (const article of articles) {
      const shown = matchesFilter(article) && (!query || article.haystack.includes(query));
      article.button.parentElement.hidden = !shown;
      if (shown) state.visible.push(article.index);
    }
    ui.listEmpty.hidden = state.visible.length > 0;
    ui.shown.textContent = `showing ${state.visible.length} of ${articles.length}`;
  }

  function showCounts() {
    const counts = {
      all: articles.length,
      ok: articles.filter((a) => a.ok).length,
      failed: articles.filter((a) => !a.ok).length,
      warnings: articles.filter((a) => a.warnings.length > 0).length,
    };
    for (const span of document.querySelectorAll("[data-count]")) {
      span.textContent = `(${counts[span.dataset.count]})`;
    }
  }

  function select(index) {
    const article = articles[index];
    if (!article) return;
    if (state.selected >= 0) articles[state.selected].button.removeAttribute("aria-current");
    state.selected = index;
    article.button.setAttribute("aria-current", "true");
    article.button.scrollIntoView({ block: "nearest" });
    renderDetail(article);
    try {
      history.replaceState(null, "", "#" + index);
    } catch (error) {
      // Some file:// setups refuse history changes; the page works without them.
    }
  }

  // Select the next (step 1) or previous (-1) article in the filtered list.
  function move(step) {
    const visible = state.visible;
    if (!visible.length) return null;
    let position = visible.indexOf(state.selected);
    if (position < 0) position = step > 0 ? -1 : visible.length;
    const next = visible[Math.min(visible.length - 1, Math.max(0, position + step))];
    select(next);
    return articles[next].button;
  }

  // -- items and their spans -------------------------------------------------------------

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

  function collectItems(result, text) {
    const offsets = text === null ? null : unitOffsets(text);
    const items = [];
    for (const kind of KINDS) {
      asList(result && result[LIST_OF[kind]]).forEach((raw, index) => {
        const value = asObject(raw);
        items.push({
          key: kind[0] + index, // "e0", "c1", "a2"
          kind,
          index,
          value,
          label: itemLabel(kind, index, value),
          ...locate(value.evidence_span, text, offsets),
        });
      });
    }
    return items;
  }

  function itemLabel(kind, index, value) {
    let detail;
    if (kind === "event") {
      detail = `${words(value.kind)}: ${asText(value.description)}`;
    } else if (kind === "casualty") {
      detail = `${asText(value.group)} (killed ${count(value.killed)}, ` +
        `injured ${count(value.injured)})`;
    } else {
      detail = `${asText(value.speaker)}: ${asText(value.claim)}`;
    }
    return `${kind} #${index} \u00b7 ${shorten(detail, LABEL_CHARS)}`;
  }

  function count(value) {
    if (value === null || typeof value !== "object") return DASH;
    const number = asText(value.value);
    if (value.precision === "at_least") return "\u2265 " + number;
    if (value.precision === "approximate") return "\u2248 " + number;
    return number;
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
    const classes = new Set(["span", ...items.map((item) => "k-" + item.kind)]);
    if (items.length > 1) classes.add("multi");
    const mark = el("mark", { className: [...classes].join(" ") }, chunk);
    mark.dataset.items = items.map((item) => item.key).join(" ");
    view.covering.set(mark, items);
    for (const item of items) view.marks.get(item.key).push(mark);
    return mark;
  }

  // -- the article detail ----------------------------------------------------------------

  function renderDetail(article) {
    hideTip();
    if (view) clearTimeout(view.flashTimer);
    const text = typeof article.entry.text === "string" ? article.entry.text : null;
    const items = collectItems(article.result, text);
    view = {
      marks: new Map(items.map((item) => [item.key, []])), // item key -> its <mark>s
      rows: new Map(), // item key -> its table row
      covering: new WeakMap(), // <mark> -> the items covering it
      pane: null,
      flashTimer: 0,
    };
    const tables = KINDS.map((kind) =>
      renderTable(kind, items.filter((item) => item.kind === kind), article.result),
    );
    ui.detail.replaceChildren(
      renderHead(article),
      ...renderStatus(article, text),
      renderSummary(article),
      renderEvidence(article, text, items),
      ...tables,
    );
    ui.detail.scrollTop = 0;
  }

  function renderHead(article) {
    const record = article.record;
    const info = asObject(record.article);
    const stamp = asObject(asObject(article.result).updated);
    const prov = asObject(record.provenance);
    const usage = asObject(record.usage);
    const latency = typeof usage.latency_s === "number" ? usage.latency_s.toFixed(2) + " s" : "";
    const cached = typeof usage.cached === "boolean" ? (usage.cached ? "yes" : "no") : "";
    const facts = [
      ["source", orDash(article.source)],
      ["id", orDash(record.id)],
      ["updated", orDash(stamp.iso || stamp.text || info.updated)],
      ["published", orDash(info.published)],
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
    const list = el("dl", { className: "facts" });
    for (const [name, value] of facts) list.append(el("dt", {}, name), el("dd", {}, value));
    return el("section", { className: "article-head" }, el("h2", {}, article.title), list);
  }

  function joinFacts(pairs) {
    return pairs.map(([name, value]) => `${name} ${orDash(value)}`).join(" \u00b7 ");
  }

  function renderStatus(article, text) {
    const parts = [];
    const error = article.record.error;
    if (error) {
      const detail = asObject(error);
      const type = el("strong", {}, asText(detail.type) || "error");
      parts.push(el("div", { className: "error", role: "alert" }, type, asText(detail.message)));
    } else if (!article.result) {
      const text = "This record has neither a result nor an error.";
      parts.push(el("div", { className: "error" }, text));
    }
    if (article.warnings.length) {
      const lines = article.warnings.map((warning) => el("li", {}, asText(warning)));
      parts.push(el("ul", { className: "warnings", ariaLabel: "warnings" }, ...lines));
    }
    if (text !== null && article.entry.textMatchesId === false) {
      parts.push(el("p", { className: "notice" },
        "This is not the text the record was made from (its SHA-256 differs from the " +
        "record id), so the highlighted spans may be off."));
    }
    return parts;
  }

  function renderSummary(article) {
    if (!article.result) {
      return el("p", { className: "muted" }, "No summary: the record has no result.");
    }
    const summary = el("p", { className: "summary" }, asText(article.result.summary));
    return el("section", {}, el("h3", {}, "Summary"), summary);
  }

  function renderEvidence(article, text, items) {
    const pane = el("div", { className: "text-pane" });
    view.pane = pane;
    if (text === null) {
      pane.append(el("p", { className: "muted" },
        "The article text is not available, so the evidence cannot be highlighted; the " +
        "tables below still list every item."));
    } else {
      pane.append(renderText(text, items));
    }
    const removed = asList(article.entry.removed);
    if (removed.length) pane.append(renderRemoved(removed));
    pane.addEventListener("mouseover", onSpanHover);
    pane.addEventListener("mouseout", onSpanLeave);
    pane.addEventListener("click", onSpanClick);
    pane.addEventListener("scroll", hideTip, { passive: true });
    const props = { className: "evidence", ariaLabel: "Article text" };
    return el("section", props, renderLegend(items), pane);
  }

  function renderLegend(items) {
    const legend = el("div", { className: "legend" }, el("strong", {}, "Evidence"));
    for (const kind of KINDS) {
      const n = items.filter((item) => item.kind === kind).length;
      const swatch = el("span", { className: "sw sw-" + kind, ariaHidden: "true" });
      legend.append(el("span", {}, swatch, `${kind} (${n})`));
    }
    const missing = items.filter((item) => item.status !== "located").length;
    if (missing) {
      legend.append(el("span", { className: "unlocated" }, `${missing} not highlighted`));
    }
    return legend;
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

  // -- tables ----------------------------------------------------------------------------

  const COLUMNS = {
    event: ["#", "kind", "date / when", "location", "description", "actors / alleged / targets"],
    casualty: ["#", "group", "killed", "injured", "missing", "event", "reported by"],
    attribution: ["#", "speaker", "affiliation", "channel", "claim", "quote"],
  };

  function renderTable(kind, items, result) {
    const name = LIST_OF[kind];
    const heading = el("h3", {}, `${name[0].toUpperCase()}${name.slice(1)} (${items.length})`);
    if (!items.length) {
      const none = el("p", { className: "muted" }, result ? "None." : "No result.");
      return el("section", {}, heading, none);
    }
    const columns = [...COLUMNS[kind], "evidence"];
    const head = el("tr", {}, ...columns.map((column) => el("th", { scope: "col" }, column)));
    const caption = el("caption", {},
      "Indices as in the record (from 0). Click a row to show its evidence.");
    const table = el("table", { className: "items-" + kind },
      caption, el("thead", {}, head), el("tbody", {}, ...items.map(renderRow)));
    return el("section", {}, heading, el("div", { className: "table-wrap" }, table));
  }

  function renderRow(item) {
    const props = { tabIndex: 0, className: "kind-" + item.kind };
    const row = el("tr", props, ...cellsFor(item), spanCell(item));
    row.dataset.key = item.key;
    row.addEventListener("click", () => activate(item.key));
    row.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        activate(item.key);
      }
    });
    view.rows.set(item.key, row);
    return row;
  }

  function td(value, className) {
    return el("td", className ? { className } : {}, value);
  }

  function cellsFor(item) {
    const v = item.value;
    const number = td(String(item.index), "num");
    if (item.kind === "event") {
      const when = [asText(v.date), asText(v.when)].filter(Boolean).join(" \u00b7 ");
      return [number, td(words(v.kind)), td(when || DASH), td(orDash(v.location)),
        td(asText(v.description)), partiesCell(v)];
    }
    if (item.kind === "casualty") {
      return [number, td(asText(v.group)), td(count(v.killed), "num"), td(count(v.injured), "num"),
        td(count(v.missing), "num"), eventCell(v.event), td(orDash(v.reported_by))];
    }
    const quote = v.quote ? `\u201c${asText(v.quote)}\u201d` : DASH;
    return [number, td(asText(v.speaker)), td(orDash(v.affiliation)), td(words(v.channel)),
      td(asText(v.claim)), td(quote, "quote")];
  }

  function partiesCell(value) {
    const groups = [["actors", value.actors], ["alleged", value.alleged_actors],
      ["targets", value.targets]];
    const lines = groups
      .filter(([, names]) => asList(names).length)
      .map(([name, names]) => {
        const label = el("b", {}, name + ": ");
        return el("div", {}, label, asList(names).map(asText).join("; "));
      });
    return el("td", { className: "parties" }, ...(lines.length ? lines : [DASH]));
  }

  function eventCell(index) {
    if (!Number.isInteger(index)) return td(DASH);
    const key = "e" + index;
    if (!view.marks.has(key)) return td(`#${index} (no such event)`);
    const link = el("button", { type: "button", className: "link" }, "event #" + index);
    link.addEventListener("click", (event) => {
      event.stopPropagation(); // the casualty's own row would take the click otherwise
      activate(key);
      view.rows.get(key).focus({ preventScroll: true });
    });
    return el("td", {}, link);
  }

  function spanCell(item) {
    const span = asList(item.value.evidence_span).map(asText).join(DASH);
    if (item.status === "located") return td(span, "num");
    // What cannot be highlighted is quoted, so the evidence is still in view.
    const badge = item.status === "no text"
      ? el("span", { className: "badge" }, span)
      : el("span", { className: "unlocated" }, item.status);
    const evidence = asText(item.value.evidence);
    const quoted = evidence ? `\u201c${evidence}\u201d` : "";
    return el("td", {}, badge, el("span", { className: "evidence-text" }, quoted));
  }

  // -- linking rows and spans ------------------------------------------------------------

  function clearActive() {
    const marked = "mark.active, mark.flash, tr.selected, tr.linked";
    for (const node of ui.detail.querySelectorAll(marked)) {
      node.classList.remove("active", "flash", "selected", "linked");
    }
  }

  function activate(key) {
    clearActive();
    const row = view.rows.get(key);
    if (row) row.classList.add("selected");
    const marks = view.marks.get(key) || [];
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
    for (const item of items) view.rows.get(item.key).classList.add("linked");
    for (const node of view.marks.get(items[0].key)) node.classList.add("active");
    view.rows.get(items[0].key).scrollIntoView({ block: "nearest" });
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

  // -- keyboard and start-up -------------------------------------------------------------

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

  function start() {
    const title = asText(data.title) || "summarizer review";
    document.title = title;
    document.getElementById("page-title").textContent = title;
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
    if (articles[wanted]) select(wanted);
    else if (state.visible.length) select(state.visible[0]);
    else ui.detail.replaceChildren(el("p", { className: "muted" }, "No articles."));
    performance.mark("review:first-article");
    // Ready once that first article has been laid out and painted, not merely built.
    requestAnimationFrame(() => setTimeout(() => {
      performance.mark("review:first-paint");
      document.documentElement.dataset.ready = "true";
    }));
  }

  start();
})();
