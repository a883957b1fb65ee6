/* The standalone map page (`kg view map`, the server's /view/map): draws the
 * model with kgMap (map.js) and adds what a page around the map needs: the
 * title and counts, a day slider, and a side panel with the selection's
 * details and sources. The page's state is window.kgMapPage
 * ({model, handle, ready}). Data reaches the page as text only.
 */
"use strict";
(function () {
  const model = JSON.parse(document.getElementById("kg-map-model").textContent);
  const panel = document.getElementById("panel");
  const slider = document.getElementById("day");
  const allDates = document.getElementById("all-dates");
  const dayInput = document.getElementById("day-input");
  const dayShown = document.getElementById("day-shown");
  const counts = document.getElementById("counts");
  const places = new Map(model.places.map((p) => [p.id, p]));

  const { dayText } = window.kgText;
  const el = (tag, className, text) => window.kgText.el(tag, text, className ? { class: className } : {});
  const dayError = document.getElementById("day-error");

  document.getElementById("title").textContent = model.title;
  document.title = model.title;

  const handle = window.kgMap.draw(document.getElementById("map"), model, {
    onSelect: show,
    legend: document.getElementById("legend"),
  });
  window.kgMapPage = { model, handle, ready: false };

  // --- the side panel ---------------------------------------------------------
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

  function onDay(item) {
    if (handle.day === null) return model.activeStatuses.includes(item.status) ? "" : "never in effect";
    const said = kgCertainty(item, handle.day, model.activeStatuses);
    if (said === "possible") return `possibly, ${kgReason(item, handle.day)}`;
    return said === "certain" ? "certain" : "not on this day";
  }

  function heading(text) {
    panel.appendChild(el("h2", "", text));
  }

  function showPlace(place) {
    panel.appendChild(el("h3", "", place.label));
    const kind = (model.placeKinds[place.kind] || {}).label || place.kind;
    panel.appendChild(
      facts([
        ["kind", kind],
        ["French", place.labelFr !== place.label ? place.labelFr : null],
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
        const said = onDay(p);
        if (said) item.appendChild(el("div", said.startsWith("possibly") ? "possible" : "hint", said));
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
        const said = onDay(e);
        if (said) item.appendChild(el("div", said.startsWith("possibly") ? "possible" : "hint", said));
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
            ["kind", (model.eventKinds[e.kind] || {}).label || e.kind],
            ["status", e.status.toLowerCase()],
            ["where", at],
            ["on the day", onDay(e)],
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
      const said = onDay(p);
      if (said) item.appendChild(el("div", said.startsWith("possibly") ? "possible" : "hint", said));
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
      if (model.horizon) panel.appendChild(el("p", "hint", `The record was checked up to ${model.horizon}.`));
      return;
    }
    if (places.has(id)) showPlace(places.get(id));
    else if (model.events.some((e) => e.event === id)) showEvent(id);
    else showActor(id);
  }

  // --- the day slider --------------------------------------------------------------
  function describe() {
    const shown = handle.counts();
    // "1 event", "2 events": a count and its noun, singular or plural.
    const counted = (n, one, many) => `${n} ${n === 1 ? one : many}`;
    const part = (n, one, many) => counted(n.certain + n.possible, one, many) + (n.possible ? ` (${n.possible} possible)` : "");
    counts.textContent = [
      counted(shown.places, "place", "places"),
      part(shown.events, "event", "events"),
      part(shown.presences, "base or deployment", "bases and deployments"),
    ].join(" · ");
    dayShown.textContent = handle.day === null ? "all dates" : dayText(handle.day);
  }

  let pending = null;
  let scheduled = false;
  function setDay(day) {
    // One redraw a frame, of the last day asked (null: all dates).
    pending = day;
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      const chosen = pending;
      handle.setDay(chosen);
      describe();
      if (handle.selected) show({ id: handle.selected });
    });
  }

  let committed = ""; // what the box last showed as the day drawn
  if (model.span) {
    slider.min = String(model.span.min);
    slider.max = String(model.span.max);
    slider.value = String(model.asOf !== null ? model.asOf : model.span.max);
    dayInput.value = committed = model.asOf !== null ? dayText(model.asOf) : "";
  }
  allDates.checked = model.asOf === null;
  slider.disabled = allDates.checked;
  slider.addEventListener("input", () => {
    dayInput.value = committed = dayText(Number(slider.value));
    setDay(Number(slider.value));
  });
  // The date box reads ISO dates (YYYY, YYYY-MM or YYYY-MM-DD), as on the
  // network page; a day outside the record is brought inside, and said so.
  dayInput.placeholder = allDates.checked ? "all dates" : "YYYY-MM-DD";
  dayInput.addEventListener("change", () => {
    const text = dayInput.value.trim();
    // Enter is handled here and may fire the browser's own change as well:
    // the second one finds the box as the first left it and does nothing.
    if (text === committed) return;
    if (!text) {
      allDates.checked = true;
      allDates.dispatchEvent(new Event("change"));
      return;
    }
    const { day, message } = window.kgText.dayFromBox(text, model.span);
    dayError.textContent = message;
    if (day === null) {
      dayInput.setAttribute("aria-invalid", "true");
      return;
    }
    dayInput.removeAttribute("aria-invalid");
    dayInput.value = committed = dayText(day);
    slider.value = String(day);
    allDates.checked = false;
    slider.disabled = false;
    dayInput.placeholder = "YYYY-MM-DD";
    setDay(day);
  });
  dayInput.addEventListener("keydown", (event) => {
    if (event.key === "Enter") dayInput.dispatchEvent(new Event("change"));
  });
  allDates.addEventListener("change", () => {
    slider.disabled = allDates.checked;
    dayInput.value = committed = allDates.checked ? "" : dayText(Number(slider.value));
    dayInput.placeholder = allDates.checked ? "all dates" : "YYYY-MM-DD";
    dayError.textContent = "";
    setDay(allDates.checked ? null : Number(slider.value));
  });

  describe();
  show(null);
  window.kgMapPage.ready = true;
})();
