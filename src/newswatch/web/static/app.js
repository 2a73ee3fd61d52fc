// newswatch dashboard: plain JavaScript over the REST API (/api/v1), no libraries, no CDN.
// Every piece of stored text reaches the page through textContent, never as HTML.
"use strict";

const API = "/api/v1";
const SVG = "http://www.w3.org/2000/svg";
const TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
  "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];
const COLOURS = ["#2e9d55", "#3d7bd9", "#1b9aaa", "#8e6bd1", "#5b8c2a", "#0f7b6c", "#8a8f98",
  "#c99700", "#d9480f", "#b02e6b", "#c93030", "#e8590c", "#6741d9", "#495057", "#862e9c", "#7a1010"];
const state = { article: null, filters: {} };

function $(selector) { return document.querySelector(selector); }

function el(tag, attrs = {}, text = "") {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  if (text) node.textContent = text;
  return node;
}

function svg(tag, attrs = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  return node;
}

function colour(type) {
  const i = TYPES.indexOf(type);
  return i < 0 ? "#333" : COLOURS[i];
}

async function api(path, params = {}) {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v));
  const response = await fetch(`${API}${path}${query.size ? "?" + query : ""}`);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error ? body.error.message : response.statusText);
  return body;
}

// ---- tooltip -------------------------------------------------------------------------------

function showTip(event, lines) {
  const tip = $("#tooltip");
  tip.textContent = lines.filter(Boolean).join("\n");
  tip.hidden = false;
  tip.style.left = `${Math.min(event.clientX + 12, window.innerWidth - 440)}px`;
  tip.style.top = `${event.clientY + 14}px`;
}

function hideTip() { $("#tooltip").hidden = true; }

// ---- articles ------------------------------------------------------------------------------

async function loadArticles() {
  const list = $("#article-list");
  const { items } = await api("/articles", { limit: 200 });
  list.replaceChildren();
  if (!items.length) list.append(el("li", { class: "empty" }, "nothing stored yet"));
  for (const row of items) {
    const item = el("li", { "data-id": row.id }, row.title || row.path || row.id);
    item.append(el("span", { class: "counts" },
      `${row.published || "undated"} · ${row.actors} actors · ${row.quotes} quotes · ${row.events} events`));
    item.addEventListener("click", () => showArticle(row.id));
    list.append(item);
  }
  return items;
}

// Split the text at every mark boundary; each piece carries the marks that cover it.
function pieces(text, marks) {
  const cuts = new Set([0, text.length]);
  for (const m of marks) { cuts.add(m.start); cuts.add(m.end); }
  const points = [...cuts].filter((p) => p >= 0 && p <= text.length).sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [start, end] = [points[i], points[i + 1]];
    out.push({ start, end, marks: marks.filter((m) => m.start <= start && m.end >= end) });
  }
  return out;
}

function articleMarks(article) {
  const marks = [];
  const actors = Object.fromEntries(article.actors.map((a) => [a.id, a]));
  for (const actor of article.actors) {
    for (const [start, end] of actor.mentions) marks.push({ kind: "actor", start, end, record: actor });
  }
  for (const quote of article.quotes) {
    marks.push({ kind: "quote", start: quote.start, end: quote.end, record: quote,
      speaker: actors[quote.speaker] });
  }
  for (const event of article.events) {
    const [s, e] = event.sentence;
    const at = article.text.slice(s, e).indexOf(event.trigger);
    marks.push({ kind: "sentence", start: s, end: e, record: event });
    if (event.trigger && at >= 0) {
      marks.push({ kind: "trigger", start: s + at, end: s + at + event.trigger.length, record: event });
    }
  }
  return { marks, actors };
}

function describe(mark, actors) {
  const r = mark.record;
  const names = (ids) => ids.map((i) => (actors[i] ? `${actors[i].name} (${actors[i].code || "?"})` : i)).join(", ");
  if (mark.kind === "actor") {
    return [`actor ${r.id}: ${r.name}`, `kind: ${r.kind}`, `code: ${r.code || "—"}  country: ${r.country || "—"}`,
      r.roles.length ? `roles: ${r.roles.join(", ")}` : "", `${r.mentions.length} mentions`];
  }
  if (mark.kind === "quote") {
    return [`quote ${r.id} (${r.kind})`, `speaker: ${mark.speaker ? mark.speaker.name : "unknown"}`,
      `cue: ${r.cue || "—"}`, `“${r.text}”`];
  }
  return [`event ${r.id}: ${r.type}${r.mode ? " / " + r.mode : ""}`, `source: ${names(r.source) || "—"}`,
    `target: ${names(r.target) || "—"}`, `trigger: ${r.trigger}`, r.cameo ? `CAMEO ${r.cameo}` : "",
    r.negated ? "negated" : "", r.hypothetical ? "hypothetical" : "", `confidence ${r.confidence}`];
}

function renderText(article) {
  const view = $("#article-view");
  const { marks, actors } = articleMarks(article);
  view.replaceChildren();
  const speakerSpans = new Map(article.quotes.filter((q) => q.speaker_span)
    .map((q) => [`${q.speaker_span[0]}:${q.speaker_span[1]}`, q.id]));
  for (const piece of pieces(article.text, marks)) {
    const span = el("span", {}, article.text.slice(piece.start, piece.end));
    const classes = new Set();
    for (const m of piece.marks) {
      if (m.kind === "sentence") { span.dataset.event = m.record.id; continue; }
      classes.add("mark"); classes.add(m.kind);
      if (m.kind === "actor") {
        span.dataset.actor = m.record.id;
        const key = [...speakerSpans.keys()].find((k) => {
          const [s, e] = k.split(":").map(Number);
          return s <= piece.start && e >= piece.end;
        });
        if (key) span.dataset.speakerOf = speakerSpans.get(key);
      }
      if (m.kind === "quote") { span.dataset.quote = m.record.id; span.dataset.speaker = m.record.speaker || ""; }
      if (m.kind === "trigger") span.dataset.trigger = m.record.id;
    }
    if (classes.size) {
      span.className = [...classes].join(" ");
      const shown = piece.marks.filter((m) => m.kind !== "sentence");
      span.addEventListener("mousemove", (e) => showTip(e, shown.flatMap((m) => [...describe(m, actors), ""])));
      span.addEventListener("mouseenter", () => link(span, true));
      span.addEventListener("mouseleave", () => { link(span, false); hideTip(); });
    }
    view.append(span);
  }
}

// Hovering a quote lights up its speaker's mention, and hovering a speaker lights up the quotes.
function link(span, on) {
  const view = $("#article-view");
  const ids = new Set();
  if (span.dataset.quote) ids.add(span.dataset.quote);
  if (span.dataset.speakerOf) ids.add(span.dataset.speakerOf);
  for (const id of ids) {
    for (const node of view.querySelectorAll(`[data-quote="${id}"], [data-speaker-of="${id}"]`)) {
      node.classList.toggle("linked", on);
    }
  }
}

// Each quote with its speaker; hovering one lights up the quote and its speaker in the text.
function renderQuotes(article) {
  const list = $("#quotes-list");
  const actors = Object.fromEntries(article.actors.map((a) => [a.id, a]));
  list.replaceChildren();
  if (!article.quotes.length) list.append(el("li", { class: "empty" }, "no quotes"));
  for (const quote of article.quotes) {
    const speaker = actors[quote.speaker];
    const item = el("li", { "data-quote": quote.id });
    item.append(el("strong", { class: speaker ? "" : "unknown" }, speaker ? speaker.name : "unknown speaker"),
      el("span", { class: "cue" }, ` ${quote.cue || "—"} (${quote.kind}): `), el("q", {}, quote.text));
    const inText = () => $(`#article-view [data-quote="${quote.id}"]`);
    item.addEventListener("mouseenter", () => { const span = inText(); if (span) link(span, true); });
    item.addEventListener("mouseleave", () => { const span = inText(); if (span) link(span, false); });
    item.addEventListener("click", () => { const span = inText(); if (span) span.scrollIntoView({ block: "center" }); });
    list.append(item);
  }
}

async function showArticle(id, eventId = null) {
  const article = await api(`/articles/${encodeURIComponent(id)}`);
  state.article = article;
  $("#article-title").textContent = article.title || article.source.path || article.id;
  $("#article-meta").textContent = [article.source.publisher, article.published, article.authors.join(", "),
    `${article.actors.length} actors, ${article.quotes.length} quotes, ${article.events.length} events`]
    .filter(Boolean).join(" · ");
  renderText(article);
  renderQuotes(article);
  for (const li of document.querySelectorAll("#article-list li")) li.classList.toggle("current", li.dataset.id === id);
  if (eventId) {
    const first = $(`#article-view [data-event="${eventId}"]`);
    for (const node of document.querySelectorAll(`#article-view [data-event="${eventId}"]`)) node.classList.add("evidence");
    if (first) first.scrollIntoView({ block: "center" });
  }
}

// ---- events, graph, timeline ---------------------------------------------------------------

function actorText(refs) { return refs.map((a) => `${a.name} (${a.code || "?"})`).join(", ") || "—"; }

async function loadEvents() {
  const { items } = await api("/events", { ...state.filters, limit: 500 });
  const body = $("#events-table tbody");
  body.replaceChildren();
  if (!items.length) {
    const row = el("tr"); row.append(el("td", { colspan: "6", class: "empty" }, "no events match")); body.append(row);
  }
  for (const e of items) {
    const row = el("tr", { "data-type": e.type, "data-article": e.article_id, "data-event": e.id });
    const badge = el("span", { class: "type-badge" }, e.type);
    badge.style.background = colour(e.type);
    const cells = [el("td", {}, e.date || "—"), el("td"), el("td", {}, actorText(e.source)),
      el("td", {}, actorText(e.target)), el("td", { class: e.negated ? "negated" : "" }, e.trigger),
      el("td", { class: "evidence-cell" })];
    cells[1].append(badge);
    const link = el("a", { href: "#article" }, e.evidence);
    link.addEventListener("click", (ev) => { ev.preventDefault(); showArticle(e.article_id, e.id); });
    cells[5].append(link);
    row.append(...cells);
    body.append(row);
  }
  return items;
}

function layout(nodes, width, height) {
  const radius = Math.min(width, height) / 2 - 60;
  const spots = {};
  nodes.forEach((n, i) => {
    const angle = (2 * Math.PI * i) / nodes.length - Math.PI / 2;
    spots[n.id] = nodes.length === 1 ? [width / 2, height / 2]
      : [width / 2 + radius * Math.cos(angle), height / 2 + radius * Math.sin(angle)];
  });
  return spots;
}

async function loadGraph() {
  const graph = await api("/graph", state.filters);
  const view = $("#graph-view");
  view.replaceChildren();
  if (!graph.nodes.length) { view.append(el("p", { class: "empty" }, "no events to draw")); return graph; }
  const [width, height] = [820, 620];
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "actor network" });
  const defs = svg("defs");
  for (const type of new Set(graph.edges.map((e) => e.type))) {
    const marker = svg("marker", { id: `arrow-${type}`, viewBox: "0 0 10 10", refX: "10", refY: "5",
      markerUnits: "userSpaceOnUse", markerWidth: "11", markerHeight: "11", orient: "auto-start-reverse" });
    marker.append(svg("path", { d: "M0,0 L10,5 L0,10 z", fill: colour(type) }));
    defs.append(marker);
  }
  root.append(defs);
  const spots = layout(graph.nodes, width, height);
  const maxCount = Math.max(...graph.edges.map((e) => e.count), 1);
  const seen = {};
  for (const edge of graph.edges) {
    const [x1, y1] = spots[edge.source]; const [x2, y2] = spots[edge.target];
    const pair = `${edge.source}>${edge.target}`;
    const nth = (seen[pair] = (seen[pair] || 0) + 1);
    const [dx, dy] = [x2 - x1, y2 - y1]; const length = Math.hypot(dx, dy) || 1;
    const bend = 18 * nth;  // parallel edges of other types bend further out
    const [mx, my] = [(x1 + x2) / 2 - (dy / length) * bend, (y1 + y2) / 2 + (dx / length) * bend];
    const shorten = (x, y, fx, fy) => { const d = Math.hypot(x - fx, y - fy) || 1; return [x + ((fx - x) / d) * 34, y + ((fy - y) / d) * 34]; };
    const [sx, sy] = shorten(x1, y1, mx, my); const [tx, ty] = shorten(x2, y2, mx, my);
    const path = svg("path", { d: `M${sx},${sy} Q${mx},${my} ${tx},${ty}`, class: "edge",
      stroke: colour(edge.type), "stroke-width": String(1.5 + (4 * edge.count) / maxCount),
      "marker-end": `url(#arrow-${edge.type})`, "data-source": edge.source, "data-target": edge.target,
      "data-type": edge.type, "data-count": String(edge.count) });
    path.addEventListener("mousemove", (e) => showTip(e, [`${edge.source} → ${edge.target}`, `${edge.type} × ${edge.count}`]));
    path.addEventListener("mouseleave", hideTip);
    path.addEventListener("click", () => { hideTip(); applyFilters({ actor: edge.source, type: edge.type }); });
    root.append(path);
  }
  for (const node of graph.nodes) {
    const [x, y] = spots[node.id];
    const group = svg("g", { class: `node${state.filters.actor === node.id ? " active" : ""}`, "data-code": node.id,
      "data-names": node.names.join("|"), transform: `translate(${x},${y})` });
    group.append(svg("circle", { r: "28" }));
    const code = svg("text", { "text-anchor": "middle", dy: "4" });
    code.textContent = node.id.length > 9 ? `${node.id.slice(0, 8)}…` : node.id;  // a name, not a code
    const names = svg("text", { class: "names", "text-anchor": "middle", dy: "44" });
    names.textContent = node.names[0] + (node.names.length > 1 ? ` +${node.names.length - 1}` : "");
    group.append(code, names);
    group.addEventListener("click", () => { hideTip(); applyFilters({ actor: state.filters.actor === node.id ? "" : node.id }); });
    group.addEventListener("mousemove", (e) => showTip(e, [node.id, ...node.names, `${node.events} event ends`]));
    group.addEventListener("mouseleave", hideTip);
    root.append(group);
  }
  view.append(root);
  const legend = $("#graph-legend");
  legend.replaceChildren(...[...new Set(graph.edges.map((e) => e.type))].map((t) => {
    const badge = el("span", { class: "type-badge" }, t); badge.style.background = colour(t); return badge;
  }));
  return graph;
}

async function loadTimeline() {
  const { items } = await api("/timeline", { since: state.filters.since, until: state.filters.until, type: state.filters.type });
  const view = $("#timeline-view");
  view.replaceChildren();
  if (!items.length) { view.append(el("p", { class: "empty" }, "no dated events")); return items; }
  const days = [...new Set(items.map((d) => d.date))].sort();
  const totals = Object.fromEntries(days.map((d) => [d, 0]));
  for (const d of items) totals[d.date] += d.count;
  const max = Math.max(...Object.values(totals));
  const [width, height, left, bottom] = [420, 260, 30, 40];
  const step = (width - left - 10) / days.length;
  const bar = Math.max(4, Math.min(40, step * 0.7));
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "events per day" });
  root.append(svg("line", { x1: left, y1: height - bottom, x2: width - 5, y2: height - bottom, stroke: "#999" }));
  const axis = svg("text", { x: "2", y: "14", "font-size": "11", fill: "#5f6b76" }); axis.textContent = String(max);
  root.append(axis);
  days.forEach((day, i) => {
    let base = height - bottom;
    const x = left + i * step + (step - bar) / 2;
    for (const d of items.filter((r) => r.date === day)) {
      const h = ((height - bottom - 20) * d.count) / max;
      const rect = svg("rect", { x, y: base - h, width: bar, height: h, fill: colour(d.type), "data-date": day,
        "data-type": d.type, "data-count": String(d.count) });
      rect.addEventListener("mousemove", (e) => showTip(e, [day, `${d.type}: ${d.count}`]));
      rect.addEventListener("mouseleave", hideTip);
      root.append(rect);
      base -= h;
    }
    const label = svg("text", { x: x + bar / 2, y: height - bottom + 14, "font-size": "10", "text-anchor": "middle" });
    label.textContent = day.slice(5);
    if (days.length <= 16 || i % Math.ceil(days.length / 16) === 0) root.append(label);
  });
  view.append(root);
  return items;
}

// ---- filters and paste box -----------------------------------------------------------------

function applyFilters(changes) {
  state.filters = { ...state.filters, ...changes };
  const form = $("#event-filters");
  for (const name of ["actor", "type", "since", "until"]) form.elements[name].value = state.filters[name] || "";
  return refresh();
}

async function refresh() {
  await Promise.all([loadEvents(), loadGraph(), loadTimeline()]);
  document.body.dataset.ready = String(Number(document.body.dataset.ready || 0) + 1);
}

async function analyse() {
  const status = $("#paste-status");
  const text = $("#paste-text").value;
  if (!text.trim()) { status.textContent = "paste some text first"; status.className = "status error"; return; }
  const button = $("#analyze-btn");
  button.disabled = true;
  status.className = "status"; status.textContent = "analysing…";
  const headers = { "Content-Type": "application/json" };
  const token = $("#paste-token").value;
  if (token) headers.Authorization = `Bearer ${token}`;
  try {
    const response = await fetch(`${API}/analyze`, { method: "POST", headers,
      body: JSON.stringify({ text, date: $("#paste-date").value || null }) });
    const body = await response.json();
    if (response.status === 401) $(".token").hidden = false;
    if (!response.ok) throw new Error(body.error ? body.error.message : response.statusText);
    const article = body.articles[0];
    await loadArticles();
    await showArticle(article.id);
    await applyFilters({ actor: "", type: "", since: "", until: "" });
    // Said last, so that "analysed" means the article, table, graph and timeline are drawn.
    status.textContent = `analysed: ${article.actors.length} actors, ${article.quotes.length} quotes, ${article.events.length} events`;
  } catch (error) {
    status.className = "status error"; status.textContent = `not analysed: ${error.message}`;
  } finally {
    button.disabled = false;
  }
}

async function start() {
  const select = $("#event-filters").elements.type;
  for (const t of TYPES) select.append(el("option", { value: t }, t));
  $("#event-filters").addEventListener("submit", (e) => {
    e.preventDefault();
    const form = new FormData(e.target);
    applyFilters(Object.fromEntries(["actor", "type", "since", "until"].map((k) => [k, form.get(k)])));
  });
  $("#clear-filters").addEventListener("click", () => applyFilters({ actor: "", type: "", since: "", until: "" }));
  $("#analyze-btn").addEventListener("click", analyse);
  const items = await loadArticles();
  if (items.length) await showArticle(items[0].id);
  await refresh();
}

start().catch((error) => { $("#paste-status").textContent = `error: ${error.message}`; });
