/* The map's details panel: what a click on the map (kgMap, map.js) chose,
 * with its sources. The standalone map page (map-page.js) shows it in its
 * side panel; the reader page (reader.js) in the network's panel when a
 * place or an event is chosen on the map.
 *
 *   const show = window.kgMapPanel(panel, model, handle);
 *   show(selection, fromPanel)
 *
 * panel      the element to fill.
 * model      the map model (kg.views.map_model.map_model's JSON).
 * handle     kgMap.draw's handle: the day drawn, and the markers a button in
 *            the panel selects.
 * selection  what kgMap's onSelect gives ({place}, {event}, {actor}), {id},
 *            or null for the hint; fromPanel: chosen in the panel itself, so
 *            the map selects it too.
 *
 * Data reaches the panel as text only.
 */
"use strict";
window.kgMapPanel = function (panel, model, handle) {
  const places = new Map(model.places.map((p) => [p.id, p]));
  const el = (tag, className, text) => window.kgText.el(tag, text, className ? { class: className } : {});

  function button(text, id) {
    const link = el("button", "linkish", text);
    link.type = "button";
    link.addEventListener("click", () => show(id ? { id } : null, true));
    return link;
  }

  function sourceItems(slugs) {
    const list = el("ol");
    slugs.forEach((slug) => {
      const source = model.sources[slug] || { text: slug };
      const item = el("li");
      if (source.address && /^https?:\/\//i.test(source.address)) {
        const link = el("a", "", source.text);
        link.href = source.address;
        link.rel = "noopener noreferrer";
        link.target = "_blank";
        item.appendChild(link);
      } else {
        item.textContent = source.text;
      }
      list.appendChild(item);
    });
    return list;
  }

  function facts(pairs) {
    const list = el("dl");
    pairs.forEach(([name, value]) => {
      if (value === null || value === undefined || value === "") return;
      list.appendChild(el("dt", "", name));
      const cell = el("dd");
      if (value instanceof Node) cell.appendChild(value);
      else cell.textContent = String(value);
      list.appendChild(cell);
    });
    return list;
  }

  // What the as-of rule says of an item on the cursor's day, as a note (null
  // for nothing to say): a possible one with its reason, in the page's language.
  function dayNote(item) {
    const t = window.kgText.t;
    if (handle.day === null) return model.activeStatuses.includes(item.status) ? null : el("div", "hint", "never in effect");
    const said = kgCertainty(item, handle.day, model.activeStatuses);
    if (said === "possible") return el("div", "possible", t("possibly, {reason}", { reason: kgReason(item, handle.day) }));
    return el("div", "hint", said === "certain" ? "certain" : "not on this day");
  }

  // A presence's figures (troops, personnel), each as its source gives it.
  function figures(item, presence) {
    const said = window.kgText.figureTexts(presence).join("; ");
    if (said) item.appendChild(el("div", "figures", said));
  }

  function heading(text) {
    panel.appendChild(el("h2", "", text));
  }

  function showPlace(place) {
    panel.appendChild(el("h3", "", place.label));
    const kind = (model.placeKinds[place.kind] || {}).label || place.kind;
    panel.appendChild(
      facts([
        ["kind", window.kgText.t(kind)],
        // the name in the other language, where the data gives one
        place.labelEn !== undefined
          ? ["English", place.labelEn !== place.label ? place.labelEn : null]
          : ["French", place.labelFr !== place.label ? place.labelFr : null],
        ["in", place.stateLabel],
        ["at", `${place.lat.toFixed(4)}, ${place.long.toFixed(4)}`],
        ["precision", place.coordinatePrecision],
      ]),
    );
    const here = model.presences.filter((p) => p.place === place.id);
    if (here.length) {
      heading("Forces here");
      const list = el("ul");
      here.forEach((p) => {
        const item = el("li");
        item.appendChild(button(p.forceLabel, p.force));
        item.appendChild(el("span", "", ` (${p.senderLabel}) ${p.caption.replace("\n", ": ")}`));
        figures(item, p);
        const note = dayNote(p);
        if (note) item.appendChild(note);
        list.appendChild(item);
      });
      panel.appendChild(list);
    }
    const events = model.events.filter((e) => e.place === place.id);
    if (events.length) {
      heading("Events here");
      const list = el("ul");
      events.forEach((e) => {
        const item = el("li");
        item.appendChild(el("span", "", `${e.when} `));
        item.appendChild(button(e.label, e.event));
        const note = dayNote(e);
        if (note) item.appendChild(note);
        list.appendChild(item);
      });
      panel.appendChild(list);
    }
    heading("Coordinates from");
    panel.appendChild(sourceItems(place.sources));
  }

  function showEvent(iri) {
    model.events
      .filter((e) => e.event === iri)
      .slice(0, 1)
      .forEach((e) => {
        panel.appendChild(el("h3", "", e.label));
        const where = model.events.filter((x) => x.event === iri).map((x) => places.get(x.place));
        const at = el("span");
        where.forEach((place, i) => {
          if (i) at.appendChild(document.createTextNode(", "));
          at.appendChild(button(place.label, place.id));
        });
        panel.appendChild(
          facts([
            ["date", e.when],
            ["kind", window.kgText.t((model.eventKinds[e.kind] || {}).label || e.kind)],
            ["status", window.kgText.t(e.status.toLowerCase())],
            ["where", at],
            ["on the day", dayNote(e)],
          ]),
        );
        heading("Sources");
        panel.appendChild(sourceItems(e.sources));
      });
  }

  function showActor(id) {
    const statement = model.presences.find((p) => p.statement === id);
    const iri = statement ? statement.force : id;
    const held = model.presences.filter((p) => p.force === iri || p.sender === iri);
    if (!held.length) return;
    const own = held.find((p) => p.force === iri);
    panel.appendChild(el("h3", "", own ? own.forceLabel : held[0].senderLabel));
    if (own && own.senderLabel !== own.forceLabel) panel.appendChild(facts([["deployed by", own.senderLabel]]));
    heading("Where");
    const list = el("ul");
    held.forEach((p) => {
      const item = el("li");
      const place = places.get(p.place);
      item.appendChild(button(place.label, place.id));
      item.appendChild(el("span", "", ` ${p.forceLabel}: ${p.caption.replace("\n", ", ")}, ${p.status.toLowerCase()}`));
      figures(item, p);
      const note = dayNote(p);
      if (note) item.appendChild(note);
      item.appendChild(sourceItems(p.sources));
      list.appendChild(item);
    });
    panel.appendChild(list);
  }

  function show(selection, fromPanel) {
    const id = selection && (selection.id || selection.place || selection.event || selection.actor);
    if (fromPanel) handle.select(id || null);
    panel.replaceChildren();
    if (!id) {
      panel.appendChild(el("h2", "", "Details"));
      panel.appendChild(
        el(
          "p",
          "hint",
          "Click a place, an event or a base for its details and sources. " +
            "Move the slider to see the map on a given day: hollow markers were possibly " +
            "there (their dates are uncertain), filled ones certainly.",
        ),
      );
      if (model.horizon) panel.appendChild(el("p", "hint", window.kgText.t("The record was checked up to {day}.", { day: model.horizon })));
      return;
    }
    if (places.has(id)) showPlace(places.get(id));
    else if (model.events.some((e) => e.event === id)) showEvent(id);
    else showActor(id);
  }

  return show;
};
