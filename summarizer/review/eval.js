"use strict";
// The eval report: the totals, and per fixture the gold and predicted items side by side
// after the optimal matching, with both sets of spans in the article. The list, the spans
// and the helpers are in shared.js.
(function () {
  const { KINDS, LIST_OF, DASH, asText, asList, asObject, orDash, words, shorten, el, td,
    count } = shared;
  const LABEL_CHARS = 80;
  // [field, metric, what the metric is called, short header] of each gated metric.
  const GATED = [
    ["events", "f1", "F1", "ev"],
    ["casualties", "f1", "F1", "cas"],
    ["attributions", "f1", "F1", "attr"],
    ["updated", "accuracy", "accuracy", "upd"],
    ["summary", "rougeL", "ROUGE-L", "R-L"],
    ["grounding", "rate", "rate", "grnd"],
  ];
  // The fields shown for each kind of item, in order; the judged ones are scored.
  const FIELDS = {
    event: ["kind", "date", "when", "location", "description", "actors", "alleged_actors",
      "targets", "evidence"],
    casualty: ["group", "killed", "injured", "missing", "event", "reported_by", "evidence"],
    attribution: ["speaker", "affiliation", "channel", "claim", "quote", "evidence"],
  };
  const COUNTS = new Set(["killed", "injured", "missing"]);
  const WORDED = new Set(["kind", "channel"]);

  const data = JSON.parse(document.getElementById("review-data").textContent);
  const report = asObject(data.report);
  const comparison = data.comparison ? asObject(data.comparison) : null;
  const deltas = new Map(asList(comparison && comparison.deltas)
    .map((d) => [`${asText(d.scope)} ${asText(d.metric)}`, asObject(d)]));
  const fixtures = asList(data.fixtures).map(prepare);
  const entries = [totalsEntry(), ...fixtures];
  let controller = null;

  // -- numbers ---------------------------------------------------------------------------

  function fmt(value) {
    return typeof value === "number" ? value.toFixed(3) : DASH;
  }

  function signed(value) {
    if (typeof value !== "number") return DASH;
    return (value > 0 ? "+" : value < 0 ? "\u2212" : "\u00b1") + Math.abs(value).toFixed(3);
  }

  function metricOf(block, name, metric) {
    const value = asObject(asObject(block)[name])[metric];
    return typeof value === "number" ? value : null;
  }

  // A gated metric's cell: its value, and against the baseline its change, coloured.
  function metricCell(scope, block, name, metric) {
    const value = metricOf(block, name, metric);
    const delta = deltas.get(`${scope} ${name}.${metric}`);
    const cell = td(fmt(value), "num");
    if (!delta) return cell;
    const change = typeof delta.change === "number" ? delta.change : null;
    cell.classList.add(trend(delta));
    cell.title = `baseline ${fmt(delta.baseline)}, change ${signed(change)}`;
    return cell;
  }

  function trend(delta) {
    if (delta.regressed) return "regressed";
    if (typeof delta.change !== "number" || delta.change === 0) return "same";
    return delta.change > 0 ? "better" : "worse";
  }

  // -- entries ---------------------------------------------------------------------------

  function regressions(scope) {
    return [...deltas.values()].filter((d) => d.scope === scope && d.regressed);
  }

  function totalsEntry() {
    const totals = asObject(report.totals);
    const prov = asObject(report.provenance);
    const failed = Number(totals.failed) || 0;
    const badges = [];
    if (failed) badges.push([`${failed} failed`, "failed"]);
    if (comparison) {
      const fell = [...deltas.values()].filter((d) => d.regressed).length;
      badges.push(fell ? [`${fell} regressed`, "failed"] : ["no regression", "good"]);
    }
    return {
      pinned: true,
      totals: true,
      title: "Totals",
      source: [prov.provider, prov.model].filter(Boolean).map(asText).join(" \u00b7 ") ||
        "all fixtures",
      haystack: "",
      badges,
    };
  }

  function prepare(raw) {
    const fixture = asObject(raw);
    const slug = asText(fixture.slug);
    const block = asObject(asObject(report.fixtures)[slug]);
    const record = asObject(fixture.record);
    const result = record.result && typeof record.result === "object" ? record.result : null;
    const gold = asObject(fixture.gold);
    const sum = (key) =>
      KINDS.reduce((n, kind) => n + (Number(asObject(block[LIST_OF[kind]])[key]) || 0), 0);
    const missed = sum("fn");
    const alarms = sum("fp");
    const entry = {
      fixture, slug, block, record, result, gold, missed, alarms,
      failed: Boolean(block.error),
      regressed: regressions(slug).length > 0,
      title: slug,
      source: asText(gold.title),
      haystack: [slug, asText(gold.title), asText(fixture.article)].join("\n").toLowerCase(),
    };
    const badges = [];
    if (entry.failed) badges.push(["failed", "failed"]);
    if (entry.regressed) badges.push(["regressed", "failed"]);
    if (missed) badges.push([`${missed} missed`, "warn"]);
    if (alarms) badges.push([`${alarms} false alarm${alarms === 1 ? "" : "s"}`, "warn"]);
    if (!entry.failed && !missed && !alarms) badges.push(["all matched", "good"]);
    entry.badges = badges;
    return entry;
  }

  // -- the totals ------------------------------------------------------------------------

  function renderTotals() {
    const totals = asObject(report.totals);
    const prov = asObject(report.provenance);
    const facts = [
      ["provider", orDash(prov.provider)],
      ["model", orDash(prov.model)],
      ["prompt", orDash(prov.prompt_version)],
      ["schema", orDash(prov.schema_version)],
      ["package", orDash(prov.package_version)],
      ["fixtures", `${orDash(totals.fixtures)} (${Number(totals.failed) || 0} failed)`],
      ["runs", orDash(report.runs)],
    ];
    const list = el("dl", { className: "facts" });
    for (const [name, value] of facts) list.append(el("dt", {}, name), el("dd", {}, value));
    return [
      el("section", { className: "article-head" }, el("h2", {}, "Totals"), list),
      ...gateStatus(),
      fieldTable(totals),
      attributeTable(totals),
      fixtureMatrix(),
    ];
  }

  function gateStatus() {
    if (!comparison) return [];
    const fell = [...deltas.values()].filter((d) => d.regressed);
    const tolerance = asText(comparison.tolerance);
    const parts = [];
    if (fell.length) {
      const worst = fell.slice(0, 5)
        .map((d) => `${asText(d.scope)} ${asText(d.metric)} ${fmt(d.baseline)} \u2192 ` +
          fmt(d.current));
      parts.push(el("div", { className: "error", role: "alert" },
        el("strong", {}, `${fell.length} gated metric(s) fell by more than ${tolerance}`),
        worst.join("; ") + (fell.length > 5 ? "; \u2026" : "")));
    } else {
      parts.push(el("p", { className: "passed" },
        `Against the baseline: no gated metric fell by more than ${tolerance}.`));
    }
    const added = asList(comparison.newFixtures).map(asText);
    const gone = asList(comparison.missingFixtures).map(asText);
    const note = (text) => el("p", { className: "notice" }, text);
    if (added.length) parts.push(note(`Not in the baseline: ${added.join(", ")}`));
    if (gone.length) parts.push(note(`In the baseline only: ${gone.join(", ")}`));
    return parts;
  }

  function fieldTable(totals) {
    const columns = ["field", "metric", "value"];
    if (comparison) columns.push("baseline", "change");
    columns.push("detail");
    const rows = GATED.map(([name, metric, label]) => {
      const block = asObject(totals[name]);
      const cells = [td(name), td(label), metricCell("totals", totals, name, metric)];
      if (comparison) {
        const delta = deltas.get(`totals ${name}.${metric}`) || {};
        const change = td(signed(delta.change), "num");
        if (delta.scope) change.classList.add(trend(delta));
        cells.push(td(fmt(delta.baseline), "num"), change);
      }
      cells.push(td(fieldDetail(name, block)));
      return el("tr", {}, ...cells);
    });
    return tableSection("Per field", columns, rows, "per-field");
  }

  function fieldDetail(name, block) {
    if (LIST_OF.event === name || LIST_OF.casualty === name || LIST_OF.attribution === name) {
      return `precision ${fmt(block.precision)} \u00b7 recall ${fmt(block.recall)} \u00b7 ` +
        `matched ${orDash(block.tp)}, false alarms ${orDash(block.fp)}, missed ${orDash(block.fn)}`;
    }
    if (name === "updated") {
      return `${orDash(block.correct)} of ${orDash(block.total)} fields right`;
    }
    if (name === "grounding") return `${orDash(block.grounded)} of ${orDash(block.total)} items`;
    return "mean over the fixtures";
  }

  function attributeTable(totals) {
    const rows = [];
    for (const kind of KINDS) {
      const name = LIST_OF[kind];
      for (const [attr, raw] of Object.entries(asObject(asObject(totals[name]).attributes))) {
        const tally = asObject(raw);
        rows.push(el("tr", {}, td(name), td(words(attr)), td(fmt(tally.accuracy), "num"),
          td(`${orDash(tally.correct)} of ${orDash(tally.total)}`, "num")));
      }
    }
    return tableSection("Within matched pairs", ["field", "attribute", "accuracy", "right"], rows,
      "attributes");
  }

  function fixtureMatrix() {
    const head = ["fixture", ...GATED.map(([, , , short]) => short)];
    const rows = fixtures.map((entry, position) => {
      const row = el("tr", { tabIndex: 0 }, td(entry.slug + (entry.failed ? " (failed)" : "")),
        ...GATED.map(([name, metric]) => metricCell(entry.slug, entry.block, name, metric)));
      const open = () => controller.select(position + 1);
      row.addEventListener("click", open);
      row.addEventListener("keydown", (event) => {
        if (event.key === "Enter") open();
      });
      return row;
    });
    const legend = "ev, cas, attr: F1 of events, casualties and attributions; upd: updated " +
      "field accuracy; R-L: summary ROUGE-L; grnd: share of items grounded." +
      (comparison ? " Green: better than the baseline; amber: lower within the tolerance; " +
        "red: regressed." : "") + " Click a fixture to open it.";
    return tableSection("Per fixture", head, rows, "fixtures", legend);
  }

  function tableSection(title, columns, rows, className, caption) {
    const head = el("tr", {}, ...columns.map((column) => el("th", { scope: "col" }, column)));
    const table = el("table", { className: "scores " + className },
      caption ? el("caption", {}, caption) : null, el("thead", {}, head), el("tbody", {}, ...rows));
    return el("section", {}, el("h3", {}, title), el("div", { className: "table-wrap" }, table));
  }

  // -- a fixture -------------------------------------------------------------------------

  function renderFixture(entry) {
    const text = typeof entry.fixture.text === "string" ? entry.fixture.text : null;
    const items = collectItems(entry, text);
    const evidence = renderEvidence(entry, text, items);
    return [
      renderHead(entry),
      ...renderStatus(entry, text),
      scoreStrip(entry),
      renderSummaries(entry),
      evidence,
      ...KINDS.map((kind) => renderPairs(entry, kind, items)),
      renderUpdated(entry),
    ];
  }

  function renderHead(entry) {
    const facts = [
      ["article", orDash(entry.fixture.article)],
      ["gold title", orDash(entry.gold.title)],
      ...shared.provenanceFacts(entry.record),
    ];
    const list = el("dl", { className: "facts" });
    for (const [name, value] of facts) list.append(el("dt", {}, name), el("dd", {}, value));
    return el("section", { className: "article-head" }, el("h2", {}, entry.slug), list);
  }

  function renderStatus(entry, text) {
    const parts = [];
    const error = asObject(entry.record.error);
    if (entry.failed) {
      const type = el("strong", {}, asText(error.type) || "extraction failed");
      const message = asText(error.message) || asText(entry.block.error);
      parts.push(el("div", { className: "error", role: "alert" }, type, message));
    }
    const warnings = asList(entry.record.warnings);
    if (warnings.length) {
      const lines = warnings.map((warning) => el("li", {}, asText(warning)));
      parts.push(el("ul", { className: "warnings", ariaLabel: "warnings" }, ...lines));
    }
    if (text !== null && entry.fixture.textMatchesId === false) {
      parts.push(el("p", { className: "notice" },
        "The predicted record was made from another text (its SHA-256 differs from the " +
        "record id), so its highlighted spans may be off."));
    }
    const fell = regressions(entry.slug);
    if (fell.length) {
      parts.push(el("div", { className: "error" }, el("strong", {}, "regressed"),
        fell.map((d) => `${asText(d.metric)} ${fmt(d.baseline)} \u2192 ${fmt(d.current)}`)
          .join("; ")));
    }
    return parts;
  }

  function scoreStrip(entry) {
    const head = el("tr", {}, ...GATED.map(([name, , label]) =>
      el("th", { scope: "col" }, `${name} ${label}`)));
    const row = el("tr", {}, ...GATED.map(([name, metric]) =>
      metricCell(entry.slug, entry.block, name, metric)));
    const table = el("table", { className: "scores strip" }, el("thead", {}, head),
      el("tbody", {}, row));
    return el("div", { className: "table-wrap" }, table);
  }

  function renderSummaries(entry) {
    const rouge = metricOf(entry.block, "summary", "rougeL");
    const predicted = entry.result ? asText(entry.result.summary) : "(no result)";
    return el("section", {}, el("h3", {}, `Summary (ROUGE-L ${fmt(rouge)})`),
      el("div", { className: "side" },
        side("gold", asText(entry.gold.summary)), side("predicted", predicted)));
  }

  function side(name, text) {
    return el("div", {}, el("h4", {}, name), el("p", { className: "summary" }, text));
  }

  // Gold and predicted items with their span, match status and tooltip label.
  function collectItems(entry, text) {
    const offsets = text === null ? null : shared.unitOffsets(text);
    const items = [];
    for (const kind of KINDS) {
      const name = LIST_OF[kind];
      const scores = asObject(entry.block[name]);
      const goldStatus = new Map();
      const predStatus = new Map();
      for (const pair of asList(scores.matches)) {
        const p = asObject(pair);
        const status = p.optional ? "matched (optional)" : "matched";
        goldStatus.set(p.gold, status);
        predStatus.set(p.pred, status);
      }
      for (const miss of asList(scores.missed)) {
        const m = asObject(miss);
        goldStatus.set(m.gold, m.optional ? "optional, not found" : "missed");
      }
      for (const extra of asList(scores.spurious)) {
        predStatus.set(asObject(extra).pred, "false alarm");
      }
      const sides = [["gold", asList(entry.gold[name]), goldStatus],
        ["predicted", asList(entry.result && entry.result[name]), predStatus]];
      for (const [side, list, statuses] of sides) {
        list.forEach((raw, index) => {
          const value = asObject(raw);
          const status = statuses.get(index) || "";
          items.push({
            key: `${side[0]}${kind[0]}${index}`, // "ge0" gold event 0, "pc2" predicted casualty 2
            kind,
            index,
            side,
            value,
            match: status,
            classes: [side === "gold" ? "src-gold" : "src-pred"],
            label: `${side} ${kind} #${index} \u00b7 ${status || "unscored"} \u00b7 ` +
              shorten(itemName(kind, value), LABEL_CHARS),
            ...shared.locate(value.evidence_span, text, offsets),
          });
        });
      }
    }
    return items;
  }

  function itemName(kind, value) {
    if (kind === "event") return `${words(value.kind)}: ${asText(value.description)}`;
    if (kind === "casualty") return asText(value.group);
    return `${asText(value.speaker)}: ${asText(value.claim)}`;
  }

  function renderEvidence(entry, text, items) {
    const legend = el("div", { className: "legend" }, el("strong", {}, "Evidence"));
    for (const kind of KINDS) legend.append(el("span", {}, shared.swatch(kind), kind));
    legend.append(el("span", { className: "key-pred" }, "filled: predicted"),
      el("span", { className: "key-gold" }, "underlined: gold"));
    const missing = items.filter((item) => item.status !== "located").length;
    if (missing) {
      legend.append(el("span", { className: "unlocated" }, `${missing} not highlighted`));
    }
    const absent = "The article text is not available, so the evidence cannot be highlighted.";
    return shared.evidencePane(text, items, legend, entry.fixture.removed, absent);
  }

  // One table per list field: matched pairs, then misses, then false alarms.
  function renderPairs(entry, kind, items) {
    const name = LIST_OF[kind];
    const scores = asObject(entry.block[name]);
    const find = (side, index) => items.find((item) =>
      item.kind === kind && item.side === side && item.index === index);
    const rows = [];
    for (const raw of asList(scores.matches)) {
      const pair = asObject(raw);
      rows.push(pairRow(kind, find("gold", pair.gold), find("predicted", pair.pred), pair));
    }
    for (const raw of asList(scores.missed)) {
      rows.push(pairRow(kind, find("gold", asObject(raw).gold), null, asObject(raw)));
    }
    for (const raw of asList(scores.spurious)) {
      rows.push(pairRow(kind, null, find("predicted", asObject(raw).pred), {}));
    }
    const title = `${name[0].toUpperCase()}${name.slice(1)}: ` +
      `${orDash(scores.tp)} matched, ${orDash(scores.fn)} missed, ` +
      `${orDash(scores.fp)} false alarm${scores.fp === 1 ? "" : "s"} ` +
      `(precision ${fmt(scores.precision)}, recall ${fmt(scores.recall)}, F1 ${fmt(scores.f1)})`;
    const heading = el("h3", {}, title);
    if (!rows.length) {
      return el("section", {}, heading, el("p", { className: "muted" }, "None on either side."));
    }
    const head = el("tr", {},
      ...["", "gold", "predicted"].map((c) => el("th", { scope: "col" }, c)));
    const caption = el("caption", {}, "Pairs as the optimal matching made them. A red field " +
      "was scored wrong; a shaded one differs but is not scored. Click a row to show both spans.");
    const table = el("table", { className: "pairs pairs-" + kind },
      caption, el("thead", {}, head), el("tbody", {}, ...rows.filter(Boolean)));
    return el("section", {}, heading, el("div", { className: "table-wrap" }, table));
  }

  function pairRow(kind, gold, pred, pair) {
    if (!gold && !pred) return null;
    const judged = judgedFields(pair);
    let status;
    let className;
    if (gold && pred) {
      status = pair.optional ? "optional" : `match ${fmt(pair.similarity)}`;
      className = [...judged.values()].includes(false) ? "pair wrong" : "pair ok";
    } else if (gold) {
      status = pair.optional ? "optional, not found" : "missed";
      className = pair.optional ? "pair optional" : "pair missed";
    } else {
      status = "false alarm";
      className = "pair alarm";
    }
    const statusCell = el("td", { className: "status" }, status);
    const row = el("tr", { className: `${className} kind-${kind}` }, statusCell,
      itemCell(kind, gold, pred, judged), itemCell(kind, pred, gold, judged));
    const keys = [gold, pred].filter(Boolean).map((item) => item.key);
    return shared.linkRow(row, keys);
  }

  // field -> whether the scorer judged it right, from the pair's outcome (killed_value -> killed).
  function judgedFields(pair) {
    const judged = new Map();
    for (const [key, ok] of Object.entries(pair)) {
      if (typeof ok !== "boolean" || key === "optional") continue;
      const field = key.replace(/_(value|precision)$/, "");
      judged.set(field, (judged.has(field) ? judged.get(field) : true) && ok);
    }
    return judged;
  }

  function display(kind, field, value) {
    if (COUNTS.has(field)) return count(value);
    if (Array.isArray(value)) return value.length ? value.map(asText).join("; ") : DASH;
    if (field === "event") return Number.isInteger(value) ? `event #${value}` : DASH;
    if (WORDED.has(field)) return words(value) || DASH;
    return orDash(value);
  }

  function comparable(text) {
    return text.replace(/\s+/g, " ").trim().toLowerCase();
  }

  // The fields of ``item`` as lines; against ``other`` (the other side) a line that differs
  // is shaded, and one the scorer judged wrong is red.
  function itemCell(kind, item, other, judged) {
    if (!item) return td(DASH, "absent");
    const lines = el("dl", { className: "fields" });
    lines.append(el("dt", {}, "#"), el("dd", {}, `${item.side} ${kind} #${item.index}`));
    for (const field of FIELDS[kind]) {
      const shown = display(kind, field, item.value[field]);
      const theirs = other ? display(kind, field, other.value[field]) : null;
      if (shown === DASH && (theirs === null || theirs === DASH)) continue;
      const dd = el("dd", {}, field === "evidence" ? `\u201c${shown}\u201d` : shown);
      if (field === "evidence") dd.classList.add("evidence-text");
      if (other) {
        if (judged.get(field) === false) {
          dd.classList.add("wrong");
          dd.prepend("\u2717 ");
        } else if (comparable(shown) !== comparable(theirs)) {
          dd.classList.add("differs");
        }
      }
      lines.append(el("dt", {}, words(field)), dd);
    }
    return el("td", {}, lines);
  }

  function renderUpdated(entry) {
    const fields = asObject(asObject(entry.block.updated).fields);
    const gold = asObject(entry.gold.updated);
    const pred = asObject(entry.result && entry.result.updated);
    const rows = Object.entries(fields).map(([field, ok]) =>
      el("tr", { className: ok ? "" : "wrong" }, td(words(field)), td(orDash(gold[field])),
        td(orDash(pred[field])), td(ok ? "\u2713" : "\u2717 wrong", ok ? "ok" : "")));
    const accuracy = metricOf(entry.block, "updated", "accuracy");
    return tableSection(`Updated (accuracy ${fmt(accuracy)})`,
      ["field", "gold", "predicted", ""], rows, "updated");
  }

  controller = shared.start({
    title: asText(data.title) || "summarizer eval",
    entries,
    filters: {
      failed: (entry) => entry.failed,
      missed: (entry) => entry.missed > 0,
      alarms: (entry) => entry.alarms > 0,
      regressed: (entry) => entry.regressed,
    },
    render: (entry) => (entry.totals ? renderTotals() : renderFixture(entry)),
    empty: "No fixtures.",
  });
})();
