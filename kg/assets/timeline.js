/* Draws a Sahel KG timeline model (kg/views/timeline.py) with vis-timeline.
 *
 *   const handle = window.kgTimeline.draw(container, model, hooks);
 *   window.kgTimeline.inLanguage(model)   the model in the page's language, in
 *                                          place (draw does it first)
 *
 * container  An element with a height; draw fills it with a toolbar (grouping,
 *            fit, legend), the timeline and a side panel for details and
 *            sources. Its styles are assets/timeline.css.
 * model      kg.views.timeline.timeline_model's JSON: items (relationship parts and
 *            events, days since 1970-01-01, ends exclusive), edges (the view
 *            model's, with their four day bounds), events, groups per grouping,
 *            kinds (colours from kg/styles.py), range, window, asOf.
 * hooks      All optional.
 *            onSelect(what)  the reader clicked an item: what is {edge: id} or
 *                            {event: id}; null when they cleared the selection.
 *            onDay(day)      the reader moved the date cursor (dragged it, or
 *                            clicked the time axis): a day number.
 *            panel           an element to show details and sources in, instead
 *                            of the timeline's own side panel.
 *
 * The handle:
 *   setDay(day | null)   moves the date cursor to a day number (null hides it);
 *                        items not in effect that day are dimmed: relationships
 *                        by the as-of rule (kgCertainty, assets/certainty.js),
 *                        events dated after it. Never calls hooks.onDay.
 *   select(id | null)    selects a relationship (its edge id: every part) or an
 *                        event, shows it in the panel and scrolls to it (lifting
 *                        an actor's filter that hides it). Never calls
 *                        hooks.onSelect.
 *   showActor(iri, label | null)
 *                        shows only the rows of one actor: its relationships
 *                        and the events it takes part in or that happened in
 *                        it, until the reader clicks "show all" (or null).
 *   setGroupBy(name)     "partner" or "kind".
 *   fit()                shows every item.
 *   destroy()            removes the drawing.
 *   day, groupBy, actor, ready
 *                        the current state (ready: drawn once).
 *   timeline, items      the vis.Timeline and its DataSet, for tests.
 *
 * Everything from the data reaches the page as text: item and group labels are
 * elements built with textContent (vis-timeline's template functions), the
 * tooltip and the panel too. Never innerHTML, never vis-timeline's own titles.
 *
 * A page holding <script id="kg-timeline-model" type="application/json">
 * (assets/timeline.html) is drawn on load into #kg-timeline, with its date
 * box (#day-input) and "all dates" box (#all-dates) wired to the cursor, and
 * the handle is window.kgTimeline.handle.
 *
 * A page holding vis-network too finds vis-timeline's namespace in
 * window.kgVis.timeline (assets/vis-keep.js); alone, it is the global vis.
 */
"use strict";
(function () {
  const vis = (window.kgVis && window.kgVis.timeline) || window.vis;
  const DAY_MS = 86400000;
  const COLOUR = /^#[0-9a-f]{3,8}$/i;
  const STATUS_TEXT = {
    Reported: "reported",
    Confirmed: "confirmed",
    Announced: "announced or planned",
    Denied: "denied",
  };
  const PART_TEXT = {
    certain: "certainly in effect",
    start: "may have started",
    end: "may have ended",
    uncertain: "possibly in effect, never certainly",
    never: "never in effect",
  };

  const { el, dayText, dateText, edgeDates, words, details, sourceItem } = window.kgText;
  function toDate(day) {
    return new Date(day * DAY_MS);
  }
  function dayOf(time) {
    return Math.floor(new Date(time).getTime() / DAY_MS);
  }

  const tr = (text) => window.kgText.t(text);

  // On a French page, what kg.views.timeline wrote of the data in French: the bars'
  // captions and reasons, the rows' names, events' kinds and who they involve
  // (and names, i18n.js's localise). Once per model, whoever draws it.
  function inLanguage(model) {
    if (!window.kgI18n || window.kgI18n.lang !== "fr" || model.inFrench) return;
    model.inFrench = true;
    window.kgI18n.localise(model.events);
    for (const list of Object.values(model.groups)) window.kgI18n.localise(list);
    for (const item of model.items) {
      if (item.textFr) item.text = item.textFr;
      if (item.reasonFr) item.reason = item.reasonFr;
    }
    for (const edge of model.edges || []) {
      if (edge.fromLabelFr) edge.fromLabel = edge.fromLabelFr;
      if (edge.toLabelFr) edge.toLabel = edge.toLabelFr;
    }
    for (const event of model.events) {
      if (event.kindLabelFr) event.kindLabel = event.kindLabelFr;
      if (event.actorLabelsFr) event.actorLabels = event.actorLabelsFr;
    }
  }

  function draw(container, model, hooks) {
    inLanguage(model);
    hooks = hooks || {};
    const edgeById = new Map(model.edges.map((e) => [e.id, e]));
    const eventById = new Map(model.events.map((e) => [e.id, e]));
    const modelItem = new Map(model.items.map((i) => [i.id, i]));
    const partsOf = new Map();
    for (const item of model.items) {
      const key = item.edge || item.event;
      if (!partsOf.has(key)) partsOf.set(key, []);
      partsOf.get(key).push(item.id);
    }
    const state = {
      day: null,
      groupBy: model.groupBy,
      selected: null,
      dimmed: new Set(),
      eventLabels: false,
      actor: null,
    };

    // --- the frame: toolbar, timeline, panel ---------------------------------
    container.replaceChildren();
    container.classList.add("kg-tl");
    const bar = el("div", null, { class: "kg-tl-bar" });
    const grouping = el("fieldset", null, { class: "kg-tl-grouping" });
    grouping.appendChild(el("legend", "Rows"));
    for (const [value, text] of [["partner", model.scope ? "by partner" : "by pair"], ["kind", "by kind"]]) {
      const label = el("label");
      const radio = el("input", null, { type: "radio", name: "kg-tl-group-by", value: value });
      radio.checked = value === state.groupBy;
      radio.addEventListener("change", () => radio.checked && setGroupBy(value));
      label.append(radio, document.createTextNode(" " + tr(text)));
      grouping.appendChild(label);
    }
    const fitButton = el("button", "Fit all", { type: "button", class: "kg-tl-fit" });
    fitButton.addEventListener("click", () => fit());
    const recent = el("button", "Recent years", { type: "button", class: "kg-tl-recent" });
    recent.addEventListener("click", () =>
      timeline.setWindow(toDate(model.window.start), toDate(model.window.end), { animation: false }),
    );
    const only = el("span", null, { class: "kg-tl-only", role: "status" });
    only.hidden = true;
    bar.append(grouping, fitButton, recent, only, legend());
    const frame = el("div", null, { class: "kg-tl-frame" });
    const panel = hooks.panel || el("aside", null, { class: "kg-tl-panel", "aria-label": "Details and sources" });
    const main = el("div", null, { class: "kg-tl-main" });
    main.appendChild(frame);
    if (!hooks.panel) main.appendChild(panel);
    container.append(bar, main);
    const tooltip = el("div", null, { class: "kg-tl-tooltip", role: "tooltip" });
    tooltip.hidden = true;
    container.appendChild(tooltip);

    function legend() {
      const box = el("div", null, { class: "kg-tl-legend" });
      for (const [kind, style] of Object.entries(model.kinds)) {
        const key = el("span", null, { class: "kg-tl-key" });
        const swatch = el("span", null, { class: "kg-tl-swatch" });
        if (COLOUR.test(style.color || "")) swatch.style.setProperty("--kg-colour", style.color);
        key.append(swatch, document.createTextNode(style.label ? tr(style.label) : words(kind)));
        box.appendChild(key);
      }
      for (const [cls, text] of [
        ["kg-tl-swatch kg-tl-swatch-uncertain", "uncertain part (hatched)"],
        ["kg-tl-swatch kg-tl-swatch-never", "announced or denied"],
        ["kg-tl-swatch kg-tl-swatch-event", "event"],
      ]) {
        const key = el("span", null, { class: "kg-tl-key" });
        key.append(el("span", null, { class: cls }), document.createTextNode(tr(text)));
        box.appendChild(key);
      }
      return box;
    }

    // --- vis items -------------------------------------------------------------
    function colourOf(kind) {
      const style = model.kinds[kind];
      return style && COLOUR.test(style.color || "") ? style.color : "#888888";
    }
    function classOf(item) {
      const names = [item.edge ? "kg-edge" : "kg-event", "kg-part-" + item.part];
      if (item.text[state.groupBy] && (item.edge || state.eventLabels)) names.push("kg-labelled");
      const status = item.edge ? edgeById.get(item.edge).status : eventById.get(item.event).status;
      if (item.event && !model.activeStatuses.includes(status)) names.push("kg-part-never");
      if (state.dimmed.has(item.id)) names.push("kg-dim");
      return names.join(" ");
    }
    function visItem(item) {
      const visible = {
        id: item.id,
        group: item.groups[state.groupBy],
        start: toDate(item.start),
        type: item.end === null ? "point" : "range",
        className: classOf(item),
        content: "",
      };
      if (item.end !== null) visible.end = toDate(item.end);
      if (item.edge) {
        visible.subgroup = item.edge;
        visible.style = "--kg-colour: " + colourOf(item.kind);
      }
      return visible;
    }
    function kept(item) {
      // With an actor chosen, its relationships and its events only.
      if (!state.actor) return true;
      if (item.edge) {
        const edge = edgeById.get(item.edge);
        return edge.from === state.actor || edge.to === state.actor;
      }
      const event = eventById.get(item.event);
      return event.actors.includes(state.actor) || event.places.includes(state.actor);
    }
    function visItems() {
      return model.items.filter(kept).map(visItem);
    }
    function visGroups() {
      const used = state.actor ? new Set(model.items.filter(kept).map((item) => item.groups[state.groupBy])) : null;
      const shown = model.groups[state.groupBy].filter((group) => !used || used.has(group.id));
      return shown.map((group, order) => ({
        id: group.id,
        order: order,
        kgLabel: group.label,
        kgEvents: group.id.startsWith("events:"),
        // A relationship's parts share one row (its subgroup); rows are packed
        // by time. Events stack freely.
        subgroupStack: group.id.startsWith("events:") ? undefined : true,
        content: "",
      }));
    }
    let items = new vis.DataSet(visItems());
    let groups = new vis.DataSet(visGroups());
    const options = {
      moment: (date) => vis.moment(date).utc(),
      stack: true,
      stackSubgroups: true,
      margin: { item: { horizontal: 0, vertical: 3 }, axis: 4 },
      orientation: { axis: "top", item: "top" },
      min: toDate(model.range.min),
      max: toDate(model.range.max),
      // No start and end here: with them, vis-timeline 8 stays hidden until the
      // window first changes. It fits, then opens on the model's window.
      // (Drawing empty, then setting the window and the items, lays out fewer
      // items but one at a time: twice as slow at 5,000, benchmarks/results.)
      onInitialDrawComplete: () => {
        timeline.setWindow(toDate(model.window.start), toDate(model.window.end), { animation: false });
        // vis-timeline redraws on the next animation frame; this runs after it.
        requestAnimationFrame(() => {
          handle.ready = true;
          container.dataset.ready = "true";
        });
      },
      zoomMin: 14 * DAY_MS,
      zoomKey: "ctrlKey",
      verticalScroll: true,
      height: "100%",
      selectable: true,
      multiselect: false,
      showCurrentTime: false,
      showTooltips: false,
      groupOrder: "order",
      groupHeightMode: "auto",
      template: (item) => {
        const source = modelItem.get(item.id);
        const shown = source && (source.edge || state.eventLabels);
        const text = shown ? source.text[state.groupBy] : "";
        return el("span", text, { class: "kg-text" });
      },
      groupTemplate: (group) => {
        if (!group) return el("span");
        return el("span", group.kgLabel, { class: group.kgEvents ? "kg-group kg-group-events" : "kg-group" });
      },
    };
    const timeline = new vis.Timeline(frame, items, groups, options);

    // --- the date cursor -------------------------------------------------------
    const CURSOR = "kg-cursor";
    let cursorShown = false;
    function inEffect(item, day) {
      if (item.edge) return kgCertainty(edgeById.get(item.edge), day, model.activeStatuses) !== "inactive";
      return item.start <= day;
    }
    function applyDimming() {
      const dimmed = new Set();
      if (state.day !== null) {
        for (const item of model.items) if (!inEffect(item, state.day)) dimmed.add(item.id);
      }
      const changed = [];
      for (const item of model.items) {
        if (dimmed.has(item.id) !== state.dimmed.has(item.id) && kept(item)) changed.push(item);
      }
      state.dimmed = dimmed;
      if (changed.length) items.update(changed.map((item) => ({ id: item.id, className: classOf(item) })));
    }
    function showCursor(day) {
      if (day === null) {
        if (cursorShown) timeline.removeCustomTime(CURSOR);
        cursorShown = false;
        return;
      }
      if (!cursorShown) {
        timeline.addCustomTime(toDate(day), CURSOR);
        timeline.setCustomTimeTitle((time) => window.kgText.t("as of {day}: drag to move", { day: dayText(dayOf(time)) }), CURSOR);
        cursorShown = true;
      } else {
        timeline.setCustomTime(toDate(day), CURSOR);
      }
      timeline.setCustomTimeMarker(dayText(day), CURSOR, false);
    }
    function setDay(day) {
      state.day = day === null || day === undefined ? null : Math.round(day);
      showCursor(state.day);
      applyDimming();
      refreshPanel();
    }
    // Dragging fires faster than 5,000 items restyle: keep the latest day, apply it once a frame.
    let pending = null;
    let frameRequest = 0;
    function dragTo(day) {
      pending = day;
      if (!frameRequest) {
        frameRequest = requestAnimationFrame(() => {
          frameRequest = 0;
          const day = pending;
          pending = null;
          state.day = day;
          timeline.setCustomTimeMarker(dayText(day), CURSOR, false);
          applyDimming();
          refreshPanel();
          if (hooks.onDay) hooks.onDay(day);
        });
      }
    }
    timeline.on("timechange", (props) => {
      if (props.id === CURSOR) dragTo(dayOf(props.time));
    });
    timeline.on("click", (props) => {
      if (props.what === "axis" && props.time) {
        const day = dayOf(props.time);
        setDay(day);
        if (hooks.onDay) hooks.onDay(day);
      }
    });

    // --- event names: shown once the window is narrow enough for them --------
    const EVENT_LABEL_YEARS = 6;
    function labelEvents() {
      const shown = timeline.getWindow();
      const wanted = shown.end - shown.start <= EVENT_LABEL_YEARS * 365.25 * DAY_MS;
      if (wanted === state.eventLabels) return;
      state.eventLabels = wanted;
      const events = model.items.filter((item) => item.event && kept(item));
      items.update(events.map((item) => ({ id: item.id, className: classOf(item) })));
    }
    timeline.on("rangechanged", labelEvents);

    // --- tooltip ---------------------------------------------------------------
    function partLine(item) {
      if (item.event) return null;
      const line = tr(PART_TEXT[item.part] || item.part);
      return item.reason ? window.kgText.t("{part}: {reason}", { part: line, reason: item.reason }) : line;
    }
    function edgeTitle(edge) {
      return edge.fromLabel + " → " + edge.toLabel;
    }
    function tipLines(item) {
      if (item.edge) {
        const edge = edgeById.get(item.edge);
        const lines = [edgeTitle(edge), words(edge.kind) + (edge.status ? " · " + tr(STATUS_TEXT[edge.status] || edge.status) : "")];
        for (const [name, value] of edgeDates(edge)) lines.push(name + " " + value);
        lines.push(partLine(item));
        lines.push(window.kgText.t("{n} source(s): click for details", { n: edge.sources.length }));
        return lines;
      }
      const event = eventById.get(item.event);
      const lines = [event.label, (event.kindLabel || words(event.kind)) + " · " + dateText(event.date, event.datePrecision)];
      if (event.place) lines.push(event.place);
      lines.push(window.kgText.t("{n} source(s): click for details", { n: event.sources.length }));
      return lines;
    }
    timeline.on("itemover", (props) => {
      const item = modelItem.get(props.item);
      if (!item) return;
      tooltip.textContent = tipLines(item).join("\n");
      const box = container.getBoundingClientRect();
      tooltip.style.left = Math.round(props.event.clientX - box.left + 14) + "px";
      tooltip.style.top = Math.round(props.event.clientY - box.top + 14) + "px";
      tooltip.hidden = false;
    });
    timeline.on("itemout", () => (tooltip.hidden = true));

    // --- panel: details and sources ---------------------------------------------
    function sources(list) {
      const block = el("section", null, { class: "kg-tl-sources" });
      block.appendChild(el("h3", window.kgText.t("Sources ({n})", { n: list.length })));
      const ordered = el("ol");
      for (const source of list) ordered.appendChild(sourceItem(source));
      block.appendChild(ordered);
      return block;
    }
    function certaintyLine(edge) {
      if (state.day === null) return null;
      const certainty = kgCertainty(edge, state.day, model.activeStatuses);
      const day = dayText(state.day);
      const t = window.kgText.t;
      if (certainty === "certain") return t("in effect on {day}", { day });
      if (certainty === "possible") return t("possibly in effect on {day}: {reason}", { day, reason: kgReason(edge, state.day) });
      return t("not in effect on {day}", { day });
    }
    function showEdge(id, part) {
      const edge = edgeById.get(id);
      panel.replaceChildren(el("h2", "Relationship"));
      panel.appendChild(el("p", edgeTitle(edge), { class: "kg-tl-name" }));
      const clicked = part ? modelItem.get(part) : null;
      panel.appendChild(
        details([
          ["kind", words(edge.kind)],
          ["status", tr(STATUS_TEXT[edge.status] || edge.status)],
          ...edgeDates(edge),
          ["start", kgBasis(edge, "start")],
          ["end", kgBasis(edge, "end")],
          ["this part", clicked ? partLine(clicked) : null],
          ["as of", certaintyLine(edge)],
          ["evidence", edge.evidence],
          ["id", edge.shortId],
        ]),
      );
      panel.appendChild(sources(edge.sources));
    }
    function showEvent(id) {
      const event = eventById.get(id);
      panel.replaceChildren(el("h2", "Event"));
      panel.appendChild(el("p", event.label, { class: "kg-tl-name" }));
      const version = event.versionOf ? eventById.get(event.versionOf) : null;
      panel.appendChild(
        details([
          ["French", event.labelFr],
          ["kind", event.kindLabel || words(event.kind)],
          ["date", dateText(event.date, event.datePrecision)],
          ["status", tr(STATUS_TEXT[event.status] || event.status)],
          ["place", event.place],
          ["involves", event.actorLabels.join(", ")],
          ["version of", version ? version.label : event.versionOf],
          ["evidence", event.evidence],
          ["id", event.shortId],
        ]),
      );
      panel.appendChild(sources(event.sources));
    }
    function showStart() {
      panel.replaceChildren(el("h2", model.scopeLabel || "Whole graph"));
      panel.appendChild(
        el(
          "p",
          window.kgText.t("{edges} relationships, {events} events", { edges: model.edges.length, events: model.events.length }) +
            (model.horizon ? window.kgText.t("; the record was checked up to {day}", { day: model.horizon }) : "") + ".",
          { class: "kg-tl-counts" },
        ),
      );
      panel.appendChild(
        el(
          "p",
          "Solid bars: certainly in effect. Hatched: what the sources leave uncertain (an unknown or imprecise start, an end announced but not dated, an open end after the record was last checked). Click an item for its sources; drag the date line or click the axis to set a date; Ctrl + wheel zooms.",
          { class: "kg-tl-hint" },
        ),
      );
    }
    function refreshPanel() {
      if (!state.selected) return;
      if (state.selected.edge) showEdge(state.selected.edge, state.selected.part);
    }
    function select(id, part) {
      if (id === null || id === undefined) {
        state.selected = null;
        timeline.setSelection([]);
        showStart();
        return;
      }
      if (edgeById.has(id)) {
        if (!(partsOf.get(id) || []).some((key) => kept(modelItem.get(key)))) showActor(null);
        state.selected = { edge: id, part: part || null };
        timeline.setSelection(partsOf.get(id) || []);
        showEdge(id, part);
      } else if (eventById.has(id)) {
        if (!(partsOf.get(id) || []).some((key) => kept(modelItem.get(key)))) showActor(null);
        state.selected = { event: id };
        timeline.setSelection(partsOf.get(id) || []);
        showEvent(id);
      } else {
        return;
      }
      if (!part) {
        // Bring the labelled part (the certain one, where there is one) into view:
        // all parts may span centuries.
        const parts = (partsOf.get(id) || []).map((key) => modelItem.get(key));
        const shown = parts.find((item) => item.text.partner || item.text.kind) || parts[0];
        if (shown) timeline.focus(shown.id, { animation: false, zoom: false });
      }
    }
    timeline.on("select", (props) => {
      const item = props.items.length ? modelItem.get(props.items[0]) : null;
      if (!item) {
        select(null);
        if (hooks.onSelect) hooks.onSelect(null);
        return;
      }
      const id = item.edge || item.event;
      select(id, item.id);
      if (hooks.onSelect) hooks.onSelect(item.edge ? { edge: id } : { event: id });
    });

    // --- grouping, fit, ready --------------------------------------------------
    function setGroupBy(name) {
      if (!model.groups[name] || name === state.groupBy) return;
      state.groupBy = name;
      for (const radio of grouping.querySelectorAll("input")) radio.checked = radio.value === name;
      reload();
    }
    function reload() {
      // New data sets in one go: emptying and refilling the old ones makes
      // vis-timeline reorder its rows once per row added.
      // vis-timeline lays out the rows it shows one item at a time when they
      // change: swap the data while the window shows none of them, then lay
      // them out together (5,000 items: 8 s down to 2, benchmarks/results).
      const shown = timeline.getWindow();
      const empty = toDate(model.range.min);
      timeline.setWindow(empty, new Date(empty.getTime() + DAY_MS), { animation: false });
      groups = new vis.DataSet(visGroups());
      items = new vis.DataSet(visItems());
      timeline.setData({ groups: groups, items: items });
      timeline.setWindow(shown.start, shown.end, { animation: false });
      if (state.selected) timeline.setSelection(partsOf.get(state.selected.edge || state.selected.event) || []);
    }
    function showActor(iri, label) {
      const actor = iri || null;
      if (actor === state.actor) return;
      state.actor = actor;
      only.hidden = !actor;
      if (actor) {
        const all = el("button", "show all", { type: "button", class: "kg-tl-all" });
        all.addEventListener("click", () => showActor(null));
        only.replaceChildren(document.createTextNode(tr("Rows of ")), el("b", label || actor), document.createTextNode(" "), all);
      } else only.replaceChildren();
      reload();
    }
    function fit() {
      timeline.fit({ animation: false });
    }

    const handle = {
      setDay: setDay,
      select: (id) => select(id),
      showActor: showActor,
      setGroupBy: setGroupBy,
      fit: fit,
      destroy: () => {
        if (frameRequest) cancelAnimationFrame(frameRequest);
        timeline.destroy();
        container.replaceChildren();
      },
      timeline: timeline,
      get items() {
        return items;
      },
      model: model,
      ready: false,
      get day() {
        return state.day;
      },
      get groupBy() {
        return state.groupBy;
      },
      get actor() {
        return state.actor;
      },
      get selected() {
        return state.selected;
      },
    };
    showStart();
    if (model.asOf !== null && model.asOf !== undefined) setDay(model.asOf);
    return handle;
  }

  window.kgTimeline = { draw: draw, inLanguage: inLanguage, handle: null };

  const embedded = document.getElementById("kg-timeline-model");
  if (embedded) {
    const model = JSON.parse(embedded.textContent);
    const $ = (id) => document.getElementById(id);
    const dayInput = $("day-input");
    const allDates = $("all-dates");
    function showDay(day) {
      if (dayInput) dayInput.value = day === null ? "" : dayText(day);
      if (allDates) allDates.checked = day === null;
    }
    // A page of its own (kg view timeline): its header in the page's language too.
    const french = window.kgI18n && window.kgI18n.lang === "fr";
    if (window.kgI18n) window.kgI18n.translate($("view-header"));
    if (french) document.documentElement.lang = "fr";
    const title = french && model.titleFr ? model.titleFr : model.title;
    if ($("title")) $("title").textContent = title;
    document.title = title;
    const handle = draw($("kg-timeline"), model, { onDay: showDay });
    window.kgTimeline.handle = handle;
    showDay(handle.day);
    if (dayInput) {
      // YYYY, YYYY-MM or YYYY-MM-DD, read as its first day (as --as-of reads it).
      dayInput.addEventListener("change", () => {
        const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(dayInput.value.trim());
        const ms = match ? Date.UTC(+match[1], (+match[2] || 1) - 1, +match[3] || 1) : NaN;
        const valid = !Number.isNaN(ms) && dayText(ms / DAY_MS).startsWith(dayInput.value.trim());
        dayInput.setCustomValidity(valid ? "" : tr("a date as YYYY-MM-DD"));
        if (valid) {
          handle.setDay(Math.round(ms / DAY_MS));
          showDay(handle.day);
        }
      });
    }
    if (allDates) {
      allDates.addEventListener("change", () => {
        const fallback = model.horizon ? Math.round(Date.parse(model.horizon + "T00:00:00Z") / DAY_MS) : model.window.end;
        handle.setDay(allDates.checked ? null : handle.day ?? fallback);
        showDay(handle.day);
      });
    }
  }
})();
