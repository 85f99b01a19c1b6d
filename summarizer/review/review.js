"use strict";
// The review page: records, their evidence highlighted in the article text, their items
// in tables. The list, the spans and the helpers are in shared.js.
(function () {
  const { KINDS, LIST_OF, DASH, asText, asList, asObject, orDash, words, shorten, el, td,
    count } = shared;
  const LABEL_CHARS = 90;

  const data = JSON.parse(document.getElementById("review-data").textContent);
  const articles = asList(data.articles).map(prepare);

  function prepare(raw) {
    const entry = asObject(raw);
    const record = asObject(entry.record);
    const result = record.result && typeof record.result === "object" ? record.result : null;
    const info = asObject(record.article);
    const source = asText(record.source);
    const title = asText((result && result.title) || info.title || source) || "(untitled)";
    const summary = asText(result && result.summary);
    const article = {
      entry,
      record,
      result,
      title,
      source,
      ok: !record.error && result !== null,
      warnings: asList(record.warnings),
      haystack: [title, source, summary].join("\n").toLowerCase(),
    };
    article.badges = badges(article);
    return article;
  }

  function badges(article) {
    const list = [];
    if (!article.ok) list.push(["failed", "failed"]);
    const n = article.warnings.length;
    if (n) list.push([`${n} warning${n === 1 ? "" : "s"}`, "warn"]);
    if (article.result) {
      const [events, casualties, attributions] = KINDS.map(
        (kind) => asList(article.result[LIST_OF[kind]]).length,
      );
      list.push([`${events} ev \u00b7 ${casualties} cas \u00b7 ${attributions} attr`, ""]);
    }
    return list;
  }

  // -- items -----------------------------------------------------------------------------

  function collectItems(result, text) {
    const offsets = text === null ? null : shared.unitOffsets(text);
    const items = [];
    for (const kind of KINDS) {
      asList(result && result[LIST_OF[kind]]).forEach((raw, index) => {
        const value = asObject(raw);
        items.push({
          key: kind[0] + index, // "e0", "c1", "a2"
          kind,
          index,
          value,
          label: `${kind} #${index} \u00b7 ${shorten(itemDetail(kind, value), LABEL_CHARS)}`,
          ...shared.locate(value.evidence_span, text, offsets),
        });
      });
    }
    return items;
  }

  function itemDetail(kind, value) {
    if (kind === "event") return `${words(value.kind)}: ${asText(value.description)}`;
    if (kind === "casualty") {
      // Only the counts the item states: "(killed 4)", "(killed 0, injured 0)".
      const stated = ["killed", "injured", "missing"]
        .filter((slot) => value[slot] != null)
        .map((slot) => `${slot} ${count(value[slot])}`);
      return `${asText(value.group)} (${stated.join(", ") || "no count"})`;
    }
    return `${asText(value.speaker)}: ${asText(value.claim)}`;
  }

  // -- the article detail ----------------------------------------------------------------

  function renderDetail(article) {
    const text = typeof article.entry.text === "string" ? article.entry.text : null;
    const items = collectItems(article.result, text);
    // The evidence first: the tables link their rows to its spans.
    const evidence = renderEvidence(article, text, items);
    const tables = KINDS.map((kind) =>
      renderTable(kind, items.filter((item) => item.kind === kind), article.result),
    );
    return [
      renderHead(article),
      ...renderStatus(article, text),
      renderSummary(article),
      evidence,
      ...tables,
    ];
  }

  function renderHead(article) {
    const record = article.record;
    const info = asObject(record.article);
    const stamp = asObject(asObject(article.result).updated);
    const facts = [
      ["source", orDash(article.source)],
      ["id", orDash(record.id)],
      ["updated", orDash(stamp.iso || stamp.text || info.updated)],
      ["published", orDash(info.published)],
      ...shared.provenanceFacts(record),
    ];
    const list = el("dl", { className: "facts" });
    for (const [name, value] of facts) list.append(el("dt", {}, name), el("dd", {}, value));
    return el("section", { className: "article-head" }, el("h2", {}, article.title), list);
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
    const missing = "The article text is not available, so the evidence cannot be " +
      "highlighted; the tables below still list every item.";
    return shared.evidencePane(text, items, renderLegend(items), article.entry.removed, missing);
  }

  function renderLegend(items) {
    const legend = el("div", { className: "legend" }, el("strong", {}, "Evidence"));
    for (const kind of KINDS) {
      const n = items.filter((item) => item.kind === kind).length;
      legend.append(el("span", {}, shared.swatch(kind), `${kind} (${n})`));
    }
    const missing = items.filter((item) => item.status !== "located").length;
    if (missing) {
      legend.append(el("span", { className: "unlocated" }, `${missing} not highlighted`));
    }
    return legend;
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
    const row = el("tr", { className: "kind-" + item.kind }, ...cellsFor(item), spanCell(item));
    return shared.linkRow(row, [item.key]);
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
    if (!shared.hasItem(key)) return td(`#${index} (no such event)`);
    const link = el("button", { type: "button", className: "link" }, "event #" + index);
    link.addEventListener("click", (event) => {
      event.stopPropagation(); // the casualty's own row would take the click otherwise
      shared.activate([key]);
      shared.rowFor(key).focus({ preventScroll: true });
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

  shared.start({
    title: asText(data.title) || "summarizer review",
    entries: articles,
    filters: {
      ok: (article) => article.ok,
      failed: (article) => !article.ok,
      warnings: (article) => article.warnings.length > 0,
    },
    render: renderDetail,
    empty: "No articles.",
  });
})();
