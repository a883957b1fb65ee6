/* Pictures a reader can keep: a drawn network as a PNG, on white, under a
 * caption that says what it shows and on which day, with a key to its lines
 * and a credit line, so the picture still reads once it leaves the page.
 *
 *   kgPicture.png(canvas, {title, when, key, credit})  a Promise of a PNG Blob
 *   kgPicture.save(blob, name)                         offers it as a download
 *   kgPicture.fileName(title, when)                     "sahel-kg-overview-2024-06-01.png"
 *
 * Everything is drawn as text on a canvas: nothing from the data becomes markup.
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

  function save(blob, name) {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  }

  function fileName(title, when) {
    const slug = (text) =>
      String(text)
        .normalize("NFKD")
        .replace(/[\u0300-\u036f]/g, "")
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-|-$/g, "");
    return `${[slug(title), slug(when)].filter(Boolean).join("-") || "picture"}.png`;
  }

  window.kgPicture = { png, save, fileName };
})();
