// veille dashboard: renders each page from its JSON twin (body[data-api]).
// Untrusted text (articles, quotes, names) only ever enters the DOM through text nodes and
// setAttribute: never innerHTML. No inline scripts, no other origin (see the CSP header).
"use strict";

const SVG_NS = "http://www.w3.org/2000/svg";

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) continue; // never set event handlers from data
    el.setAttribute(key, String(value));
  }
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

// Replace an element's content (replaceChildren does not take nested arrays).
function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

const enc = encodeURIComponent;
const link = (href, text) => h("a", { href }, text ?? "");
const articleLink = (id, text, anchor) =>
  link(`/articles/${enc(id)}${anchor ? "#" + anchor : ""}`, text ?? id);
const actorLinks = (actors) =>
  (actors || []).map((a, i) => [
    i ? ", " : "",
    a.code ? link(`/actors/${enc(a.code)}`, a.code) : "?",
    a.sector ? ` ${a.sector}` : "",
    a.name || a.text ? h("span", { class: "muted" }, ` (${a.name || a.text})`) : "",
    // A recipient the clause does not name, taken from the story (see README).
    a.inferred ? h("span", { class: "muted", title: "cible déduite de l'article, non nommée dans la phrase" }, " · déduite") : "",
  ]);

async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

function table(columns, rows, rowAttrs) {
  return h("table", { class: "records" },
    h("thead", null, h("tr", null, columns.map(([label]) => h("th", null, label)))),
    h("tbody", null, rows.map((row) =>
      h("tr", rowAttrs ? rowAttrs(row) : null, columns.map(([, cell]) => h("td", null, cell(row)))))));
}

function pager(page) {
  const params = new URLSearchParams(location.search);
  const nav = h("p", { class: "pager" },
    `${page.total} résultat(s) — ${page.total ? page.offset + 1 : 0} à ${page.offset + page.items.length} `);
  const move = (offset, label) => {
    params.set("offset", String(Math.max(0, offset)));
    nav.appendChild(link(`${location.pathname}?${params}`, label));
    nav.appendChild(document.createTextNode(" "));
  };
  if (page.offset > 0) move(page.offset - page.limit, "← précédents");
  if (page.offset + page.items.length < page.total) move(page.offset + page.limit, "suivants →");
  return nav;
}

// -- dashboard --------------------------------------------------------------------------------
const FILTERS = [
  ["cluster", "Regroupement"], ["country", "Pays (ISO3)"], ["actor", "Acteur"], ["recipient", "Cible"], ["type", "Type"],
  ["certainty", "Certitude"], ["date_from", "Du"], ["date_to", "Au"], ["text", "Texte"],
];

function filterForm(vocabulary) {
  const params = new URLSearchParams(location.search);
  const field = ([name, label]) => {
    let input;
    if (name === "type" || name === "certainty") {
      const values = name === "type" ? vocabulary.types : vocabulary.certainties;
      input = h("select", { name, id: `f-${name}` }, h("option", { value: "" }, "tous"),
        values.map((v) => h("option", { value: v, selected: params.get(name) === v }, v)));
    } else {
      input = h("input", { name, id: `f-${name}`, value: params.get(name) || "",
        type: name.startsWith("date") ? "date" : "text", size: name === "text" ? 20 : 8 });
    }
    return h("label", { for: `f-${name}` }, label, " ", input);
  };
  const interval = h("select", { name: "interval", id: "f-interval" },
    ["day", "week", "month"].map((v) => h("option", { value: v, selected: params.get("interval") === v },
      { day: "par jour", week: "par semaine", month: "par mois" }[v])));
  const form = h("form", { method: "get", action: "/", class: "filters", id: "filters" },
    FILTERS.filter(([name]) => name !== "cluster" || params.get("cluster")).map(field), h("label", { for: "f-interval" }, "Frise ", interval),
    h("button", { type: "submit", id: "apply" }, "Filtrer"), " ", link("/", "Effacer"));
  // Empty fields would clutter the URL (and its JSON twin): drop them on submit.
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const query = new URLSearchParams();
    for (const [key, value] of new FormData(form)) if (value) query.set(key, value);
    location.search = query.toString();
  });
  return form;
}

function eventFilterQuery() {
  const params = new URLSearchParams(location.search);
  const query = new URLSearchParams();
  for (const [name] of FILTERS) if (params.get(name)) query.set(name, params.get(name));
  return query;
}

function eventsTable(items) {
  return table([
    ["Date", (e) => [e.date || e.published || "", e.date_text ? h("span", { class: "muted" }, ` (${e.date_text})`) : ""]],
    ["Type", (e) => [link(`/events/${enc(e.id)}`, e.type), e.mode ? h("span", { class: "muted" }, ` ${e.mode}`) : ""]],
    ["Acteur", (e) => actorLinks(e.actor)],
    ["Cible", (e) => actorLinks(e.recipient)],
    ["Certitude", (e) => e.certainty],
    ["Lieu", (e) => e.location ? `${e.location.name || ""} ${e.location.country ? "(" + e.location.country + ")" : ""}` : ""],
    ["Preuve", (e) => articleLink(e.article_id, e.evidence || "(voir la dépêche)", `span-${e.id}`)],
    ["Sources", (e) => e.cluster ? link(`/?cluster=${enc(e.cluster.id)}`, String(e.cluster.source_count)) : "1"],
  ], items, (e) => ({ class: `quad${e.quad || 0}`, "data-event-id": e.id }));
}

const DAY_MS = 86400000;
const STEP_DAYS = { day: 1, week: 7, month: 30.44 };

function timelineChart(periods, interval) {
  // Bars stand at their date on a time axis, so that quiet periods show as gaps.
  const width = 720, height = 200, mid = height / 2, left = 20, right = 20;
  const max = Math.max(1, ...periods.map((p) => Math.max(p.cooperation, p.conflict)));
  const times = periods.map((p) => Date.parse(p.period));
  const first = Math.min(...times), last = Math.max(...times);
  const slots = periods.length ? Math.max(1, Math.round((last - first) / DAY_MS / STEP_DAYS[interval]) + 1) : 1;
  const slot = (width - left - right) / slots;
  const bar = Math.min(24, Math.max(1, slot * 0.8));
  const svg = s("svg", { viewBox: `0 0 ${width} ${height + 20}`, class: "timeline", role: "img",
    "aria-label": "Coopération (au-dessus) et conflit (en dessous) par période" });
  svg.appendChild(s("line", { x1: 0, x2: width, y1: mid, y2: mid, class: "axis" }));
  periods.forEach((p, i) => {
    const x = left + Math.round((times[i] - first) / DAY_MS / STEP_DAYS[interval]) * slot;
    const up = (p.cooperation / max) * (mid - 10), down = (p.conflict / max) * (mid - 10);
    svg.appendChild(s("rect", { x, y: mid - up, width: bar, height: up, class: "coop" },
      s("title", null, `${p.period} : ${p.cooperation} coopération`)));
    svg.appendChild(s("rect", { x, y: mid, width: bar, height: down, class: "conflict" },
      s("title", null, `${p.period} : ${p.conflict} conflit`)));
  });
  if (periods.length) {
    svg.appendChild(s("text", { x: left, y: height + 15, class: "tick" }, periods[0].period));
    svg.appendChild(s("text", { x: width - right, y: height + 15, class: "tick", "text-anchor": "end" },
      periods[periods.length - 1].period));
  }
  return h("figure", { id: "timeline" }, svg,
    h("figcaption", null, h("span", { class: "swatch coop" }), " coopération ",
      h("span", { class: "swatch conflict" }), " conflit ",
      `(${{ day: "par jour", week: "par semaine", month: "par mois" }[interval]} ; événements affirmés, rapportés ou allégués sauf filtre de certitude ; sans filtre de date, à partir du mois précédant la première dépêche)`));
}

function worldMap(points) {
  const svg = s("svg", { viewBox: "-180 -90 360 180", class: "map", role: "img", "aria-label": "Carte des événements" },
    s("image", { href: "/static/world.svg", x: -180, y: -90, width: 360, height: 180 }));
  const max = Math.max(1, ...points.map((p) => p.events));
  for (const p of points) {
    const r = 1 + 5 * Math.sqrt(p.events / max);
    const cls = p.conflict * 2 >= p.events ? "conflict" : "coop";
    const query = new URLSearchParams(location.search);
    if (p.country) query.set("country", p.country);
    const a = s("a", { href: `/?${query}` },
      s("circle", { cx: p.lon, cy: -p.lat, r, class: `point ${cls}${p.approximate ? " approx" : ""}` },
        s("title", null, `${p.name || p.country}${p.approximate ? " (pays)" : ""} : ${p.events} événement(s)`)));
    svg.appendChild(a);
  }
  return h("figure", { id: "map" }, svg,
    h("figcaption", null, "Cercles pleins : lieu géocodé ; cercles creux : pays seul (placé à sa capitale)."));
}

async function renderDashboard(main, api) {
  const query = eventFilterQuery();
  const params = new URLSearchParams(location.search);
  const interval = params.get("interval") || "day";
  const [vocabulary, page, timeline, map] = await Promise.all([
    getJSON("/api/vocabulary"), getJSON(api),
    getJSON(`/api/stats/timeline?${query}&interval=${enc(interval)}`), getJSON(`/api/stats/map?${query}`),
  ]);
  fill(main, 
    h("h1", null, "Événements"), filterForm(vocabulary),
    h("div", { class: "charts" }, timelineChart(timeline.periods, interval), worldMap(map.points)),
    pager(page), eventsTable(page.items));
}

// -- event, cluster, article pages ----------------------------------------------------------
async function renderEvent(main, api) {
  const e = await getJSON(api);
  const rows = [
    ["Type", `${e.type}${e.mode ? " / " + e.mode : ""} — ${e.quad_name || ""}`],
    ["Acteur", actorLinks(e.actor)], ["Cible", actorLinks(e.recipient)],
    ["Certitude", e.certainty], ["Date", `${e.date || "?"}${e.date_text ? " (" + e.date_text + ")" : ""}`],
    ["Lieu", e.location ? `${e.location.name || ""} (${e.location.country || "?"})` : "—"],
    ["CAMEO / intensité", `${e.cameo || "—"} / ${e.intensity ?? "—"}`],
    ["Bilan", `morts ${e.dead ?? "—"}, blessés ${e.injured ?? "—"}, arrêtés ${e.arrested ?? "—"}`],
    ["Règle", e.rule || "—"],
    ["Dépêche", articleLink(e.article_id, e.article_title || e.article_id, `span-${e.id}`)],
  ];
  fill(main, h("h1", null, `Événement ${e.id}`),
    h("blockquote", { class: "evidence" }, e.evidence || ""),
    h("dl", { class: "fields" }, rows.map(([k, v]) => [h("dt", null, k), h("dd", null, v)])));
  if (e.cluster) {
    main.appendChild(h("h2", null, `Même événement rapporté par ${e.cluster.source_count} dépêche(s)`,
      ` (${e.cluster.first_report || "?"} → ${e.cluster.last_report || "?"})`));
    main.appendChild(table([
      ["Publiée", (r) => r.published || ""], ["Date", (r) => r.date || ""],
      ["Dépêche", (r) => articleLink(r.article_id, r.article_title || r.article_id, `span-${r.id}`)],
      ["Preuve", (r) => link(`/events/${enc(r.id)}`, r.evidence || r.id)],
    ], e.cluster.events || []));
  }
}

function highlightedText(article) {
  // Cut the text at every span boundary; each piece is covered by a set of spans. A piece is a
  // <mark> linking to the innermost span's record; the first piece of a span carries its anchor.
  const text = article.text;
  const spans = article.spans.filter((sp) => sp.start >= 0 && sp.end <= text.length && sp.end > sp.start);
  const cuts = new Set([0, text.length]);
  for (const sp of spans) { cuts.add(sp.start); cuts.add(sp.end); }
  const points = [...cuts].sort((a, b) => a - b);
  const anchored = new Set();
  const body = h("div", { class: "article-text", id: "article-text" });
  for (let i = 0; i + 1 < points.length; i++) {
    const [from, to] = [points[i], points[i + 1]];
    const piece = text.slice(from, to);
    const covering = spans.filter((sp) => sp.start <= from && sp.end >= to);
    if (!covering.length) { body.appendChild(document.createTextNode(piece)); continue; }
    const inner = covering.reduce((a, b) => (b.end - b.start < a.end - a.start ? b : a));
    const kinds = [...new Set(covering.map((sp) => sp.kind))];
    // Background: the innermost span's kind (a quote inside an event stays a quote);
    // an underline marks every piece of an event's evidence.
    const innerNonEvent = covering.filter((sp) => sp.kind !== "event")
      .reduce((a, b) => (!a || b.end - b.start < a.end - a.start ? b : a), null);
    const shade = innerNonEvent ? innerNonEvent.kind : "event";
    const mark = h("a", {
      href: `#rec-${inner.record_id}`,
      class: `span bg-${shade} ${kinds.map((k) => "k-" + k).join(" ")}`,
      title: covering.map((sp) => `${sp.kind}: ${sp.label}`).join("\n"),
      "data-records": covering.map((sp) => sp.record_id).join(" "),
    }, piece);
    const first = covering.find((sp) => sp.start === from && !anchored.has(sp.record_id));
    if (first) { anchored.add(first.record_id); mark.setAttribute("id", `span-${first.record_id}`); }
    body.appendChild(mark);
  }
  return body;
}

function recordList(title, kind, items, render) {
  return [h("h2", null, `${title} (${items.length})`),
    h("ol", { class: `record-list k-${kind}` }, items.map((item) =>
      h("li", { id: `rec-${item.id}` }, render(item),
        item.start !== null && item.start !== undefined ? [" ", link(`#span-${item.id}`, "↑ texte")] : "")))];
}

async function renderArticle(main, api) {
  const a = await getJSON(api);
  fill(main, 
    h("h1", null, a.title || a.id),
    h("p", { class: "muted" }, [a.published || "", a.source ? ` — ${a.source}` : "", a.dateline ? ` — ${a.dateline}` : "",
      ` — ${a.coder || ""}`]),
    a.url && /^https?:\/\//.test(a.url) ? h("p", null, h("a", { href: a.url, rel: "noreferrer noopener" }, a.url)) : "",
    h("p", { class: "legend" }, ["event", "quote", "casualty", "timex", "place", "entity"].map((k) =>
      h("span", { class: `span bg-${k} k-${k}` }, { event: "événement", quote: "citation", casualty: "victimes",
        timex: "date", place: "lieu", entity: "entité" }[k]))),
    highlightedText(a),
    recordList("Événements", "event", a.events, (e) => [link(`/events/${enc(e.id)}`, e.type), " ",
      actorLinks(e.actor), " → ", actorLinks(e.recipient), ` [${e.certainty}] ${e.date || ""} `,
      h("q", null, e.evidence || "")]),
    recordList("Citations", "quote", a.quotes, (q) => [h("q", null, q.text), " — ",
      q.speaker ? (q.speaker.code ? link(`/actors/${enc(q.speaker.code)}`, q.speaker.name) : q.speaker.name) : "?",
      q.cue ? h("span", { class: "muted" }, ` (${q.cue})`) : ""]),
    recordList("Victimes", "casualty", a.casualties, (c) => [`${c.count} ${c.kind} (${c.qualifier})`,
      c.victims ? ` — ${c.victims}` : "", c.country ? ` [${c.country}]` : ""]),
    recordList("Dates", "timex", a.timexes, (t) => [h("q", null, t.text), ` = ${t.value || "?"} (${t.label})`]),
    recordList("Lieux", "place", a.places, (p) => [h("q", null, p.text), ` = ${p.label} (${p.country || "?"})`]),
    recordList("Entités", "entity", a.entities, (n) => [h("q", null, n.text), ` ${n.label}`,
      n.code ? [" ", link(`/actors/${enc(n.code)}`, n.code)] : ""]),
  );
  if (location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
}

// -- lists ----------------------------------------------------------------------------------
function searchForm(fields) {
  const params = new URLSearchParams(location.search);
  return h("form", { method: "get", class: "filters" },
    fields.map(([name, label]) => h("label", null, label, " ",
      h("input", { name, value: params.get(name) || "", size: 16 }))),
    h("button", { type: "submit" }, "Chercher"));
}

async function renderList(main, api, title, fields, columns) {
  const page = await getJSON(api);
  fill(main, h("h1", null, title), fields ? searchForm(fields) : "", pager(page), table(columns, page.items));
}

const quoteColumns = [
  ["Publiée", (q) => q.published || ""],
  ["Orateur", (q) => q.speaker ? (q.speaker.code ? [q.speaker.name || "", " ", link(`/actors/${enc(q.speaker.code)}`, q.speaker.code)] : q.speaker.name) : "?"],
  ["Citation", (q) => h("q", null, q.text)],
  ["Dépêche", (q) => articleLink(q.article_id, q.article_title || q.article_id, `span-${q.id}`)],
];
const casualtyColumns = [
  ["Publiée", (c) => c.published || ""], ["Nombre", (c) => `${c.count} (${c.qualifier})`], ["Type", (c) => c.kind],
  ["Victimes", (c) => c.victims || ""], ["Pays", (c) => c.country ? link(`/actors/${enc(c.country)}`, c.country) : ""],
  ["Preuve", (c) => articleLink(c.article_id, c.evidence || c.article_id, `span-${c.id}`)],
];

async function renderActor(main, api) {
  const a = await getJSON(api);
  fill(main, 
    h("h1", null, `Acteur ${a.code}`),
    a.names.length ? h("p", null, "Noms : ", a.names.join(", ")) : "",
    h("p", null, link(`/?country=${enc(a.code)}`, "Ses événements dans le tableau de bord")),
    h("h2", null, "Dyades"),
    table([["Acteur", (d) => d.actor ? link(`/actors/${enc(d.actor)}`, d.actor) : "—"],
      ["Cible", (d) => d.recipient ? link(`/actors/${enc(d.recipient)}`, d.recipient) : "—"],
      ["Type", (d) => d.type], ["Événements", (d) => String(d.events)]], a.dyads),
    h("h2", null, `Citations (${a.quotes.total})`), table(quoteColumns, a.quotes.items),
    h("h2", null, `Victimes (${a.casualties.total})`), table(casualtyColumns, a.casualties.items),
    h("h2", null, `Événements (${a.events.total})`), eventsTable(a.events.items));
}

const RENDERERS = {
  dashboard: renderDashboard,
  event: renderEvent,
  article: renderArticle,
  actor: renderActor,
  actors: (main, api) => renderList(main, api, "Acteurs", null, [
    ["Code", (a) => link(`/actors/${enc(a.code)}`, a.code)], ["Acteur", (a) => String(a.as_actor)],
    ["Cible", (a) => String(a.as_recipient)], ["Citations", (a) => String(a.quotes)]]),
  articles: (main, api) => renderList(main, api, "Dépêches", [["text", "Texte"]], [
    ["Publiée", (a) => a.published || ""], ["Titre", (a) => articleLink(a.id, a.title || a.id)],
    ["Source", (a) => a.source || ""], ["Événements", (a) => String(a.events)]]),
  quotes: (main, api) => renderList(main, api, "Citations", [["speaker", "Orateur"], ["text", "Texte"]], quoteColumns),
  casualties: (main, api) => renderList(main, api, "Victimes", [["country", "Pays"], ["kind", "Type"]], casualtyColumns),
  clusters: (main, api) => renderList(main, api, "Événements regroupés", [["type", "Type"], ["min_sources", "Sources min."]], [
    ["Type", (c) => c.type], ["Acteurs", (c) => c.actor_codes.join(", ")], ["Cibles", (c) => c.recipient_codes.join(", ")],
    ["Lieu", (c) => `${c.place || ""} ${c.country ? "(" + c.country + ")" : ""}`],
    ["Dates", (c) => `${c.date_first || "?"} → ${c.date_last || "?"}`],
    ["Rapports", (c) => `${c.first_report || "?"} → ${c.last_report || "?"}`],
    ["Sources", (c) => link(`/?cluster=${enc(c.id)}`, String(c.source_count))],
    ["Enregistrements", (c) => String(c.event_count)]]),
  alerts: async (main, api) => {
    const data = await getJSON(api);
    fill(main, h("h1", null, "Alertes"),
      h("p", { class: "muted" }, data.source ? `Levées par veille watch (${data.items.length} dernières).`
        : "Aucune source d'alertes : lancez veille serve --watch SOURCES.yaml ou veille watch."),
      table([["Levée", (a) => a.raised_at || ""], ["Gravité", (a) => a.severity || ""], ["Règle", (a) => a.rule || ""],
        ["Description", (a) => a.description || ""],
        ["Pays", (a) => a.country ? link(`/actors/${enc(a.country)}`, a.country) : ""],
        ["Dépêche", (a) => a.article_id ? articleLink(a.article_id, a.title || a.article_id) : ""]], data.items));
  },
  settings: async (main, api) => {
    const data = await getJSON(api);
    fill(main, h("h1", null, "Réglages"), h("p", null, "Variables d'environnement VEILLE_<NOM>."),
      table([["Nom", (r) => r.name], ["Valeur", (r) => String(r.value)], ["Défaut", (r) => String(r.default)],
        ["Aide", (r) => r.help]], data.settings));
  },
};

document.addEventListener("DOMContentLoaded", async () => {
  const main = document.getElementById("main");
  const render = RENDERERS[document.body.dataset.page];
  try {
    if (render) await render(main, document.body.dataset.api);
    document.body.dataset.ready = "true";
  } catch (error) {
    fill(main, h("h1", null, "Erreur"), h("p", { class: "error" }, String(error.message || error)));
    document.body.dataset.ready = "error";
  }
});
