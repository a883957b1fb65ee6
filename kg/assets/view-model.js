/* Views built in the browser from a view model Python made (kg/views/__init__.py).
 *
 * kg view, the server and the portable explorer draw view models that
 * kg/views/__init__.py builds and kg/views/drawing.py turns into vis-network items. The
 * portable explorer (kg/bundle.py) carries one such model, the overview, with
 * the day bounds, positions, names and looks Python computed; where it must
 * build another view at the reader's request it calls this module, which
 * does what kg/views/__init__.py does, on that overview's items:
 *
 *   kgViewModel.ego(base, centre, depth, asOfDay)    kg.views.ego
 *   kgViewModel.path(base, source, target, asOfDay)  kg.views.path
 *   kgViewModel.construct(base, triples, meta, names) kg.views.construct
 *   kgViewModel.fromParts(base, nodes, edges, meta)  kg.views.view_model
 *   kgViewModel.curveParallel(edges)                 kg.views._curve_parallel
 *
 * ``base`` is the overview (title, looks, options and the vis items); the
 * actors are IRIs; days are numbers since 1970-01-01. ``triples`` are the
 * engine's terms of a CONSTRUCT answer; ``names`` is the query page's lookup
 * (kgQueryPage.names: shorten, labelOf, namesOf). tests/test_bundle.py
 * compares these models edge by edge with Python's for the overview, ego and
 * path views and a CONSTRUCT view of the curated graph.
 */
"use strict";
(function () {
  // The look kg/views/drawing.py spreads over an item; the rest are the model's fields.
  const NODE_LOOK = ["group", "shape"];
  const EDGE_LOOK = ["arrows", "color", "dashes", "label", "font"];
  const LARGE_GRAPH = 1000;

  function without(item, keys) {
    const copy = { ...item };
    for (const key of keys) delete copy[key];
    return copy;
  }
  function styles(counts, fixed, palette) {
    // kg.views._styles: the fixed tables first, then other values, sorted, on palette slots.
    const out = {};
    for (const [name, style] of Object.entries(fixed)) {
      if (counts.has(name)) out[name] = { ...style, count: counts.get(name) };
    }
    const extra = [...counts.keys()].filter((k) => !(k in fixed)).sort();
    extra.forEach((name, i) => {
      out[name] = { ...palette[i % palette.length], count: counts.get(name) };
    });
    return out;
  }
  function curveParallel(edges) {
    // kg.views._curve_parallel: edges between the same two actors get distinct curves.
    const byPair = new Map();
    for (const edge of edges) {
      const key = edge.from <= edge.to ? edge.from + "\u0000" + edge.to : edge.to + "\u0000" + edge.from;
      if (!byPair.has(key)) byPair.set(key, []);
      byPair.get(key).push(edge);
    }
    for (const group of byPair.values()) {
      if (group.length === 1) continue;
      group.forEach((edge, i) => {
        const rank = group.length % 2 === 0 ? Math.floor(i / 2) + 1 : Math.floor((i + 1) / 2);
        if (rank === 0) return;
        const clockwise = (i % 2 === 0) === (edge.from < edge.to);
        edge.smooth = { enabled: true, type: clockwise ? "curvedCW" : "curvedCCW", roundness: Math.min(0.15 * rank, 0.9) };
      });
    }
  }
  function fromParts(base, nodeList, edgeList, meta) {
    // kg.views.view_model then kg.views.drawing.VisNetwork.of: counts, span, looks, items.
    const nodes = nodeList.map((n) => without(n, NODE_LOOK));
    const edges = edgeList.map((e) => {
      const edge = without(e, EDGE_LOOK);
      delete edge.smooth;
      return edge;
    });
    curveParallel(edges);
    const typeCounts = new Map();
    for (const n of nodes) typeCounts.set(n.type, (typeCounts.get(n.type) || 0) + 1);
    const kindCounts = new Map();
    for (const e of edges) kindCounts.set(e.kind || "", (kindCounts.get(e.kind || "") || 0) + 1);
    const types = styles(typeCounts, base.styles.types, base.styles.typePalette);
    const kinds = styles(kindCounts, base.styles.kinds, base.styles.kindPalette);
    const unbounded = new Set(base.styles.unboundedDays);
    const days = [];
    for (const e of edges) {
      for (const day of [e.earliestStartDay, e.latestStartDay, e.earliestEndDay, e.latestEndDay]) {
        if (day !== null && day !== undefined && !unbounded.has(day)) days.push(day);
      }
      if (e.endAnnounced) days.push(Math.round(Date.parse(e.endAnnounced + "T00:00:00Z") / 86400000));
    }
    const asOf = meta.asOf ?? null;
    if (asOf !== null) days.push(asOf);
    const large = nodes.length > LARGE_GRAPH;
    const looks = base.defaultLooks;
    const active = new Set(base.activeStatuses);
    return {
      ...meta,
      asOf: asOf,
      span: days.length ? { min: Math.min(...days), max: Math.max(...days) } : null,
      horizon: "horizon" in meta ? meta.horizon : base.horizon,
      activeStatuses: base.activeStatuses,
      large: large,
      focus: meta.focus || null,
      paths: meta.paths || [],
      types: types,
      kinds: kinds,
      defaultLooks: looks,
      options: {
        ...(large ? base.styles.options.large : base.styles.options.small),
        groups: Object.fromEntries(Object.entries(types).map(([t, s]) => [t, s.look])),
      },
      nodes: nodes.map((n) => ({ ...n, group: n.type || "", shape: ((types[n.type] || {}).look || looks.node).shape })),
      edges: edges.map((e) => {
        const item = { ...e, arrows: "to", ...structuredClone((kinds[e.kind || ""] || {}).look || looks.edge) };
        if (e.status && !active.has(e.status)) item.color.opacity = looks.fadedOpacity;
        if (meta.view === "path" && e.caption) {
          item.label = e.caption;
          item.labelFr = e.captionFr;
          item.font = { ...base.styles.pathLabelFont };
        }
        return item;
      }),
    };
  }
  function inEffect(base, edge, day) {
    return kgCertainty(edge, day, base.activeStatuses) !== "inactive";
  }
  function activeEdges(base, day) {
    return day === null || day === undefined ? base.edges : base.edges.filter((e) => inEffect(base, e, day));
  }
  function neighbours(edges) {
    // An undirected simple graph filled in edge order, as networkx's Graph is.
    const near = new Map();
    const link = (a, b) => {
      if (!near.has(a)) near.set(a, []);
      if (!near.get(a).includes(b)) near.get(a).push(b);
    };
    for (const e of edges) {
      link(e.from, e.to);
      link(e.to, e.from);
    }
    return near;
  }
  function nodeMap(base) {
    if (!base.nodeById) Object.defineProperty(base, "nodeById", { value: new Map(base.nodes.map((n) => [n.id, n])) });
    return base.nodeById;
  }
  function when(day) {
    return day === null || day === undefined ? "" : " as of " + new Date(day * 86400000).toISOString().slice(0, 10);
  }
  function ego(base, centre, depth, asOfDay) {
    // An actor and everything within depth relationships of it on the day, with
    // every edge among them whatever its dates (kg.views.ego).
    const byId = nodeMap(base);
    if (!byId.has(centre)) throw new Error(centre + " is not an actor in the network");
    if (!(depth >= 1)) throw new Error("depth " + depth + ": give 1 or more");
    const chosen = activeEdges(base, asOfDay);
    const around = neighbours(chosen);
    const near = new Set([centre]);
    let frontier = around.has(centre) || asOfDay === null || asOfDay === undefined ? [centre] : [];
    for (let hop = 0; hop < depth; hop += 1) {
      const next = [];
      for (const a of frontier) for (const b of around.get(a) || []) if (!near.has(b)) (near.add(b), next.push(b));
      frontier = next;
    }
    const nodes = base.nodes.filter((n) => near.has(n.id));
    const edges = base.edges.filter((e) => near.has(e.from) && near.has(e.to));
    const title = base.siteTitle + ": " + byId.get(centre).label + " and its neighbours (depth " + depth + ")" + when(asOfDay);
    return fromParts(base, nodes, edges, { title, view: "ego", asOf: asOfDay ?? null, focus: centre });
  }
  function shortestPaths(around, source, target, limit) {
    // networkx.all_shortest_paths: predecessors level by level, then the
    // paths read back from the target, in the same order.
    const pred = new Map([[source, []]]);
    const level = new Map([[source, 0]]);
    let next = [source];
    let depth = 0;
    while (next.length) {
      depth += 1;
      const current = next;
      next = [];
      for (const v of current) {
        for (const w of around.get(v) || []) {
          if (!level.has(w)) (pred.set(w, [v]), level.set(w, depth), next.push(w));
          else if (level.get(w) === depth) pred.get(w).push(v);
        }
      }
    }
    if (!pred.has(target)) return [];
    const found = [];
    const seen = new Set([target]);
    const stack = [[target, 0]];
    let top = 0;
    while (top >= 0 && found.length < limit) {
      const [node, i] = stack[top];
      if (node === source) found.push(stack.slice(0, top + 1).map((s) => s[0]).reverse());
      if (pred.get(node).length > i) {
        stack[top][1] = i + 1;
        const step = pred.get(node)[i];
        if (seen.has(step)) continue;
        seen.add(step);
        top += 1;
        stack[top] = [step, 0];
      } else {
        seen.delete(node);
        top -= 1;
      }
    }
    return found;
  }
  function pathTimes(hops, activeStatuses, unbounded) {
    // kg.views.path_times: when every hop may have held at once, and when all
    // certainly did (first day, day after; null for a side the record leaves
    // open, at the derive step's sentinel days), or null for a span that never was.
    if (hops.some((hop) => !activeStatuses.includes(hop.status))) return { possible: null, certain: null };
    const open = (day) => (unbounded.has(day) ? null : day);
    const span = (first, after) => {
      const start = Math.max(...hops.map((hop) => hop[first]));
      const end = Math.min(...hops.map((hop) => hop[after]));
      return start < end ? [open(start), open(end)] : null;
    };
    return { possible: span("earliestStartDay", "latestEndDay"), certain: span("latestStartDay", "earliestEndDay") };
  }
  function path(base, source, target, asOfDay, limit) {
    // kg.network.explained_paths drawn as kg.views.path: each pair of actors on a
    // shortest path is one hop per relationship between them, either way.
    const max = limit || 5;
    const byId = nodeMap(base);
    if (source === target) throw new Error("the two names are the same actor: give two");
    const edges = activeEdges(base, asOfDay);
    const found = [];
    if (byId.has(source)) {
      // Routes take turns, as in kg.network.explained_paths.
      const routes = [];
      for (const nodes of shortestPaths(neighbours(edges), source, target, max)) {
        let options = [[]];
        for (let i = 0; i + 1 < nodes.length; i += 1) {
          const [a, b] = [nodes[i], nodes[i + 1]];
          const hops = [...edges.filter((e) => e.from === a && e.to === b), ...edges.filter((e) => e.from === b && e.to === a)];
          options = options.flatMap((p) => hops.map((hop) => [...p, hop]));
        }
        routes.push(options);
      }
      const most = Math.max(0, ...routes.map((options) => options.length));
      for (let rank = 0; rank < most; rank += 1) {
        for (const options of routes) if (rank < options.length) found.push(options[rank]);
      }
    }
    if (!found.length) return null;
    const kept = found.slice(0, max);
    // The drawn graph's order: actors as the hops meet them.
    const order = [...new Set(kept.flat().flatMap((edge) => [edge.from, edge.to]))];
    const drawnEdges = drawnOrder(order, kept.flat());
    const title = base.siteTitle + ": " + byId.get(source).label + " to " + byId.get(target).label + when(asOfDay);
    return fromParts(base, order.map((id) => byId.get(id)), drawnEdges, {
      title, view: "path", asOf: asOfDay ?? null, paths: kept.map((hops) => hops.map((e) => e.id)),
      pathTimes: kept.map((hops) => pathTimes(hops, base.activeStatuses, new Set(base.styles.unboundedDays))),
      ends: [source, target],
    });
  }
  function drawnOrder(order, edges) {
    // A networkx MultiDiGraph's edge order: grouped by first actor in ``order``,
    // then by second actor as first met, then as added (a key added again stays put).
    const out = new Map(order.map((id) => [id, new Map()]));
    for (const edge of edges) {
      const targets = out.get(edge.from);
      if (!targets.has(edge.to)) targets.set(edge.to, new Map());
      targets.get(edge.to).set(edge.id, edge);
    }
    return order.flatMap((u) => [...out.get(u).values()].flatMap((byKey) => [...byKey.values()]));
  }
  function construct(base, triples, meta, names) {
    // kg.views.construct: each subject and object a node (an actor as the
    // overview has it, else a resource, a literal or a blank node), each triple
    // an edge named by its N-Triples text, its predicate as its kind; nothing
    // in it is dated, and it has no horizon.
    const actors = nodeMap(base);
    const nodes = new Map();
    const nodeFor = (term) => {
      const key = term.termType === "NamedNode" ? term.value : term.toString();
      if (nodes.has(key)) return key;
      let node;
      if (term.termType === "NamedNode") {
        node = actors.has(key) ? { ...actors.get(key) } : {
          id: key, iri: key, shortId: names.shorten(key), label: names.labelOf(key), labelFr: null,
          type: "Resource", names: names.namesOf(key),
        };
      } else {
        const literal = term.termType === "Literal";
        node = {
          id: key, iri: key, shortId: key, label: literal ? term.value : key, labelFr: null,
          type: literal ? "Literal" : "BlankNode", names: [],
        };
      }
      nodes.set(key, node);
      return key;
    };
    const edges = [];
    for (const triple of triples) {
      const from = nodeFor(triple.subject);
      const to = nodeFor(triple.object);
      const id = [triple.subject, triple.predicate, triple.object].map((t) => t.toString()).join(" ");
      const kind = names.shorten(triple.predicate.value);
      const edge = Object.fromEntries(base.styles.edgeFields.map((field) => [field, null]));
      edges.push(Object.assign(edge, {
        kind, caption: (base.styles.kinds[kind] || {}).label || kind,
        captionFr: (base.styles.kinds[kind] || {}).labelFr || (base.styles.kinds[kind] || {}).label || kind,
        dates: "", datesFr: "", figures: [], figuresFr: [],
        id, shortId: id, iri: id, from, to, sources: [],
        earliestStartDay: null, latestStartDay: null, earliestEndDay: null, latestEndDay: null,
      }));
    }
    const order = [...nodes.keys()];
    return fromParts(base, [...nodes.values()], drawnOrder(order, edges), { horizon: null, ...meta, view: "query" });
  }
  window.kgViewModel = { fromParts, ego, path, construct, curveParallel };
})();
