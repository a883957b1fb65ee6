/* The standalone map page (`kg view map`, the server's /view/map): draws the
 * model with kgMap (map.js) and adds what a page around the map needs: the
 * title and counts, a day slider, and a side panel with the selection's
 * details and sources (kgMapPanel, map-panel.js). The page's state is window.kgMapPage
 * ({model, handle, ready}). Data reaches the page as text only.
 */
"use strict";
(function () {
  const model = JSON.parse(document.getElementById("kg-map-model").textContent);
  const panel = document.getElementById("panel");
  const slider = document.getElementById("day");
  const allDates = document.getElementById("all-dates");
  const dayInput = document.getElementById("day-input");
  const dayShown = document.getElementById("day-shown");
  const counts = document.getElementById("counts");

  const { dayText } = window.kgText;
  const dayError = document.getElementById("day-error");

  document.getElementById("title").textContent = model.title;
  document.title = model.title;

  const handle = window.kgMap.draw(document.getElementById("map"), model, {
    onSelect: (selection) => show(selection),
    legend: document.getElementById("legend"),
  });
  const show = window.kgMapPanel(panel, model, handle);
  window.kgMapPage = { model, handle, ready: false };

  // --- the day slider --------------------------------------------------------------
  function describe() {
    counts.textContent = handle.summary();
    dayShown.textContent = handle.day === null ? "all dates" : dayText(handle.day);
  }

  let pending = null;
  let scheduled = false;
  function setDay(day) {
    // One redraw a frame, of the last day asked (null: all dates).
    pending = day;
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      const chosen = pending;
      handle.setDay(chosen);
      describe();
      if (handle.selected) show({ id: handle.selected });
    });
  }

  let committed = ""; // what the box last showed as the day drawn
  if (model.span) {
    slider.min = String(model.span.min);
    slider.max = String(model.span.max);
    slider.value = String(model.asOf !== null ? model.asOf : model.span.max);
    dayInput.value = committed = model.asOf !== null ? dayText(model.asOf) : "";
  }
  allDates.checked = model.asOf === null;
  slider.disabled = allDates.checked;
  slider.addEventListener("input", () => {
    dayInput.value = committed = dayText(Number(slider.value));
    setDay(Number(slider.value));
  });
  // The date box reads ISO dates (YYYY, YYYY-MM or YYYY-MM-DD), as on the
  // network page; a day outside the record is brought inside, and said so.
  dayInput.placeholder = allDates.checked ? "all dates" : "YYYY-MM-DD";
  dayInput.addEventListener("change", () => {
    const text = dayInput.value.trim();
    // Enter is handled here and may fire the browser's own change as well:
    // the second one finds the box as the first left it and does nothing.
    if (text === committed) return;
    if (!text) {
      allDates.checked = true;
      allDates.dispatchEvent(new Event("change"));
      return;
    }
    const { day, message } = window.kgText.dayFromBox(text, model.span);
    dayError.textContent = message;
    if (day === null) {
      dayInput.setAttribute("aria-invalid", "true");
      return;
    }
    dayInput.removeAttribute("aria-invalid");
    dayInput.value = committed = dayText(day);
    slider.value = String(day);
    allDates.checked = false;
    slider.disabled = false;
    dayInput.placeholder = "YYYY-MM-DD";
    setDay(day);
  });
  dayInput.addEventListener("keydown", (event) => {
    if (event.key === "Enter") dayInput.dispatchEvent(new Event("change"));
  });
  allDates.addEventListener("change", () => {
    slider.disabled = allDates.checked;
    dayInput.value = committed = allDates.checked ? "" : dayText(Number(slider.value));
    dayInput.placeholder = allDates.checked ? "all dates" : "YYYY-MM-DD";
    dayError.textContent = "";
    setDay(allDates.checked ? null : Number(slider.value));
  });

  describe();
  show(null);
  window.kgMapPage.ready = true;
})();
