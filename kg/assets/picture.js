/* Pictures a reader can keep: a drawn network as a PNG, on white, under a
 * caption that says what it shows and on which day, with a key to its lines
 * and a credit line, so the picture still reads once it leaves the page.
 *
 *   kgPicture.png(canvas, {title, when, key, credit})  a Promise of a PNG Blob
 *   kgPicture.svg(scene, {title, when, key, credit})   an SVG Blob of the same picture,
 *                                                       drawn as vectors from a scene
 *                                                       ({nodes, edges} as laid out)
 *   kgPicture.save(blob, name)                         offers it as a download
 *   kgPicture.fileName(title, when, ext)               "sahel-kg-overview-2024-06-01.png"
 *
 * Everything from the data is drawn as text: on a canvas, or as the text of
 * SVG elements built through the DOM, so nothing from the data becomes markup.
 */
(function () {
  "use strict";

  const FONT = 'system-ui, -apple-system, "Segoe UI", sans-serif';

  function png(canvas, parts) {
    // The network's canvas is drawn at the screen's pixel ratio; the caption
    // follows it, so text is as sharp as the picture.
    const ratio = canvas.width / Math.max(1, canvas.clientWidth);
    const pad = 12 * ratio;
    const width = canvas.width;
    const out = document.createElement("canvas");
    const g = out.getContext("2d");
    const key = parts.key || [];
    // Lay out the key first (it wraps), to know the picture's height.
    g.font = `${12 * ratio}px ${FONT}`;
    const sample = 26 * ratio;
    const rows = [[]];
    let x = pad;
    for (const item of key) {
      const w = sample + 6 * ratio + g.measureText(item.text).width + 16 * ratio;
      if (x + w > width - pad && rows[rows.length - 1].length) {
        rows.push([]);
        x = pad;
      }
      rows[rows.length - 1].push({ ...item, x });
      x += w;
    }
    const line = 18 * ratio;
    const head = pad + 2 * line;
    const keyHeight = key.length ? rows.length * line + pad / 2 : 0;
    out.width = width;
    out.height = head + canvas.height + keyHeight + line + pad;
    g.fillStyle = "#fff";
    g.fillRect(0, 0, out.width, out.height);
    g.textBaseline = "middle";
    g.fillStyle = "#222";
    g.font = `600 ${15 * ratio}px ${FONT}`;
    g.fillText(parts.title, pad, pad + line / 2);
    g.fillStyle = "#444";
    g.font = `${12 * ratio}px ${FONT}`;
    g.fillText(parts.when, pad, pad + line * 1.5);
    g.drawImage(canvas, 0, head);
    let y = head + canvas.height + pad / 2 + line / 2;
    for (const row of rows) {
      for (const item of row) {
        g.strokeStyle = item.color;
        g.lineWidth = 2.5 * ratio;
        g.setLineDash(Array.isArray(item.dashes) ? item.dashes.map((d) => d * ratio) : []);
        g.beginPath();
        g.moveTo(item.x, y);
        g.lineTo(item.x + sample, y);
        g.stroke();
        g.fillStyle = "#333";
        g.fillText(item.text, item.x + sample + 6 * ratio, y);
      }
      y += line;
    }
    g.setLineDash([]);
    g.fillStyle = "#666";
    g.font = `${11 * ratio}px ${FONT}`;
    g.fillText(parts.credit, pad, out.height - pad - line / 2);
    return new Promise((resolve, reject) =>
      out.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("no picture"))), "image/png"),
    );
  }

  const SVG_NS = "http://www.w3.org/2000/svg";
  const LABEL_EM = 0.56; // a label's width per character, in font sizes (for the frame)

  function svgEl(doc, name, attrs, text) {
    const node = doc.createElementNS(SVG_NS, name);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value !== null && value !== undefined) node.setAttribute(key, String(value));
    }
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function dashArray(dashes) {
    return Array.isArray(dashes) && dashes.length ? dashes.join(" ") : null;
  }

  // A node's marker: vis-network's shapes, as SVG.
  function marker(doc, shape, x, y, size, paint) {
    const corners = (count, turn, radius = size) =>
      Array.from({ length: count }, (_, i) => {
        const a = turn + (2 * Math.PI * i) / count;
        return `${x + radius * Math.cos(a)},${y + radius * Math.sin(a)}`;
      }).join(" ");
    switch (shape) {
      case "square":
        return svgEl(doc, "rect", { x: x - size, y: y - size, width: 2 * size, height: 2 * size, ...paint });
      case "diamond":
        return svgEl(doc, "polygon", { points: corners(4, 0), ...paint });
      case "triangle":
        return svgEl(doc, "polygon", { points: corners(3, -Math.PI / 2, size * 1.15), ...paint });
      case "triangleDown":
        return svgEl(doc, "polygon", { points: corners(3, Math.PI / 2, size * 1.15), ...paint });
      case "hexagon":
        return svgEl(doc, "polygon", { points: corners(6, 0), ...paint });
      case "star": {
        const points = Array.from({ length: 10 }, (_, i) => {
          const a = -Math.PI / 2 + (Math.PI * i) / 5;
          const r = i % 2 ? size * 0.5 : size * 1.2;
          return `${x + r * Math.cos(a)},${y + r * Math.sin(a)}`;
        });
        return svgEl(doc, "polygon", { points: points.join(" "), ...paint });
      }
      default:
        return svgEl(doc, "circle", { cx: x, cy: y, r: size, ...paint });
    }
  }

  function svg(scene, parts) {
    // The frame: every node with its label, padded, in the network's own units.
    let l = Infinity, r = -Infinity, t = Infinity, b = -Infinity;
    for (const n of scene.nodes) {
      const lines = n.lines || [n.label || ""];
      const longest = Math.max(0, ...lines.map((line) => line.length));
      const half = Math.max(n.size || 8, (longest * LABEL_EM * n.fontSize) / 2);
      l = Math.min(l, n.x - half);
      r = Math.max(r, n.x + half);
      t = Math.min(t, n.y - (n.size || 8) - n.fontSize);
      b = Math.max(b, n.y + (n.size || 8) + (0.6 + 1.15 * lines.length) * n.fontSize);
    }
    if (!scene.nodes.length) l = r = t = b = 0;
    const pad = 24;
    const width = Math.max(480, r - l + 2 * pad);
    const line = 22;
    const head = pad + 2 * line;
    const key = parts.key || [];
    const perRow = Math.max(1, Math.floor(width / 240));
    const keyRows = Math.ceil(key.length / perRow);
    const drawing = b - t + 2 * pad;
    const height = head + drawing + keyRows * line + 2 * line;
    const doc = document.implementation.createDocument(SVG_NS, "svg", null);
    const root = doc.documentElement;
    for (const [k, v] of Object.entries({ width: Math.round(width), height: Math.round(height), viewBox: `0 0 ${width} ${height}` })) {
      root.setAttribute(k, String(v));
    }
    root.setAttribute("font-family", FONT);
    root.appendChild(svgEl(doc, "title", {}, parts.title));
    root.appendChild(svgEl(doc, "rect", { width: "100%", height: "100%", fill: "#fff" }));
    root.appendChild(svgEl(doc, "text", { x: pad, y: pad + line / 2, "font-size": 17, "font-weight": 600, fill: "#222" }, parts.title));
    root.appendChild(svgEl(doc, "text", { x: pad, y: pad + line * 1.5, "font-size": 13, fill: "#444" }, parts.when));
    // The network, moved so its frame starts below the caption.
    const net = svgEl(doc, "g", { transform: `translate(${pad - l + (width - 2 * pad - (r - l)) / 2} ${head + pad - t})` });
    root.appendChild(net);
    const lines = svgEl(doc, "g", { fill: "none", "stroke-linecap": "round" });
    net.appendChild(lines);
    for (const e of scene.edges) {
      const d = e.via
        ? `M ${e.from.x} ${e.from.y} Q ${e.via.x} ${e.via.y} ${e.to.x} ${e.to.y}`
        : `M ${e.from.x} ${e.from.y} L ${e.to.x} ${e.to.y}`;
      const style = { stroke: e.color, "stroke-width": e.width || 1.5, "stroke-opacity": e.opacity ?? 1, "stroke-dasharray": dashArray(e.dashes) };
      lines.appendChild(svgEl(doc, "path", { d, ...style }));
      // An arrowhead along the line, two thirds of the way to its target.
      const c = e.via || { x: (e.from.x + e.to.x) / 2, y: (e.from.y + e.to.y) / 2 };
      const s = 2 / 3;
      const at = {
        x: (1 - s) ** 2 * e.from.x + 2 * (1 - s) * s * c.x + s * s * e.to.x,
        y: (1 - s) ** 2 * e.from.y + 2 * (1 - s) * s * c.y + s * s * e.to.y,
      };
      const dx = 2 * (1 - s) * (c.x - e.from.x) + 2 * s * (e.to.x - c.x);
      const dy = 2 * (1 - s) * (c.y - e.from.y) + 2 * s * (e.to.y - c.y);
      const angle = (Math.atan2(dy, dx) * 180) / Math.PI;
      lines.appendChild(
        svgEl(doc, "path", {
          d: "M 5 0 L -4 -4 L -4 4 Z",
          transform: `translate(${at.x} ${at.y}) rotate(${angle})`,
          fill: e.color,
          "fill-opacity": e.opacity ?? 1,
          stroke: "none",
        }),
      );
    }
    for (const n of scene.nodes) {
      const paint = { fill: n.color, stroke: n.border || n.color, "stroke-width": 1.5 };
      const group = svgEl(doc, "g", { class: "actor" });
      group.appendChild(svgEl(doc, "title", {}, n.label || ""));
      const lines = n.lines || [n.label || ""];
      const leading = 1.15 * n.fontSize;
      const text = (y, anchor) => {
        const block = svgEl(doc, "text", { x: n.x, y, "font-size": n.fontSize, fill: n.fontColor || "#222", "text-anchor": "middle", "dominant-baseline": anchor });
        lines.forEach((part, i) => block.appendChild(svgEl(doc, "tspan", { x: n.x, dy: i ? leading : 0 }, part)));
        return block;
      };
      if (n.box) {
        group.appendChild(svgEl(doc, "rect", { x: n.box.left, y: n.box.top, width: n.box.right - n.box.left, height: n.box.bottom - n.box.top, rx: 4, ...paint }));
        if (lines.length) group.appendChild(text(n.y - ((lines.length - 1) * leading) / 2, "central"));
      } else {
        const size = n.size || 8;
        group.appendChild(marker(doc, n.shape, n.x, n.y, size, paint));
        if (lines.length) group.appendChild(text(n.y + size + n.fontSize, "auto"));
      }
      net.appendChild(group);
    }
    // The key, then the credit.
    key.forEach((item, i) => {
      const x = pad + (i % perRow) * 240;
      const y = head + drawing + Math.floor(i / perRow) * line + line / 2;
      root.appendChild(svgEl(doc, "line", { x1: x, y1: y, x2: x + 28, y2: y, stroke: item.color, "stroke-width": 2.5, "stroke-dasharray": dashArray(item.dashes) }));
      root.appendChild(svgEl(doc, "text", { x: x + 34, y: y, "font-size": 12, fill: "#333", "dominant-baseline": "central" }, item.text));
    });
    root.appendChild(svgEl(doc, "text", { x: pad, y: height - line, "font-size": 11, fill: "#666" }, parts.credit));
    const text = '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(doc);
    return new Blob([text], { type: "image/svg+xml" });
  }

  function save(blob, name) {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  }

  function fileName(title, when, ext = "png") {
    const slug = (text) =>
      String(text)
        .normalize("NFKD")
        .replace(/[\u0300-\u036f]/g, "")
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-|-$/g, "");
    return `${[slug(title), slug(when)].filter(Boolean).join("-") || "picture"}.${ext}`;
  }

  window.kgPicture = { png, svg, save, fileName };
})();
