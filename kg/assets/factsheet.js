/* A fact sheet: what the record says about one thing, drawn from a book of
 * sheets that kg/views/factsheet.py made (the server's entity pages and the
 * portable explorer's entity tab draw the same books with this script).
 *
 *   kgFactSheet.draw(book, iri, container, options)
 *
 * book       {sheets, statements, events, sources, labels, kinds, horizon,
 *            activeStatuses, grades}: sheets refer to statements and events by IRI and
 *            to sources by slug (see kg/views/factsheet.py); a sheet's lastChanged
 *            ({day, reason, commit} or null) is the last commit changing it
 * options    {day: a day number or null for all dates,
 *            lang: "en" or "fr",
 *            entityLink(iri, text): an element opening another sheet, or null
 *              to write the name as text,
 *            views(day): [{label, href} or {label, open()}] links to pictures,
 *            facts: rows [{property, text, iri, href}] to use when the sheet has
 *              none (the explorer reads them from its own engine),
 *            onChange(state): called with {day, lang} when the reader changes them}
 *
 * The date cursor applies the as-of rule of kg.temporal (certainty.js): each
 * relationship is certain, possible (with what its doubt rests on) or not in
 * effect on the day, and the summary at the top says what holds, kind by kind.
 * Everything from the data is written as text, never as markup.
 */
"use strict";
(function () {
  const T = window.kgText;
  const WORDS = {
    en: {
      asOf: "As of", allDates: "all dates", latest: "latest day of the record",
      summaryOn: "What the record says holds on ", summaryAll: "Everything the record says",
      nothing: "No relationship of it is in effect on this day in the record.",
      possible: "possibly", possibleWhy: "possible: ", certain: "certain", inactive: "not in effect",
      relationships: "Relationships", events: "Events", sources: "Sources", supports: "What it supports",
      facts: "Every triple about it", also: "Also called", encyclopedia: "Encyclopedia pages read for it",
      views: "Pictures", status: "status", dates: "dates", on: "on ", moreBelow: " more below",
      evidence: "evidence", place: "place", participants: "participants", versionOf: "version of",
      from: "from", to: "to", citation: "cited as", publisher: "publisher", date: "date", kind: "kind", relays: "relays",
      address: "address", undated: "undated", onlyHolding: "only what holds on the day",
      language: "Français", colon: ": ", notDate: "is not a date: write YYYY-MM-DD, YYYY-MM or YYYY.",
      reports: " independent reports", report: " independent report",
      lastChanged: "Last changed in the record on ", wikipedia: "Wikipedia",
    },
    fr: {
      asOf: "Au", allDates: "toutes les dates", latest: "dernier jour du dossier",
      summaryOn: "Ce que le dossier dit en vigueur le ", summaryAll: "Tout ce que dit le dossier",
      nothing: "Aucune de ses relations n'est en vigueur ce jour-là dans le dossier.",
      possible: "peut-être", possibleWhy: "possible : ", certain: "certain", inactive: "pas en vigueur",
      relationships: "Relations", events: "Événements", sources: "Sources", supports: "Ce qu'elle étaye",
      facts: "Tous les triplets à son sujet", also: "Autres noms", encyclopedia: "Pages d'encyclopédie lues",
      views: "Images", status: "statut", dates: "dates", on: "le ", moreBelow: " de plus ci-dessous",
      evidence: "éléments", place: "lieu", participants: "participants", versionOf: "version de",
      from: "de", to: "à", citation: "citée comme", publisher: "éditeur", date: "date", kind: "type", relays: "relaie",
      address: "adresse", undated: "non daté", onlyHolding: "seulement ce qui est en vigueur ce jour",
      language: "English", colon: " : ", notDate: "n'est pas une date : écrivez AAAA-MM-JJ, AAAA-MM ou AAAA.",
      reports: " rapports indépendants", report: " rapport indépendant",
      lastChanged: "Dernière modification dans le dossier le ", wikipedia: "Wikipédia",
    },
  };
  const STATUS_FR = { Confirmed: "confirmé", Reported: "rapporté", Announced: "annoncé ou prévu", Denied: "démenti" };
  const SUMMARY_LIMIT = 6;

  function words(options) {
    return WORDS[options.lang] || WORDS.en;
  }
  function labelOf(book, iri, lang) {
    const entry = book.labels[iri] || {};
    return (lang === "fr" && entry.labelFr) || entry.label || iri;
  }
  function statusText(status, lang) {
    if (!status) return "";
    return lang === "fr" ? STATUS_FR[status] || status : T.words(status).toLowerCase();
  }
  // The derived grade and count of independent original reports, in the
  // book's words for the grades (kg/derive/corroboration.py).
  function gradeText(book, statement, options) {
    if (!statement.corroboration) return "";
    const w = words(options);
    const n = Number(statement.independentReports);
    const grades = book.grades || {};
    const grade = (grades[options.lang] || grades.en || {})[statement.corroboration] || statement.corroboration;
    return grade + ", " + n + (n === 1 ? w.report : w.reports);
  }
  function datesOf(statement, lang) {
    return (lang === "fr" ? statement.datesFr : statement.dates) || "";
  }
  function phrase(book, kind, role, lang) {
    const phrases = (book.kinds[kind] || {}).phrases || {};
    return ((phrases[lang] || phrases.en || {})[role]) || T.words(kind || "");
  }
  function entityName(book, iri, options) {
    const text = labelOf(book, iri, options.lang);
    return (options.entityLink && options.entityLink(iri, text)) || T.el("span", text);
  }
  function citation(book, slug) {
    const source = book.sources[slug];
    if (!source) return T.el("span", slug);
    const title = [source.title, source.publisher, T.dateText(source.date, source.datePrecision)]
      .filter(Boolean).join(" · ");
    if (source.address && /^https?:\/\//i.test(source.address)) {
      const link = T.el("a", source.citation, { target: "_blank", rel: "noopener noreferrer", title });
      link.href = source.address;
      return link;
    }
    return T.el("span", source.citation, { title });
  }
  function citations(book, slugs) {
    const span = T.el("span", null, { class: "citations" });
    slugs.forEach((slug, i) => {
      if (i) span.append("; ");
      span.appendChild(citation(book, slug));
    });
    return span;
  }
  function bracketed(book, slugs, shown) {
    const span = T.el("span", null, { class: "cite" });
    if (!slugs.length) return span;
    const first = shown || 2;
    span.append(" [");
    span.appendChild(citations(book, slugs.slice(0, first)));
    if (slugs.length > first) {
      const rest = slugs.slice(first).map((slug) => (book.sources[slug] || {}).citation || slug);
      span.appendChild(T.el("span", "; +" + (slugs.length - first), { title: rest.join("; ") }));
    }
    span.append("]");
    return span;
  }
  function certaintyOn(book, statement, day) {
    if (day === null) return null;
    const value = window.kgCertainty(statement, day, book.activeStatuses);
    return { value, reason: value === "possible" ? window.kgReason(statement, day) : "" };
  }

  // --- the parts of a sheet --------------------------------------------------------------
  function header(book, sheet, options) {
    const w = words(options);
    const head = T.el("header", null, { class: "sheet-head" });
    const title = T.el("h1", (options.lang === "fr" && sheet.labelFr) || sheet.label, { id: "entity-name" });
    head.appendChild(title);
    const line = [T.words(sheet.type || sheet.kind)];
    const other = options.lang === "fr" ? sheet.label : sheet.labelFr;
    if (other && other !== title.textContent) line.push((options.lang === "fr" ? "en anglais : " : "in French: ") + other);
    line.push(sheet.id);
    head.appendChild(T.el("p", line.join(" · "), { class: "sheet-type" }));
    const shown = new Set([sheet.label, sheet.labelFr]);
    const also = sheet.names.filter((name) => !shown.has(name));
    if (also.length) head.appendChild(T.el("p", w.also + w.colon + also.join(", "), { class: "sheet-names" }));
    const changed = sheet.lastChanged;
    if (changed) {
      const text = w.lastChanged + changed.day + w.colon + changed.reason + " (" + changed.commit + ")";
      head.appendChild(T.el("p", text, { class: "sheet-changed" }));
    }
    return head;
  }
  function cursor(book, sheet, state, options, redraw) {
    const w = words(options);
    const bar = T.el("div", null, { class: "sheet-bar" });
    const lang = T.el("button", w.language, { id: "sheet-language", type: "button", lang: options.lang === "fr" ? "en" : "fr" });
    lang.addEventListener("click", () => redraw({ lang: options.lang === "fr" ? "en" : "fr" }));
    if (!sheet.relationships.length && sheet.kind !== "statement") {
      bar.appendChild(lang);
      return bar;
    }
    const label = T.el("label", w.asOf + " ");
    const box = T.el("input", null, { id: "sheet-day", type: "text", size: "10", placeholder: "YYYY-MM-DD", "aria-label": w.asOf });
    box.value = state.day === null ? "" : T.dayText(state.day);
    label.appendChild(box);
    bar.appendChild(label);
    const all = T.el("input", null, { id: "sheet-all", type: "checkbox" });
    all.checked = state.day === null;
    const allLabel = T.el("label", null);
    allLabel.append(all, " " + w.allDates);
    bar.appendChild(allLabel);
    const latest = T.el("button", w.latest, { id: "sheet-latest", type: "button" });
    bar.appendChild(latest);
    bar.appendChild(lang);
    const message = T.el("span", state.message || "", { id: "sheet-message", role: "status" });
    bar.appendChild(message);
    box.addEventListener("change", () => {
      const day = T.readDay(box.value);
      if (day === null) redraw({ message: "“" + box.value + "” " + w.notDate });
      else redraw({ day, message: "" });
    });
    all.addEventListener("change", () => redraw({ day: all.checked ? null : horizonDay(book), message: "" }));
    latest.addEventListener("click", () => redraw({ day: horizonDay(book), message: "" }));
    return bar;
  }
  function horizonDay(book) {
    return book.horizon ? T.readDay(book.horizon) : Math.floor(Date.now() / 86400000);
  }
  function relationshipRows(book, sheet, day) {
    return sheet.relationships.map((key) => {
      const statement = book.statements[key];
      const role = statement.from === sheet.iri ? "from" : "to";
      const other = role === "from" ? statement.to : statement.from;
      return { key, statement, role, other, on: certaintyOn(book, statement, day) };
    });
  }
  function byKind(book, rows) {
    const groups = new Map(Object.keys(book.kinds).map((kind) => [kind, { from: [], to: [] }]));
    for (const row of rows) {
      if (!groups.has(row.statement.kind)) groups.set(row.statement.kind, { from: [], to: [] });
      groups.get(row.statement.kind)[row.role].push(row);
    }
    return groups;
  }
  function summary(book, sheet, state, options) {
    const w = words(options);
    const part = T.el("section", null, { class: "sheet-summary", id: "sheet-summary" });
    const holding = relationshipRows(book, sheet, state.day).filter((r) => !r.on || r.on.value !== "inactive");
    part.appendChild(T.el("h2", state.day === null ? w.summaryAll : w.summaryOn + T.dayText(state.day)));
    if (!sheet.relationships.length) return null;
    if (!holding.length) {
      part.appendChild(T.el("p", w.nothing));
      return part;
    }
    const list = T.el("ul");
    for (const [kind, sides] of byKind(book, holding)) {
      for (const role of ["from", "to"]) {
        const rows = sides[role];
        if (!rows.length) continue;
        const item = T.el("li", null, { "data-kind": kind });
        item.appendChild(T.el("strong", phrase(book, kind, role, options.lang) + w.colon));
        const others = new Map(); // the latest begun first: what is new matters most
        for (const row of [...rows].sort((a, b) => b.statement.latestStartDay - a.statement.latestStartDay)) {
          if (!others.has(row.other)) others.set(row.other, []);
          others.get(row.other).push(row);
        }
        [...others].slice(0, SUMMARY_LIMIT).forEach(([other, same], i) => {
          if (i) item.append("; ");
          item.appendChild(entityName(book, other, options));
          const doubts = same.filter((row) => row.on && row.on.value === "possible");
          if (doubts.length === same.length) {
            item.appendChild(T.el("em", " (" + w.possible + ")", { class: "possible", title: doubts.map((r) => r.on.reason).join("; ") }));
          }
          const dates = same.map((row) => datesOf(row.statement, options.lang)).filter(Boolean);
          if (dates.length) item.appendChild(T.el("span", " (" + dates.join("; ") + ")", { class: "dates" }));
          item.appendChild(bracketed(book, same[0].statement.sources, 1));
        });
        if (others.size > SUMMARY_LIMIT) item.append("; +" + (others.size - SUMMARY_LIMIT) + w.moreBelow);
        list.appendChild(item);
      }
    }
    part.appendChild(list);
    return part;
  }
  function relationships(book, sheet, state, options) {
    if (!sheet.relationships.length) return null;
    const w = words(options);
    const part = T.el("section", null, { id: "sheet-relationships" });
    part.appendChild(T.el("h2", w.relationships + " (" + sheet.relationships.length + ")"));
    const rows = relationshipRows(book, sheet, state.day);
    for (const [kind, sides] of byKind(book, rows)) {
      for (const role of ["from", "to"]) {
        const some = sides[role];
        if (!some.length) continue;
        part.appendChild(T.el("h3", phrase(book, kind, role, options.lang) + " (" + some.length + ")"));
        const heads = ["", w.dates, state.day === null ? "" : w.on + T.dayText(state.day), w.status, w.sources];
        const table = T.el("table", null, { class: "relationships", "data-kind": kind });
        const head = T.el("tr");
        heads.forEach((text) => head.appendChild(T.el("th", text)));
        table.appendChild(T.el("thead")).appendChild(head);
        const body = table.appendChild(T.el("tbody"));
        for (const row of some) {
          const tr = T.el("tr", null, { "data-statement": row.key });
          if (row.on) tr.className = row.on.value;
          tr.appendChild(T.el("td")).appendChild(entityName(book, row.other, options));
          const dates = tr.appendChild(T.el("td", datesOf(row.statement, options.lang)));
          if (options.entityLink) {
            const link = options.entityLink(row.key, "↗");
            if (link) dates.append(" ", link);
          }
          const on = tr.appendChild(T.el("td", row.on ? w[row.on.value] : ""));
          if (row.on && row.on.reason) on.appendChild(T.el("div", row.on.reason, { class: "reason" }));
          const status = tr.appendChild(T.el("td", statusText(row.statement.status, options.lang)));
          const grade = gradeText(book, row.statement, options);
          if (grade) status.appendChild(T.el("div", grade, { class: "grade" }));
          tr.appendChild(T.el("td")).appendChild(citations(book, row.statement.sources));
          body.appendChild(tr);
        }
        part.appendChild(table);
      }
    }
    return part;
  }
  function eventList(book, keys, options, heading) {
    if (!keys.length) return null;
    const part = T.el("section", null, { id: "sheet-events" });
    part.appendChild(T.el("h2", heading + " (" + keys.length + ")"));
    const list = T.el("ol", null, { class: "events" });
    for (const key of keys) {
      const event = book.events[key];
      const item = T.el("li", null, { "data-event": key });
      item.appendChild(T.el("span", event.when, { class: "when" }));
      item.append(" ");
      const name = (options.lang === "fr" && event.labelFr) || event.label;
      item.appendChild((options.entityLink && options.entityLink(key, name)) || T.el("span", name));
      const facts = [event.kindLabel, event.place, statusText(event.status, options.lang)].filter(Boolean);
      item.appendChild(T.el("span", " · " + facts.join(" · "), { class: "facts" }));
      item.appendChild(bracketed(book, event.sources));
      list.appendChild(item);
    }
    part.appendChild(list);
    return part;
  }
  function sourceList(book, slugs, options) {
    const part = T.el("section", null, { id: "sheet-sources" });
    part.appendChild(T.el("h2", words(options).sources + " (" + slugs.length + ")"));
    const list = T.el("ol", null, { class: "sources" });
    for (const slug of slugs) {
      const source = book.sources[slug] || { source: slug };
      list.appendChild(T.sourceItem(source));
    }
    part.appendChild(list);
    return part;
  }
  function pairs(entries) {
    const list = T.el("dl", null, { class: "sheet-facts" });
    for (const [name, value] of entries) {
      if (value === null || value === undefined || value === "") continue;
      list.appendChild(T.el("dt", name));
      const dd = list.appendChild(T.el("dd"));
      if (value instanceof Node) dd.appendChild(value);
      else dd.textContent = value;
    }
    return list;
  }
  function statementPart(book, sheet, state, options) {
    const w = words(options);
    const statement = book.statements[sheet.iri];
    const part = T.el("section", null, { id: "sheet-statement" });
    const on = certaintyOn(book, statement, state.day);
    part.appendChild(pairs([
      [w.from, entityName(book, statement.from, options)],
      [w.to, entityName(book, statement.to, options)],
      [w.dates, datesOf(statement, options.lang)],
      [w.status, statusText(statement.status, options.lang)],
      [state.day === null ? "" : w.on + T.dayText(state.day), on ? w[on.value] + (on.reason ? " — " + on.reason : "") : null],
      [w.evidence, statement.evidence],
    ]));
    part.appendChild(sourceList(book, statement.sources, options));
    return part;
  }
  function eventPart(book, sheet, options) {
    const w = words(options);
    const event = book.events[sheet.iri];
    const part = T.el("section", null, { id: "sheet-event" });
    const who = T.el("span");
    event.participants.forEach((iri, i) => {
      if (i) who.append(", ");
      who.appendChild(entityName(book, iri, options));
    });
    part.appendChild(pairs([
      [w.date, event.when],
      [w.kind, event.kindLabel],
      [w.place, event.place],
      [w.status, statusText(event.status, options.lang)],
      [w.participants, event.participants.length ? who : null],
      [w.versionOf, event.versionOf ? entityName(book, event.versionOf, options) : null],
      [w.evidence, event.evidence],
    ]));
    part.appendChild(sourceList(book, event.sources, options));
    return part;
  }
  function sourcePart(book, sheet, options) {
    const w = words(options);
    const source = book.sources[sheet.id] || {};
    const part = T.el("section", null, { id: "sheet-source" });
    let address = null;
    if (source.address && /^https?:\/\//i.test(source.address)) {
      address = T.el("a", source.address, { target: "_blank", rel: "noopener noreferrer" });
      address.href = source.address;
    }
    part.appendChild(pairs([
      [w.citation, source.citation],
      [w.publisher, source.publisher],
      [w.date, T.dateText(source.date, source.datePrecision) || w.undated],
      [w.kind, source.kind ? T.words(source.kind) : null],
      [w.relays, source.quotedPublisher],
      [w.address, address],
    ]));
    part.appendChild(T.el("h2", w.supports + " (" + sheet.supports.length + ")"));
    const list = T.el("ul", null, { class: "supports" });
    for (const key of sheet.supports) {
      const item = T.el("li", null, { "data-supports": key });
      if (book.statements[key]) {
        const statement = book.statements[key];
        item.appendChild(entityName(book, statement.from, options));
        item.append(" — " + phrase(book, statement.kind, "from", options.lang) + w.colon);
        item.appendChild(entityName(book, statement.to, options));
        if (statement.dates) item.append(" (" + datesOf(statement, options.lang) + ")");
      } else {
        const event = book.events[key];
        item.append(event.when + " ");
        item.appendChild(entityName(book, key, options));
      }
      list.appendChild(item);
    }
    part.appendChild(list);
    return part;
  }
  function links(sheet, state, options) {
    const w = words(options);
    const part = T.el("nav", null, { class: "sheet-links" });
    const views = options.views ? options.views(state.day) : [];
    if (views.length) {
      part.append(w.views + w.colon);
      views.forEach((view, i) => {
        if (i) part.append(" · ");
        const link = T.el("a", view.label, { "data-view": view.name || "" });
        if (view.href) link.href = view.href;
        else {
          link.href = "#";
          link.addEventListener("click", (event) => { event.preventDefault(); view.open(); });
        }
        part.appendChild(link);
      });
    }
    return views.length ? part : null;
  }
  // The thing's own English and French Wikipedia articles (foaf:isPrimaryTopicOf),
  // one line of plain links; only https addresses become links.
  const LANGUAGE_NAMES = { en: "English", fr: "français" };
  function wikipedia(sheet, options) {
    const pages = (sheet.wikipedia || []).filter((page) => /^https:\/\//i.test(page.href));
    if (!pages.length) return null;
    const w = words(options);
    const part = T.el("p", w.wikipedia + w.colon, { class: "sheet-wikipedia" });
    pages.forEach((page, i) => {
      if (i) part.append(" · ");
      const link = T.el("a", LANGUAGE_NAMES[page.lang] || page.lang, {
        hreflang: page.lang, rel: "noopener noreferrer",
      });
      link.href = page.href;
      part.appendChild(link);
    });
    return part;
  }
  function encyclopedia(sheet, options) {
    if (!sheet.links.length) return null;
    const part = T.el("section", null, { id: "sheet-encyclopedia" });
    part.appendChild(T.el("h2", words(options).encyclopedia + " (" + sheet.links.length + ")"));
    const list = T.el("ul", null, { class: "encyclopedia" });
    for (const page of sheet.links) {
      const link = T.el("a", page.title, { target: "_blank", rel: "noopener noreferrer" });
      if (/^https?:\/\//i.test(page.href)) link.href = page.href;
      list.appendChild(T.el("li")).appendChild(link);
    }
    part.appendChild(list);
    return part;
  }
  function facts(book, rows, options) {
    if (!rows || !rows.length) return null;
    const part = T.el("details", null, { id: "sheet-facts" });
    part.appendChild(T.el("summary", words(options).facts + " (" + rows.length + ")"));
    const table = T.el("table");
    const body = table.appendChild(T.el("tbody"));
    for (const row of rows) {
      const tr = body.appendChild(T.el("tr"));
      tr.appendChild(T.el("td", row.property));
      const cell = tr.appendChild(T.el("td"));
      if (row.iri) cell.appendChild(entityName(book, row.iri, options));
      else if (row.href && /^https?:\/\//i.test(row.href)) {
        const link = T.el("a", row.text, { target: "_blank", rel: "noopener noreferrer" });
        link.href = row.href;
        cell.appendChild(link);
      } else cell.textContent = row.text;
    }
    part.appendChild(table);
    return part;
  }

  function draw(book, iri, container, options) {
    const sheet = book.sheets[iri];
    if (!sheet) throw new Error("no sheet for " + iri);
    const state = {
      day: options.day === undefined ? horizonDay(book) : options.day,
      lang: options.lang || "en",
      message: "",
    };
    function redraw(change) {
      Object.assign(state, change);
      const shown = Object.assign({}, options, { lang: state.lang });
      container.replaceChildren();
      container.setAttribute("lang", state.lang);
      const parts = [
        header(book, sheet, shown),
        wikipedia(sheet, shown),
        links(sheet, state, shown),
        cursor(book, sheet, state, shown, redraw),
        sheet.relationships.length ? summary(book, sheet, state, shown) : null,
        sheet.kind === "statement" ? statementPart(book, sheet, state, shown) : null,
        sheet.kind === "event" ? eventPart(book, sheet, shown) : null,
        sheet.kind === "source" ? sourcePart(book, sheet, shown) : null,
        relationships(book, sheet, state, shown),
        eventList(book, sheet.events, shown, words(shown).events),
        encyclopedia(sheet, shown),
        facts(book, sheet.facts || options.facts, shown),
      ];
      for (const part of parts) if (part) container.appendChild(part);
      if (options.onChange) options.onChange({ day: state.day, lang: state.lang });
    }
    redraw({});
    return { redraw };
  }
  window.kgFactSheet = { draw };

  // A page of its own (kg/views/factsheet_page.py) carries its book and how to link
  // as JSON; the portable explorer calls draw itself.
  const config = document.getElementById("kg-sheet");
  if (config) {
    const page = JSON.parse(config.textContent);
    const base = page.base;
    const path = (iri) => (base && iri.startsWith(base) ? "/" + iri.slice(base.length) : null);
    const day = (d) => (d === null ? "" : "?as_of=" + T.dayText(d));
    const sheet = page.book.sheets[page.iri];
    const slug = path(page.iri);
    const views = (d) => {
      if (!base || !slug || !/^\/id\//.test(slug)) return [];
      const id = slug.slice(4);
      const found = [{ name: "map", label: "map", href: "/view/map" + day(d) }];
      if (sheet.kind === "actor") {
        found.unshift({ name: "timeline", label: "timeline", href: "/view/timeline/" + id + day(d) });
        found.unshift({ name: "network", label: "network", href: "/view/ego/" + id + day(d) });
      }
      return found;
    };
    const entityLink = (iri, text) => {
      const href = path(iri);
      if (!href) return null;
      const link = T.el("a", text);
      link.href = href;
      return link;
    };
    document.title = sheet.label + " — Sahel KG";
    draw(page.book, page.iri, document.getElementById("sheet"), {
      day: page.day,
      lang: page.lang,
      entityLink: base ? entityLink : null,
      views,
    });
  }
})();
