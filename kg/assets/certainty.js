/* The as-of rule in the browser: kg.temporal.certainty_on, fed with the four
 * day numbers (days since 1970-01-01) that the derive step computed for an
 * edge. On day D an edge whose status is reported or confirmed and that may
 * have been in effect (earliestStartDay <= D < latestEndDay) is "certain" when
 * latestStartDay <= D < earliestEndDay, else "possible"; anything else is
 * "inactive". One table of hand-checked cases runs through this, the Python
 * and the SPARQL forms. kgReason says what a possible edge's doubt rests on,
 * as the SPARQL fragment's reason does: its start side while the start is
 * uncertain, else its end side.
 */
"use strict";
function kgCertainty(edge, day, activeStatuses) {
  if (!activeStatuses.includes(edge.status)) return "inactive";
  if (!(edge.earliestStartDay <= day && day < edge.latestEndDay)) return "inactive";
  if (edge.latestStartDay <= day && day < edge.earliestEndDay) return "certain";
  return "possible";
}
function kgReason(edge, day) {
  return edge.latestStartDay > day ? edge.startBasis : edge.endBasis;
}
