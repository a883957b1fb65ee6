/* The as-of rule in the browser: kg.temporal.certainty_on, fed with the four
 * day numbers (days since 1970-01-01) that the derive step computed for an
 * edge. On day D an edge whose status is reported or confirmed and that may
 * have been in effect (earliestStartDay <= D < latestEndDay) is "certain" when
 * latestStartDay <= D < earliestEndDay, else "possible"; anything else is
 * "inactive". One table of hand-checked cases runs through this, the Python
 * and the SPARQL forms. kgReason says what a possible edge's doubt rests on,
 * as the SPARQL fragment's reason does: its start side while the start is
 * uncertain, else its end side. kgBasis says one side's basis in the page's
 * language: the French one (startBasisFr, endBasisFr, written by Python from
 * the same facts) on a French page (kg/assets/i18n.js) where the item has it.
 */
"use strict";
function kgCertainty(edge, day, activeStatuses) {
  if (!activeStatuses.includes(edge.status)) return "inactive";
  if (!(edge.earliestStartDay <= day && day < edge.latestEndDay)) return "inactive";
  if (edge.latestStartDay <= day && day < edge.earliestEndDay) return "certain";
  return "possible";
}
function kgBasis(item, side) {
  const french = window.kgI18n && window.kgI18n.lang === "fr" ? item[side + "BasisFr"] : null;
  return french || item[side + "Basis"];
}
function kgReason(edge, day) {
  return kgBasis(edge, edge.latestStartDay > day ? "start" : "end");
}
