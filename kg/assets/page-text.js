/* Text the pictures' pages read and write the same way: kg/assets/view.js
 * (network), kg/assets/timeline.js (timeline), kg/assets/map-page.js (map)
 * and kg/assets/query-page.js (the query page) use window.kgText.
 *
 *   el(tag, text, attrs)    an element holding text (never markup) and attributes;
 *                           an interface text (and title, placeholder, aria-label)
 *                           in the page's language where kg/assets/i18n.js is loaded
 *   dayText(day)            a day number (since 1970-01-01) as an ISO date
 *   readDay(text)           "YYYY", "YYYY-MM" or "YYYY-MM-DD" as the day number
 *                           of its first day, or null when it is not a date
 *   dayFromBox(text, span)  a date box's text as {day, message}: day null and
 *                           message saying so when it is no date; brought
 *                           inside span {min, max}, and said, when outside
 *   dateText(value, prec)   an ISO date with its precision: "2021-12 (month)"
 *   edgeDates(edge)         a relationship's dates as [name, text] pairs, from
 *                           the line Python wrote (kg.views.date_line)
 *   figureTexts(item)       a relationship's figures in words, in the page's
 *                           language, from the lists Python wrote
 *                           (kg.network.figure_texts): ["about 1,100 soldiers"]
 *   t(text, vars)           an interface text in the page's language, {name} filled
 *   words(name)             "MilitaryJunta" -> "Military junta"
 *   normalise(text)         a name as kg.entities.normalise reads it: case,
 *                           accents and punctuation ignored
 *   details(pairs)          a <dl> of the pairs that have a value
 *   sourceItem(source)      a citation: title linked to its address, then
 *                           publisher, date, kind and who it relays
 */
"use strict";
(function () {
  const DAY_MS = 86400000;
  const SAFE_LINK = /^https?:\/\//i;

  // The page's language (kg/assets/i18n.js, where the page loads it): an
  // interface text given to el() or t() is shown in it; anything else as it
  // is, its {name} slots filled from vars either way.
  function t(text, vars) {
    if (window.kgI18n) return window.kgI18n.t(text, vars);
    return Object.entries(vars || {}).reduce((said, [k, v]) => said.split("{" + k + "}").join(String(v)), text);
  }
  const TRANSLATED = new Set(["title", "placeholder", "aria-label"]);
  function el(tag, text, attrs) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = t(String(text));
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, TRANSLATED.has(name) ? t(value) : value);
    return node;
  }
  function dayText(day) {
    return new Date(day * DAY_MS).toISOString().slice(0, 10);
  }
  function readDay(text) {
    const m = /^\s*(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?\s*$/.exec(text || "");
    if (!m) return null;
    const year = Number(m[1]), month = m[2] ? Number(m[2]) : 1, date = m[3] ? Number(m[3]) : 1;
    const d = new Date(Date.UTC(year, month - 1, date));
    if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== date) return null;
    return Math.round(d.getTime() / DAY_MS);
  }
  function dayFromBox(text, span) {
    const day = readDay(text);
    if (day === null) return { day: null, message: t("“{text}” is not a date: write YYYY-MM-DD, YYYY-MM or YYYY.", { text }) };
    if (!span) return { day, message: "" };
    const kept = Math.max(span.min, Math.min(span.max, day));
    if (kept === day) return { day, message: "" };
    const said = { from: dayText(span.min), to: dayText(span.max), shown: dayText(kept) };
    return { day: kept, message: t("The record runs from {from} to {to}: showing {shown}.", said) };
  }
  function dateText(value, precision) {
    if (!value) return null;
    if (precision === "year") return value.slice(0, 4) + " (" + t("year") + ")";
    if (precision === "month") return value.slice(0, 7) + " (" + t("month") + ")";
    return value + (precision ? " (" + t(precision) + ")" : "");
  }
  function edgeDates(edge) {
    // The line kg.views.date_line wrote: start (else first attested), end, else an
    // announced end, else "open", each to its precision.
    const french = window.kgI18n && window.kgI18n.lang === "fr" && edge.datesFr;
    const line = french ? edge.datesFr : edge.dates;
    return line ? [[t("dates"), line]] : [];
  }
  function figureTexts(item) {
    const french = window.kgI18n && window.kgI18n.lang === "fr";
    return (french ? item.figuresFr : item.figures) || [];
  }
  function words(name) {
    // "MilitaryJunta" -> "Military junta"; other names (kg:memberOf) stay.
    if (!/^[A-Z][A-Za-z]+$/.test(name || "")) return name;
    const spaced = name.replace(/([a-z])([A-Z])/g, "$1 $2");
    return t(spaced.charAt(0) + spaced.slice(1).toLowerCase());
  }
  function normalise(text) {
    // casefold (upper then lower, and the one sigma lower-casing keeps), accents
    // and apostrophes dropped, anything else not a letter or digit a space.
    return String(text || "")
      .toUpperCase()
      .toLowerCase()
      .replace(/ς/g, "σ")
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .replace(/['’]/g, "")
      .replace(/[^\p{L}\p{N}]+/gu, " ")
      .trim();
  }
  function details(pairs) {
    const list = el("dl");
    for (const [name, value] of pairs) {
      if (value === null || value === undefined || value === "") continue;
      list.append(el("dt", name), el("dd", value));
    }
    return list;
  }
  function sourceItem(source) {
    const item = el("li");
    // kg.citations: a source with neither title nor publisher is named as
    // unnamed, its slug kept (in brackets) only to find it.
    const slug = String(source.source || "").replace(/^src:/, "");
    const name = source.title || source.publisher || t("unnamed source [{slug}]", { slug });
    if (source.address && SAFE_LINK.test(source.address)) {
      const link = el("a", name, { target: "_blank", rel: "noopener noreferrer" });
      link.href = source.address;
      item.appendChild(link);
    } else {
      item.appendChild(el("span", name));
    }
    const facts = [];
    if (source.publisher && source.publisher !== name) facts.push(source.publisher);
    facts.push(dateText(source.date, source.datePrecision) || t("undated"));
    if (source.kind) facts.push(words(source.kind));
    if (source.quotedPublisher) facts.push(t("relaying {names}", { names: source.quotedPublisher }));
    item.appendChild(el("div", facts.join(" · "), { class: "citation" }));
    return item;
  }
  window.kgText = { el, t, dayText, readDay, dayFromBox, dateText, edgeDates, figureTexts, words, normalise, details, sourceItem };
})();
