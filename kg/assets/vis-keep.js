/* vis-network and vis-timeline each publish themselves as the global `vis`,
 * adding their classes, and their own copy of vis-data's DataSet, to whatever
 * is there already: on a page holding both, the second would replace the
 * first's DataSet under its feet. A page holding both (the reader page,
 * kg/views/reader.py) runs this after each library, in a <script data-vis="NAME">:
 * it files the library's namespace as window.kgVis[NAME] and clears the
 * global for the next one. view.js and timeline.js read their own there.
 */
"use strict";
(window.kgVis = window.kgVis || {})[document.currentScript.dataset.vis] = window.vis;
delete window.vis;
