/* kgMap: a map model (kg/views/map_model.py) drawn with Leaflet over Natural Earth
 * borders, with no tile layer, so it works from disk and offline.
 *
 *   const handle = window.kgMap.draw(container, model, hooks)
 *
 *   container  an element with a size; the map fills it.
 *   model      kg.views.map_model.map_model's JSON: places, events, presences,
 *              sources, the focus states, styles and time span.
 *   hooks      optional:
 *              onSelect(selection)  called when the reader clicks a marker,
 *                with {place: iri}, {event: iri} or, for a base or deployment,
 *                {actor: force iri, statement: iri}; with null when the reader
 *                clicks the map itself.
 *              legend  an element to draw the legend in (default: a box on
 *                the map's top right corner, kept clear of the opening view).
 *              basemap  a TopoJSON topology with a "countries" object
 *                (default: the JSON in the page's #kg-map-basemap element).
 *
 *   handle.setDay(day)   show the map as of day `day` (days since 1970-01-01),
 *                        or everything when null. Events and presences follow
 *                        the as-of rule (kgCertainty, certainty.js): certain
 *                        ones filled, possible ones hollow, the rest hidden.
 *                        Returns handle.counts().
 *   handle.select(id)    highlight the markers of an actor (a force or the
 *                        actor that deployed it), an event, a place or a
 *                        statement; null clears. Returns how many are lit.
 *   handle.counts()      what is shown: {places, events: {certain, possible},
 *                        presences: {certain, possible}}.
 *   handle.summary()     the counts in words: "33 places · 70 events (2
 *                        possible) · 1 base or deployment".
 *   handle.day, handle.selected, handle.map (the Leaflet map), handle.ready.
 *   handle.elementsOf(id) the marker elements drawn for an id (for tests).
 *
 * Needs, loaded first: Leaflet 1.9 (L), topojson-client 3 (topojson) and
 * certainty.js (kgCertainty, kgReason). Everything from the data reaches the
 * page as text (textContent) in DOM nodes built here, never as markup.
 */
"use strict";
(function () {
  const SHAPES = new Set(["square", "dot", "ring", "triangle", "cross"]);
  const MERGE_PX = 18; // places closer than this on screen share one ring of markers
  const GOLDEN = Math.PI * (3 - Math.sqrt(5));
  const LABEL_HEIGHT = 15;
  const MAX_CITATIONS = 4;

  // Interface text in the page's language (i18n.js, where loaded); data as it is.
  const tr = (text, vars) => window.kgText.t(text, vars);
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = tr(String(text));
    return node;
  }

  function dayText(day) {
    return new Date(day * 86400000).toISOString().slice(0, 10);
  }

  function draw(container, model, hooks) {
    if (window.kgI18n) {
      // French names where the data has them: places and how closely they are
      // located, events, forces and who sent them
      window.kgI18n.localise(model.places, ["label", "coordinatePrecision", "stateLabel"]);
      window.kgI18n.localise(model.events);
      window.kgI18n.localise(model.presences, ["forceLabel", "senderLabel", "caption"]);
      window.kgI18n.localise(Object.values(model.senders));
    }
    hooks = hooks || {};
    // Leaflet places markers with translate3d, which gives each of them its
    // own compositing layer in Chromium: with 2,000 markers a day move took
    // 0.6-1.0 s instead of 0.16-0.22 s. Its 2D form (kept for old IE) is
    // chosen instead; fractional zoom and zoom animation stay.
    L.Browser.ie3d = true;
    const active = model.activeStatuses || [];
    const map = L.map(container, {
      zoomSnap: 0.25,
      zoomDelta: 0.5,
      minZoom: 2,
      maxZoom: 12,
      attributionControl: false,
      keyboard: true,
    });
    container.classList.add("kg-map");
    map.setView([15, 0], 4); // a first view, so layers draw as they are added; fit() follows
    map.createPane("kg-labels").style.zIndex = 640;
    map.getPane("kg-labels").style.pointerEvents = "none";
    map.createPane("kg-countries").style.zIndex = 450; // above the borders' canvas
    map.getPane("kg-countries").style.pointerEvents = "none";

    // --- the basemap -------------------------------------------------------
    const topology =
      hooks.basemap || JSON.parse(document.getElementById("kg-map-basemap").textContent);
    const countries = topojson.feature(topology, topology.objects.countries);
    const focusNames = new Set((model.focus || []).map((f) => f.label));
    const basemap = L.geoJSON(countries, {
      renderer: L.canvas({ padding: 0.3 }),
      interactive: false,
      style: (feature) => ({
        color: "#8a8a8a",
        weight: focusNames.has(feature.properties.name) ? 1.4 : 0.7,
        fillColor: focusNames.has(feature.properties.name) ? "#f3ecd9" : "#ebe9e4",
        fillOpacity: 1,
      }),
    }).addTo(map);
    const focusBounds = L.latLngBounds([]);
    const countryNames = [];
    basemap.eachLayer((layer) => {
      if (!focusNames.has(layer.feature.properties.name)) return;
      const bounds = layer.getBounds();
      focusBounds.extend(bounds);
      const name = el("span", "kg-country-name", layer.feature.properties.name.toUpperCase());
      const marker = L.marker(bounds.getCenter(), {
        icon: L.divIcon({ className: "kg-country", html: name, iconSize: null }),
        pane: "kg-countries",
        interactive: false,
        keyboard: false,
      }).addTo(map);
      countryNames.push({ at: bounds.getCenter(), element: marker.getElement(), country: true });
    });
    const placesById = new Map(model.places.map((p) => [p.id, p]));
    if (!focusBounds.isValid()) {
      const states = new Set((model.focus || []).map((f) => f.id));
      model.places.filter((p) => states.has(p.state)).forEach((p) => focusBounds.extend([p.lat, p.long]));
    }
    if (!focusBounds.isValid()) model.places.forEach((p) => focusBounds.extend([p.lat, p.long]));
    function fit() {
      // Keep the focus clear of the legend, which sits top right. No
      // animation: a zoom still running when the page says it is ready
      // leaves markers drawn where the map was before (31-122 px off seen).
      const legendWidth = legendBox ? legendBox.offsetWidth + 10 : 0;
      const room = map.getSize().x - legendWidth > 400 ? legendWidth : 0;
      if (focusBounds.isValid()) {
        map.fitBounds(focusBounds, {
          paddingTopLeft: [12, 12],
          paddingBottomRight: [12 + room, 12],
          animate: false,
        });
      } else map.setView([15, 0], 4, { animate: false });
    }
    let legendBox = null;
    L.control.scale({ imperial: false, position: "bottomleft" }).addTo(map);
    const credit = L.control.attribution({ prefix: false, position: "bottomright" }).addTo(map);
    credit.addAttribution(tr("Borders: Natural Earth 1:50m · Leaflet"));

    // --- tooltips ----------------------------------------------------------
    const handle = { map, day: null, selected: null, ready: false };

    function certaintyOf(item) {
      if (handle.day === null) return active.includes(item.status) ? "certain" : "never";
      return kgCertainty(item, handle.day, active);
    }

    function sourceList(slugs) {
      const list = el("ul", "kg-tip-sources");
      slugs.slice(0, MAX_CITATIONS).forEach((slug) => {
        const source = model.sources[slug];
        list.appendChild(el("li", "", source ? source.text : slug));
      });
      if (slugs.length > MAX_CITATIONS) {
        list.appendChild(el("li", "kg-more", tr("and {n} more", { n: slugs.length - MAX_CITATIONS })));
      }
      return list;
    }

    function line(box, text, className) {
      box.appendChild(el("div", className || "", text));
    }

    function certaintyLine(box, item) {
      if (handle.day === null) {
        if (!active.includes(item.status)) line(box, tr("{status}: never in effect", { status: tr(item.status.toLowerCase()) }));
        return;
      }
      const on = dayText(handle.day);
      const said = certaintyOf(item);
      if (said === "possible") line(box, tr("possibly by {day}: {reason}", { day: on, reason: kgReason(item, handle.day) }), "kg-possible-note");
      else line(box, tr("certain on {day}", { day: on }));
    }

    function placeTip(place) {
      const box = el("div", "kg-tip");
      line(box, place.label, "kg-tip-title");
      if (place.labelFr && place.labelFr !== place.label) line(box, place.labelFr, "kg-tip-alt");
      const kind = (model.placeKinds[place.kind] || {}).label || place.kind;
      line(box, `${tr(kind)}, ${place.stateLabel || ""}`);
      const here = shownAt(place.id);
      line(box, tr("{events} event(s), {presences} force presence(s) shown", here));
      line(box, tr("coordinates ({precision}) from:", { precision: place.coordinatePrecision }), "kg-tip-head");
      box.appendChild(sourceList(place.sources));
      return box;
    }

    function eventTip(event) {
      const box = el("div", "kg-tip");
      line(box, event.label, "kg-tip-title");
      const kind = (model.eventKinds[event.kind] || {}).label || event.kind;
      const place = placesById.get(event.place);
      line(box, `${event.when} · ${kind} · ${place ? place.label : ""}`);
      line(box, event.status.toLowerCase());
      certaintyLine(box, event);
      line(box, "sources:", "kg-tip-head");
      box.appendChild(sourceList(event.sources));
      return box;
    }

    function presenceTip(presence) {
      const box = el("div", "kg-tip");
      line(box, presence.forceLabel, "kg-tip-title");
      if (presence.senderLabel !== presence.forceLabel) line(box, `deployed by ${presence.senderLabel}`);
      const place = placesById.get(presence.place);
      line(box, `${presence.caption.replace("\n", ": ")} · ${place ? place.label : ""}`);
      line(box, presence.status.toLowerCase());
      certaintyLine(box, presence);
      line(box, "sources:", "kg-tip-head");
      box.appendChild(sourceList(presence.sources));
      return box;
    }

    // --- markers -------------------------------------------------------------
    // Each marker is a Leaflet divIcon; its element's margins, which Leaflet
    // sets to centre the icon on its point, are moved to place it on a ring.
    const markers = L.layerGroup().addTo(map);
    const byId = new Map(); // id -> [{item, element}]
    const items = []; // events and presences: {item, kind, marker, element, place, shown, certainty}

    function remember(id, entry) {
      if (!byId.has(id)) byId.set(id, []);
      byId.get(id).push(entry);
    }

    function choose(selection, id) {
      handle.select(id);
      if (hooks.onSelect) hooks.onSelect(selection);
    }

    const placeEntries = model.places.map((place) => {
      const shape = (model.placeKinds[place.kind] || {}).shape;
      const icon = L.divIcon({
        className: `kg-place kg-shape-${SHAPES.has(shape) ? shape : "dot"}`,
        iconSize: [10, 10],
      });
      const marker = L.marker([place.lat, place.long], {
        icon,
        keyboard: false,
        zIndexOffset: 1000,
        title: "",
      });
      marker.bindTooltip(() => placeTip(place), { direction: "top", offset: [0, -6] });
      marker.on("click", () => choose({ place: place.id }, place.id));
      marker.addTo(markers);
      const entry = { item: place, element: marker.getElement(), marker };
      entry.element.dataset.id = place.id;
      remember(place.id, entry);
      return entry;
    });

    function addItem(item, kind, colour, tip, selection) {
      const icon = L.divIcon({ className: `kg-${kind}`, iconSize: kind === "event" ? [9, 9] : [11, 11] });
      const marker = L.marker([0, 0], { icon, keyboard: false, title: "" });
      const place = placesById.get(item.place);
      marker.setLatLng([place.lat, place.long]);
      marker.bindTooltip(() => tip(item), { direction: "top", offset: [0, -6] });
      marker.on("click", () => choose(selection, selection.event || selection.statement));
      marker.addTo(markers);
      const element = marker.getElement();
      element.style.setProperty("--kg-colour", colour);
      element.dataset.id = item.id;
      const entry = { item, kind, marker, element, place, shown: true, certainty: null };
      items.push(entry);
      return entry;
    }

    model.presences.forEach((presence) => {
      const colour = (model.senders[presence.sender] || {}).color || "#555";
      const entry = addItem(presence, "presence", colour, presenceTip, {
        actor: presence.force,
        statement: presence.statement,
      });
      [presence.force, presence.sender, presence.statement, presence.id].forEach((id) => remember(id, entry));
    });
    model.events.forEach((event) => {
      const colour = (model.eventKinds[event.kind] || {}).color || "#7f7f7f";
      const entry = addItem(event, "event", colour, eventTip, { event: event.event });
      remember(event.event, entry);
      remember(event.id, entry);
    });
    map.on("click", () => {
      handle.select(null);
      if (hooks.onSelect) hooks.onSelect(null);
    });

    function shownAt(placeId) {
      let events = 0;
      let presences = 0;
      items.forEach((entry) => {
        if (entry.shown && entry.item.place === placeId) {
          if (entry.kind === "event") events += 1;
          else presences += 1;
        }
      });
      return { events, presences };
    }

    // --- rings: markers of nearby places spread around them -----------------
    function layout() {
      const zoom = map.getZoom();
      const point = new Map(model.places.map((p) => [p.id, map.project([p.lat, p.long], zoom)]));
      const atPlace = new Map();
      items.forEach((entry) => {
        if (!entry.shown) return;
        if (!atPlace.has(entry.item.place)) atPlace.set(entry.item.place, []);
        atPlace.get(entry.item.place).push(entry);
      });
      // Rings gather round the best-ranked place, which then names them.
      const order = [...atPlace.keys()].sort((a, b) => placesById.get(a).rank - placesById.get(b).rank);
      const clusters = [];
      rings.clear();
      order.forEach((placeId) => {
        const at = point.get(placeId);
        let cluster = clusters.find((c) => c.centre.distanceTo(at) < MERGE_PX);
        if (!cluster) {
          cluster = { centre: at, entries: [], anchor: placeId };
          clusters.push(cluster);
        }
        cluster.entries.push(...atPlace.get(placeId));
        rings.set(placeId, cluster);
      });
      clusters.forEach((cluster) => {
        // Presences nearest the centre, then events oldest first.
        cluster.entries.sort((a, b) => {
          if (a.kind !== b.kind) return a.kind === "presence" ? -1 : 1;
          return (a.item.earliestStartDay - b.item.earliestStartDay) || (a.item.id < b.item.id ? -1 : 1);
        });
        cluster.entries.forEach((entry, i) => {
          const radius = 9 + 5.4 * Math.sqrt(i);
          const angle = i * GOLDEN - Math.PI / 2;
          const own = point.get(entry.item.place);
          const dx = cluster.centre.x + radius * Math.cos(angle) - own.x;
          const dy = cluster.centre.y + radius * Math.sin(angle) - own.y;
          const half = entry.kind === "event" ? 4.5 : 5.5;
          entry.element.style.marginLeft = `${Math.round(dx - half)}px`;
          entry.element.style.marginTop = `${Math.round(dy - half)}px`;
        });
        cluster.radius = 9 + 5.4 * Math.sqrt(cluster.entries.length - 1) + 4.5;
      });
    }
    const rings = new Map(); // place id -> its cluster: {centre (pixels at the zoom), radius, anchor}

    // --- labels that do not collide ---------------------------------------------
    // Greedy, in order: the main places (by rank), the focus states' names,
    // then the other places. A place's name goes right of it, else left,
    // above or below; a state's name at the middle of its borders, else a
    // little lower or higher; a name with no free spot is hidden.
    const placeLabels = placeEntries.map((entry) => {
      const text = el("span", "kg-label-text", entry.item.label);
      const marker = L.marker([entry.item.lat, entry.item.long], {
        icon: L.divIcon({ className: "kg-label", html: text, iconSize: null }),
        pane: "kg-labels",
        interactive: false,
        keyboard: false,
      }).addTo(map);
      return { at: marker.getLatLng(), element: marker.getElement(), rank: entry.item.rank, place: entry.item.id };
    });
    const MAIN = 3;
    const labels = [
      ...placeLabels.filter((l) => l.rank < MAIN).sort((a, b) => a.rank - b.rank),
      ...countryNames,
      ...placeLabels.filter((l) => l.rank >= MAIN).sort((a, b) => a.rank - b.rank),
    ];

    // Where a label may go, as its top left corner from the point it names:
    // a state's name at the middle of its borders, a little lower or higher;
    // a place's name right, left, above or below the ring of markers around
    // it (or its own marker).
    // A state's name: its middle first, then spots further out, nearest first,
    // up to 52 px down or up and 40 px aside (markers crowd the middle).
    const COUNTRY_SHIFTS = [];
    for (const dy of [0, 26, -26, 52, -52]) for (const dx of [0, -40, 40]) COUNTRY_SHIFTS.push([dx, dy]);
    COUNTRY_SHIFTS.sort((a, b) => Math.hypot(a[0], a[1]) - Math.hypot(b[0], b[1]));

    function spots(label, around) {
      const w = label.width;
      const h = label.height;
      if (label.country) return COUNTRY_SHIFTS.map(([dx, dy]) => [dx - w / 2, dy - h / 2]);
      const r = around;
      return [[r + 2, -h / 2], [-r - 2 - w, -h / 2], [-w / 2, -r - h], [-w / 2, r]];
    }

    function overlaps(a, b) {
      return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
    }

    function arrangeLabels() {
      const size = map.getSize();
      const origin = map.getPixelOrigin();
      const onScreen = (projected) => map.layerPointToContainerPoint(projected.subtract(origin));
      // Markers are in the way of every label: each ring as a square, each place's marker.
      const taken = [];
      new Set(rings.values()).forEach((ring) => {
        const c = onScreen(ring.centre);
        taken.push({ x: c.x - ring.radius, y: c.y - ring.radius, w: 2 * ring.radius, h: 2 * ring.radius });
      });
      placeEntries.forEach((entry) => {
        const c = map.latLngToContainerPoint([entry.item.lat, entry.item.long]);
        taken.push({ x: c.x - 6, y: c.y - 6, w: 12, h: 12 });
      });
      labels.forEach((label) => {
        if (!label.width) {
          label.width = label.element.offsetWidth || 80;
          label.height = label.element.offsetHeight || LABEL_HEIGHT;
        }
        const ring = label.place && rings.get(label.place);
        let at = map.latLngToContainerPoint(label.at);
        let around = 7;
        if (ring && ring.anchor === label.place) {
          at = onScreen(ring.centre);
          around = ring.radius;
        }
        let found = null;
        for (const [dx, dy] of spots(label, around)) {
          const box = { x: at.x + dx, y: at.y + dy, w: label.width, h: label.height };
          const inside = box.x >= 0 && box.y >= 0 && box.x + box.w <= size.x && box.y + box.h <= size.y;
          if (inside && !taken.some((other) => overlaps(box, other))) {
            found = box;
            break;
          }
        }
        label.element.classList.toggle("kg-label-hidden", !found);
        if (found) {
          taken.push(found);
          const own = map.latLngToContainerPoint(label.at);
          label.element.style.marginLeft = `${Math.round(found.x - own.x)}px`;
          label.element.style.marginTop = `${Math.round(found.y - own.y)}px`;
        }
      });
    }

    // --- the legend ------------------------------------------------------------
    const counters = {};
    function drawLegend(box) {
      const section = (title) => box.appendChild(el("div", "kg-legend-head", title));
      const row = (swatch, text, key) => {
        const entry = el("div", "kg-legend-row");
        entry.appendChild(swatch);
        entry.appendChild(el("span", "", text));
        if (key) {
          counters[key] = el("span", "kg-legend-count", "");
          entry.appendChild(counters[key]);
        }
        box.appendChild(entry);
      };
      section("Places");
      Object.entries(model.placeKinds).forEach(([kind, style]) => {
        const shape = SHAPES.has(style.shape) ? style.shape : "dot";
        row(el("span", `kg-swatch kg-place kg-shape-${shape}`), style.label || kind, `place:${kind}`);
      });
      if (model.events.length) section("Events (at their place)");
      Object.entries(model.eventKinds).forEach(([kind, style]) => {
        const swatch = el("span", "kg-swatch kg-event");
        swatch.style.setProperty("--kg-colour", style.color || "#7f7f7f");
        row(swatch, style.label || kind, `event:${kind}`);
      });
      if (model.presences.length) section("Bases and deployments, by who sent them");
      Object.entries(model.senders).forEach(([iri, style]) => {
        const swatch = el("span", "kg-swatch kg-presence");
        swatch.style.setProperty("--kg-colour", style.color);
        row(swatch, style.label, `sender:${iri}`);
      });
      section("On the chosen day");
      row(el("span", "kg-swatch kg-event kg-certain kg-sample"), "filled: certain");
      row(el("span", "kg-swatch kg-event kg-possible kg-sample"), "hollow: possible (dates uncertain)");
      box.appendChild(el("div", "kg-legend-note", "Markers spread around their place; hover for sources."));
      return box;
    }
    if (hooks.legend) {
      hooks.legend.classList.add("kg-legend", "kg-legend-outside");
      drawLegend(hooks.legend);
    } else {
      const legend = L.control({ position: "topright" });
      legend.onAdd = () => {
        legendBox = drawLegend(el("div", "kg-legend"));
        L.DomEvent.disableClickPropagation(legendBox);
        L.DomEvent.disableScrollPropagation(legendBox);
        return legendBox;
      };
      legend.addTo(map);
    }

    function countLegend() {
      const counts = {};
      model.places.forEach((p) => (counts[`place:${p.kind}`] = (counts[`place:${p.kind}`] || 0) + 1));
      items.forEach((entry) => {
        if (!entry.shown) return;
        const key = entry.kind === "event" ? `event:${entry.item.kind}` : `sender:${entry.item.sender}`;
        counts[key] = (counts[key] || 0) + 1;
      });
      Object.entries(counters).forEach(([key, node]) => {
        node.textContent = String(counts[key] || 0);
      });
    }

    // --- the handle ------------------------------------------------------------
    handle.counts = () => {
      const result = {
        places: model.places.length,
        events: { certain: 0, possible: 0 },
        presences: { certain: 0, possible: 0 },
      };
      items.forEach((entry) => {
        if (!entry.shown) return;
        const group = entry.kind === "event" ? result.events : result.presences;
        const said = entry.certainty === "possible" ? "possible" : "certain";
        group[said] += 1;
      });
      return result;
    };

    handle.summary = () => {
      const shown = handle.counts();
      // "1 event", "2 events": a count and its noun, singular or plural, in the
      // page's language (i18n.js).
      const counted = (n, one, many) => tr(n === 1 ? one : many, { n });
      const part = (n, one, many) =>
        counted(n.certain + n.possible, one, many) + (n.possible ? tr(" ({n} possible)", { n: n.possible }) : "");
      return [
        counted(shown.places, "{n} place", "{n} places"),
        part(shown.events, "{n} event", "{n} events"),
        part(shown.presences, "{n} base or deployment", "{n} bases and deployments"),
      ].join(" · ");
    };

    handle.setDay = (day) => {
      handle.day = day === undefined || day === null ? null : Number(day);
      items.forEach((entry) => {
        const said = certaintyOf(entry.item);
        const shown = said !== "inactive";
        if (said !== entry.certainty) {
          entry.element.classList.remove(`kg-${entry.certainty}`);
          entry.element.classList.add(`kg-${said}`);
          entry.certainty = said;
        }
        if (shown !== entry.shown) {
          entry.element.style.display = shown ? "" : "none";
          entry.shown = shown;
        }
      });
      layout();
      arrangeLabels();
      countLegend();
      return handle.counts();
    };

    handle.select = (id) => {
      container.querySelectorAll(".kg-selected").forEach((node) => node.classList.remove("kg-selected"));
      handle.selected = id || null;
      const lit = id ? byId.get(id) || [] : [];
      lit.forEach((entry) => entry.element.classList.add("kg-selected"));
      return lit.length;
    };

    handle.elementsOf = (id) => (byId.get(id) || []).map((entry) => entry.element);

    map.on("zoomend", () => {
      layout();
      arrangeLabels();
    });
    map.on("moveend", arrangeLabels);
    fit();
    handle.setDay(model.asOf);
    handle.ready = true;
    return handle;
  }

  window.kgMap = { draw };
})();
