/* The reader page (kg/views/reader.py): the network, the timeline and the map of
 * one view, three panes under tabs, on one date cursor and one selection.
 *
 * Each picture is drawn by its own script: kgView.draw (view.js),
 * kgTimeline.draw (timeline.js) and kgMap.draw (map.js); this one wires them
 * through their hooks and handles.
 *
 * - The network owns the date cursor (slider, date box, play, "all dates")
 *   and the side panel. Its onDay moves the timeline's marker and redraws the
 *   map; dragging the timeline's marker, or clicking its axis, moves the
 *   cursor. Only the pane shown follows at once: a hidden one is brought to
 *   the day, and to the selection, when it is shown.
 * - The selection: an actor chosen in the network (clicked or searched) is
 *   lit on the map, and the timeline shows its rows only; a relationship
 *   chosen in the network or clicked in the timeline is selected in both and
 *   its markers (or its actor's) lit on the map; a base clicked on the map
 *   selects its operator in the network and its span in the timeline. An
 *   event or a place chosen on the timeline or the map shows its details in
 *   the panel.
 * - The address keeps the day (#date=, view.js) and the pane (#pane=).
 * - The timeline and the map are drawn when first shown, else a second
 *   after the network is ready, one at a time when the browser is idle.
 *
 * window.kgReader: {ready, pane, show(name), view, timeline, map}.
 * Everything from the data reaches the page as text, as in each picture.
 */
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const read = (id) => JSON.parse($(id).textContent);
  const PANES = ["network", "timeline", "map"];
  const AHEAD_AFTER_MS = 1000;

  const viewModel = {
    ...read("kg-reader-view"),
    nodes: read("kg-view-nodes"),
    edges: read("kg-view-edges"),
    options: read("kg-view-options"),
  };
  const timelineModel = read("kg-reader-timeline");
  const mapModel = read("kg-reader-map");
  // In French, each picture names what the data names in French (i18n.js).
  if (window.kgI18n) {
    window.kgI18n.localise(viewModel.nodes);
    window.kgI18n.localise(mapModel.places);
    window.kgTimeline.inLanguage(timelineModel);
  }
  // The timeline's relationships are the network's edges (kg/views/reader.py sends
  // them once): each with its two ends' names, as kg.views.timeline writes them.
  const labels = new Map(viewModel.nodes.map((n) => [n.id, n.label]));
  timelineModel.edges = viewModel.edges.map(({ smooth, caption, ...edge }) => ({
    ...edge,
    fromLabel: labels.get(edge.from),
    toLabel: labels.get(edge.to),
  }));
  const edgeById = new Map(viewModel.edges.map((e) => [e.id, e]));

  // --- the panes that follow the network --------------------------------------
  // Each remembers the day and the selection it last drew, so it is brought
  // up to date only when shown and only with what changed.
  const UNSET = {};
  const chosen = { selection: null, origin: null };
  const timelineDetails = document.createElement("div");
  const mapDetails = document.createElement("div");
  let showMapDetails = null;
  const followers = {
    timeline: { handle: null, day: UNSET, selection: UNSET, draw: drawTimeline, select: selectInTimeline },
    map: { handle: null, day: UNSET, selection: UNSET, draw: drawMap, select: selectOnMap },
  };

  function drawTimeline() {
    return window.kgTimeline.draw($("pane-timeline"), timelineModel, {
      panel: timelineDetails,
      onDay: (day) => {
        followers.timeline.day = day;
        view.setDay(day);
      },
      onSelect: (what) => {
        if (!what) return;
        if (what.edge) {
          view.select({ edge: what.edge });
          choose({ edge: what.edge }, "timeline");
        } else {
          view.showDetails(timelineDetails);
          choose({ event: what.event }, "timeline");
        }
      },
    });
  }
  function selectInTimeline(handle, what) {
    if (!what) return handle.select(null);
    if (what.actor) {
      handle.showActor(what.actor, labels.get(what.actor));
      if (what.statement && edgeById.has(what.statement)) handle.select(what.statement);
      else handle.select(null);
    } else if (what.edge) handle.select(what.edge);
    else if (what.event) handle.select(what.event);
  }

  function drawMap() {
    const handle = window.kgMap.draw($("pane-map"), mapModel, {
      legend: $("map-legend"),
      onSelect: (what) => {
        if (!what) return;
        if (what.actor) {
          view.select({ node: what.actor });
          choose({ actor: what.actor, statement: what.statement }, "map");
          return;
        }
        showMapDetails(what);
        view.showDetails(mapDetails);
        choose(what.event ? { event: what.event } : { place: what.place }, "map");
      },
    });
    showMapDetails = window.kgMapPanel(mapDetails, mapModel, handle);
    return handle;
  }
  function selectOnMap(handle, what) {
    // An actor's markers (as the force or who sent it); a relationship's own,
    // else its actor's; an event's.
    if (!what) return handle.select(null);
    if (what.actor) return handle.select(what.statement || what.actor) || handle.select(what.actor);
    if (what.event) return handle.select(what.event);
    if (what.place) return handle.select(what.place);
    const edge = edgeById.get(what.edge);
    if (!edge) return handle.select(null);
    return handle.select(edge.id) || handle.select(edge.from) || handle.select(edge.to);
  }

  function drawn(name) {
    const follower = followers[name];
    if (!follower.handle) follower.handle = follower.draw();
    return follower.handle;
  }
  function bringUp(name) {
    // The follower drawn, at the network's day, with the page's selection.
    const follower = followers[name];
    const handle = drawn(name);
    if (follower.day !== view.day) {
      follower.day = view.day;
      handle.setDay(view.day);
      if (name === "map") $("map-counts").textContent = handle.summary();
    }
    if (follower.selection !== chosen.selection) {
      follower.selection = chosen.selection;
      follower.select(handle, chosen.selection);
    }
    if (name === "map" && mapDetails.isConnected && handle.selected) showMapDetails({ id: handle.selected });
  }
  function choose(selection, origin) {
    chosen.selection = selection;
    chosen.origin = origin;
    // The picture it was chosen in shows it already.
    if (origin in followers) followers[origin].selection = selection;
    if (pane in followers) bringUp(pane);
  }

  // --- search beyond actors: events (timeline) and places (map) -------------------
  const { normalise, words, t } = window.kgText;
  const DATE_LENGTH = { year: 4, month: 7, day: 10 };
  const findable = [
    ...timelineModel.events.map((event) => ({
      id: event.id,
      names: [event.label, event.labelFr, event.shortId, event.shortId.split(":")[1]],
      label: event.label,
      what: (event.kindLabel || t("event")) + ", " + String(event.date).slice(0, DATE_LENGTH[event.datePrecision] || 10),
      open: () => openEvent(event.id),
    })),
    ...mapModel.places.map((place) => ({
      id: place.id,
      names: [place.label, place.labelFr, place.shortId, (place.shortId || "").split(":")[1]],
      label: place.label,
      what: t("place: {kind}", { kind: words(place.kind).toLowerCase() }) + (place.stateLabel ? ", " + place.stateLabel : ""),
      open: () => openPlace(place.id),
    })),
  ].map((thing) => ({ ...thing, keys: thing.names.filter(Boolean).map(normalise) }));
  function findMore(wanted) {
    const found = [];
    for (const thing of findable) {
      const exact = thing.keys.includes(wanted);
      if (exact || thing.keys.some((key) => key.includes(wanted))) found.push({ ...thing, exact });
    }
    return found;
  }
  function openEvent(id) {
    show("timeline", true);
    drawn("timeline").select(id);
    view.showDetails(timelineDetails);
    choose({ event: id }, "timeline");
  }
  function openPlace(id) {
    show("map", true);
    drawn("map").select(id);
    showMapDetails({ place: id });
    view.showDetails(mapDetails);
    choose({ place: id }, "map");
  }

  // --- the network: the cursor, the panel, the first pane ------------------------
  let pane = PANES.includes(addressPane()) ? addressPane() : "network";
  const hooks = {
    ...window.kgView.pageHooks(),
    findMore,
    onDay: () => {
      if (pane in followers) bringUp(pane);
      // A place's details in the panel say what was there on the day.
      if (pane !== "map" && mapDetails.isConnected) bringUp("map");
    },
    onSelect: (what) => {
      if (what && what.node) choose({ actor: what.node }, "network");
      else if (what && what.edge) choose({ edge: what.edge }, "network");
    },
    onReady: () => {
      const selected = view.selected;
      if (selected && selected.node) choose({ actor: selected.node }, "network");
      // The other pictures, drawn ahead while the reader looks at this one: a
      // second after it is shown, one at a time when the browser is idle (each
      // takes a few hundred ms on the curated record, best not at the first click).
      const idle = window.requestIdleCallback || ((work) => setTimeout(work, 50));
      const ahead = Object.keys(followers);
      const next = () => {
        const name = ahead.shift();
        if (!name) return;
        drawn(name);
        idle(next, { timeout: 5000 });
      };
      setTimeout(() => idle(next, { timeout: 5000 }), AHEAD_AFTER_MS);
    },
  };
  window.kgView.draw(viewModel, hooks);
  const view = window.kgView;

  // --- tabs and the address --------------------------------------------------------
  function addressPane() {
    return new URLSearchParams(location.hash.slice(1)).get("pane");
  }
  function writeAddress() {
    const params = new URLSearchParams(location.hash.slice(1));
    params.set("pane", pane);
    const link = "#" + params.toString();
    // A page in a frame of its own (the portable explorer's) has no address to keep.
    if (location.hash !== link && location.protocol !== "about:") history.replaceState(null, "", link);
  }
  const tabs = PANES.map((name) => $("tab-" + name));
  function show(name, fromTab) {
    if (!PANES.includes(name)) return;
    pane = name;
    document.body.dataset.pane = name;
    for (const tab of tabs) {
      const selected = tab.dataset.pane === name;
      tab.setAttribute("aria-selected", String(selected));
      tab.tabIndex = selected ? 0 : -1;
    }
    if (name in followers) {
      bringUp(name);
      // Leaflet measures its container once: it may have changed size while hidden.
      if (name === "map") followers.map.handle.map.invalidateSize({ animate: false });
    }
    if (fromTab) writeAddress();
  }
  for (const tab of tabs) {
    tab.addEventListener("click", () => show(tab.dataset.pane, true));
    tab.addEventListener("keydown", (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (!step) return;
      const next = tabs[(tabs.indexOf(tab) + step + tabs.length) % tabs.length];
      next.focus();
      show(next.dataset.pane, true);
    });
  }
  show(pane, false);

  window.kgReader = {
    get ready() {
      if (!view.ready) return false;
      return !(pane in followers) || Boolean(followers[pane].handle && followers[pane].handle.ready);
    },
    get pane() {
      return pane;
    },
    show: (name) => show(name, true),
    view: view,
    get timeline() {
      return followers.timeline.handle;
    },
    get map() {
      return followers.map.handle;
    },
  };
})();
