/* The pictures' pages in English or French (kg/assets/view.js, timeline.js,
 * map.js, map-panel.js and the reader page's markup).
 *
 *   kgI18n.lang                "en" or "fr": the address's #lang= (else "en")
 *   kgI18n.t(text, vars)       the interface text in the page's language: the
 *                              English text is the key; {name} in it is filled
 *                              from vars; text with no French stays English
 *   kgI18n.translate(root)     the markup's own texts and titles under root, in place
 *   kgI18n.localise(items, fields)
 *                              each item's label (or each of fields) in the page's
 *                              language where the data has one (labelFr), the
 *                              English kept as labelEn
 *   kgI18n.switcher(button)    a button that reopens the page in the other language,
 *                              at the same address (day, pane) otherwise
 *
 * Only the interface is translated: names, evidence and sources from the data
 * are shown as the record has them (the French labels where it gives them).
 */
"use strict";
(function () {
  const FR = {
    // header, tabs, buttons
    Network: "Réseau",
    Timeline: "Chronologie",
    Map: "Carte",
    Pictures: "Images",
    "Save picture": "Enregistrer l’image",
    Print: "Imprimer",
    "Save the picture as drawn, with its date and a key to its lines (PNG)":
      "Enregistrer l’image telle qu’elle est dessinée, avec sa date et la légende de ses lignes (PNG)",
    "Save the picture as vectors, with its date and a key to its lines (SVG: any size, editable)":
      "Enregistrer l’image en vectoriel, avec sa date et la légende de ses lignes (SVG : toute taille, modifiable)",
    "Print the picture with its legend and date": "Imprimer l’image avec sa légende et sa date",
    "Find an actor…": "Chercher un acteur…",
    "Find an actor by name": "Chercher un acteur par son nom",
    "Find an actor, event or place…": "Chercher un acteur, un événement ou un lieu…",
    "Find an actor, an event or a place by name": "Chercher un acteur, un événement ou un lieu par son nom",
    "Legend and filters": "Légende et filtres",
    Details: "Détails",
    "Details and sources": "Détails et sources",
    "Arranging the picture…": "Mise en place de l’image…",
    "Read this page in French": "Lire cette page en français",
    "Read this page in English": "Lire cette page en anglais",
    // legend
    "Actor types": "Types d’acteurs",
    Relationships: "Relations",
    "Arrows point from the actor a relationship is about (member, leader, deployed force) to the other end. Faded edges are announced or planned, or denied: never active. Statements of one kind between two actors share one line.":
      "Les flèches vont de l’acteur dont parle la relation (membre, dirigeant, force déployée) vers l’autre extrémité. Les liens pâles sont annoncés ou prévus, ou démentis : jamais en vigueur. Les déclarations d’un même type entre deux acteurs partagent une ligne.",
    "Small markers (people, governments, missions, facilities and the less connected actors) are labelled when you zoom in.":
      "Les petits marqueurs (personnes, gouvernements, missions, installations et acteurs moins reliés) sont nommés quand on zoome.",
    "possibly in effect on the chosen day (dashed, faded)": "peut-être en vigueur le jour choisi (tirets, pâle)",
    "possibly in effect that day": "peut-être en vigueur ce jour-là",
    "(none)": "(aucun)",
    "show them": "les afficher",
    "hide them": "les masquer",
    "{n} actor has no relationship in this view and is set apart. ":
      "{n} acteur n’a aucune relation dans cette vue et est mis à part. ",
    "{n} actors have no relationship in this view and are set apart. ":
      "{n} acteurs n’ont aucune relation dans cette vue et sont mis à part. ",
    "{n} actor has no relationship in this view (shown). ": "{n} acteur n’a aucune relation dans cette vue (affiché). ",
    "{n} actors have no relationship in this view (shown). ": "{n} acteurs n’ont aucune relation dans cette vue (affichés). ",
    // counts and cursor
    "{shown} of {all} actors, {edges} of {allEdges} relationships": "{shown} acteurs sur {all}, {edges} relations sur {allEdges}",
    " ({n} only possibly in effect)": " (dont {n} seulement possibles)",
    " · record checked to {day}": " · données vérifiées jusqu’au {day}",
    "as of {day}": "au {day}",
    "all dates": "toutes dates",
    "YYYY-MM-DD": "AAAA-MM-JJ",
    "Date cursor (YYYY-MM-DD)": "Curseur de date (AAAA-MM-JJ)",
    "a date as YYYY-MM-DD": "une date au format AAAA-MM-JJ",
    "earlier years": "années antérieures",
    "Let the cursor reach the earliest dates in the record": "Laisser le curseur atteindre les dates les plus anciennes du corpus",
    "Play: step month by month": "Lecture : mois par mois",
    Pause: "Pause",
    "As of day": "Jour",
    "As of date (YYYY-MM-DD)": "Date (AAAA-MM-JJ)",
    "← → a day, Shift+← → a month, Page Up/Down a year": "← → un jour, Maj+← → un mois, Page préc./suiv. un an",
    "As of {day}. ": "Au {day}. ",
    "All dates in the record. ": "Toutes les dates du corpus. ",
    " · every line's sources are listed in the interactive page": " · les sources de chaque ligne figurent dans la page interactive",
    // panel
    "Hover an actor or relationship for a summary; click it for details and sources.":
      "Survolez un acteur ou une relation pour un résumé ; cliquez pour les détails et les sources.",
    Actor: "Acteur",
    Relationship: "Relation",
    Event: "Événement",
    French: "Français",
    English: "Anglais",
    type: "type",
    kind: "type",
    status: "statut",
    dates: "dates",
    certainty: "certitude",
    start: "début",
    end: "fin",
    size: "effectif",
    evidence: "preuve",
    "Open entity page": "Ouvrir la fiche",
    "Relationships on {day} ({n})": "Relations au {day} ({n})",
    "Relationships, all dates ({n})": "Relations, toutes dates ({n})",
    "None in effect on this day.": "Aucune en vigueur ce jour-là.",
    "None shown.": "Aucune affichée.",
    "Sources ({n})": "Sources ({n})",
    "{n} statements of this kind, earliest first:": "{n} déclarations de ce type, la plus ancienne d’abord :",
    "Statement {n}": "Déclaration {n}",
    "Statement {n} (not in effect on this day)": "Déclaration {n} (pas en vigueur ce jour-là)",
    "Explained paths": "Chemins expliqués",
    "possibly in effect": "peut-être en vigueur",
    "possibly in effect on {day}: {reason}": "peut-être en vigueur au {day} : {reason}",
    "in effect on {day}": "en vigueur au {day}",
    "not in effect on {day}": "pas en vigueur au {day}",
    "{n} source(s): click for details": "{n} source(s) : cliquez pour les détails",
    "{n} statements:": "{n} déclarations :",
    reported: "rapporté",
    confirmed: "confirmé",
    "announced or planned": "annoncé ou prévu",
    denied: "démenti",
    // search
    "No actor, event or place matches “{text}” in this view.": "Aucun acteur, événement ou lieu ne correspond à « {text} » dans cette vue.",
    "No actor matches “{text}” in this view.": "Aucun acteur ne correspond à « {text} » dans cette vue.",
    "{n} actors match “{text}”: choose one.": "{n} acteurs correspondent à « {text} » : choisissez-en un.",
    "{n} names match “{text}”: choose one.": "{n} noms correspondent à « {text} » : choisissez-en un.",
    ", not shown now": ", masqué pour l’instant",
    // actor types and relationship kinds (kg/styles.py), as words() writes them
    State: "État",
    "Military junta": "Junte militaire",
    Government: "Gouvernement",
    "Government body": "Organe gouvernemental",
    Person: "Personne",
    "Armed force": "Force armée",
    "Private military company": "Société militaire privée",
    "State military formation": "Formation militaire d’État",
    "Insurgent group": "Groupe insurgé",
    "Intergovernmental organisation": "Organisation intergouvernementale",
    Mission: "Mission",
    Facility: "Installation",
    Militia: "Milice",
    Company: "Entreprise",
    "Resource partnership": "Partenariat sur les ressources",
    "resource partnership": "partenariat sur les ressources",
    "killing of civilians": "tuerie de civils",
    Membership: "Adhésion",
    "Head of state": "Chef de l’État",
    Leadership: "Direction",
    Governance: "Gouvernance",
    "Security partnership": "Partenariat de sécurité",
    Deployment: "Déploiement",
    Subordination: "Subordination",
    "Part of": "Partie de",
    "Facility operation": "Exploitation d’installation",
    "Colonial rule": "Domination coloniale",
    "Equipment transfer": "Transfert d’équipement",
    "Armed conflict": "Conflit armé",
    // timeline
    Rows: "Lignes",
    "by partner": "par partenaire",
    "by pair": "par paire",
    "by kind": "par type",
    "Fit all": "Tout voir",
    "Recent years": "Années récentes",
    "show all": "tout afficher",
    "Whole graph": "Graphe entier",
    "certainly in effect": "certainement en vigueur",
    "may have started": "a pu commencer",
    "may have ended": "a pu prendre fin",
    "possibly in effect, never certainly": "peut-être en vigueur, jamais certainement",
    "never in effect": "jamais en vigueur",
    "uncertain part (hatched)": "partie incertaine (hachurée)",
    "announced or denied": "annoncé ou démenti",
    "Solid bars: certainly in effect. Hatched: what the sources leave uncertain (an unknown or imprecise start, an end announced but not dated, an open end after the record was last checked). Click an item for its sources; drag the date line or click the axis to set a date; Ctrl + wheel zooms.":
      "Barres pleines : certainement en vigueur. Hachures : ce que les sources laissent incertain (un début inconnu ou imprécis, une fin annoncée mais non datée, une fin ouverte après la dernière vérification). Cliquez un élément pour ses sources ; faites glisser la ligne de date ou cliquez l’axe pour choisir une date ; Ctrl + molette pour zoomer.",
    "version of": "version de",
    "Rows of ": "Lignes de ",
    event: "événement",
    membership: "adhésion",
    "head of state": "chef de l’État",
    leadership: "direction",
    governance: "gouvernance",
    "security partnership": "partenariat de sécurité",
    deployment: "déploiement",
    subordination: "subordination",
    "part of": "partie de",
    "facility operation": "exploitation d’installation",
    "colonial rule": "domination coloniale",
    "equipment transfer": "transfert d’équipement",
    "armed conflict": "conflit armé",
    // map
    Places: "Lieux",
    "Events (at their place)": "Événements (à leur lieu)",
    "Bases and deployments, by who sent them": "Bases et déploiements, selon qui les a envoyés",
    "On the chosen day": "Le jour choisi",
    "filled: certain": "plein : certain",
    "hollow: possible (dates uncertain)": "creux : possible (dates incertaines)",
    "Markers spread around their place; hover for sources.": "Marqueurs répartis autour de leur lieu ; survolez pour les sources.",
    "Forces here": "Forces présentes",
    "Events here": "Événements ici",
    "Coordinates from": "Coordonnées d’après",
    Sources: "Sources",
    Where: "Où",
    capital: "capitale",
    "town or village": "ville ou village",
    region: "région",
    "base or facility": "base ou installation",
    "battle or massacre site": "lieu de bataille ou de massacre",
    coup: "coup d’État",
    arrival: "arrivée",
    withdrawal: "retrait",
    agreement: "accord",
    "call or meeting": "appel ou rencontre",
    "diplomatic rupture": "rupture diplomatique",
    "other (battle, attack, founding…)": "autre (bataille, attaque, fondation…)",
    "Borders: Natural Earth 1:50m · Leaflet": "Frontières : Natural Earth 1:50m · Leaflet",
    "{n} place": "{n} lieu",
    "{n} places": "{n} lieux",
    "{n} event": "{n} événement",
    "{n} events": "{n} événements",
    "{n} base or deployment": "{n} base ou déploiement",
    "{n} bases and deployments": "{n} bases et déploiements",
    " ({n} possible)": " (dont {n} possible(s))",
    "and {n} more": "et {n} de plus",
    "{status}: never in effect": "{status} : jamais en vigueur",
    "possibly by {day}: {reason}": "peut-être au {day} : {reason}",
    "certain on {day}": "certain au {day}",
    "{events} event(s), {presences} force presence(s) shown": "{events} événement(s), {presences} présence(s) de forces affichée(s)",
    "coordinates ({precision}) from:": "coordonnées ({precision}) d’après :",
    "possibly, {reason}": "peut-être : {reason}",
    certain: "certain",
    "not on this day": "pas ce jour-là",
    "on the day": "ce jour-là",
    "Click a place, an event or a base for its details and sources. Move the slider to see the map on a given day: hollow markers were possibly there (their dates are uncertain), filled ones certainly.":
      "Cliquez un lieu, un événement ou une base pour ses détails et ses sources. Déplacez le curseur pour voir la carte à un jour donné : les marqueurs creux y étaient peut-être (dates incertaines), les pleins certainement.",
    "The record was checked up to {day}.": "Les données ont été vérifiées jusqu’au {day}.",
    "deployed by": "déployé par",
    // a path's hops in time (view.js)
    "All hops held together {span}.": "Toutes les étapes ont tenu ensemble {span}.",
    "All hops held together {span} (possibly {possible}).":
      "Toutes les étapes ont tenu ensemble {span} (peut-être {possible}).",
    "The hops may have held together {span}, never certainly at once.":
      "Les étapes ont peut-être tenu ensemble {span}, jamais certainement en même temps.",
    "These hops never held at the same time: no moment links the two ends this way.":
      "Ces étapes n’ont jamais tenu en même temps : aucun moment ne relie ainsi les deux extrémités.",
    "start unknown": "début inconnu",
    open: "ouvert",
    at: "à",
    in: "dans",
    precision: "précision",
    where: "où",
    // timeline panel and tooltip
    "{part}: {reason}": "{part} : {reason}",
    "{edges} relationships, {events} events": "{edges} relations, {events} événements",
    "; the record was checked up to {day}": " ; données vérifiées jusqu’au {day}",
    "as of {day}: drag to move": "au {day} : faites glisser pour déplacer",
    "this part": "cette partie",
    "as of": "au jour choisi",
    date: "date",
    place: "lieu",
    involves: "implique",
    "place: {kind}": "lieu : {kind}",
    // dates and sources
    "News report": "Article de presse",
    "Official statement": "Déclaration officielle",
    "State media": "Média d’État",
    Encyclopedia: "Encyclopédie",
    "Social media post": "Publication sur un réseau social",
    Gazetteer: "Répertoire géographique",
    Mirror: "Miroir",
    year: "année",
    month: "mois",
    day: "jour",
    undated: "non daté",
    "unnamed source [{slug}]": "source sans nom [{slug}]",
    "relaying {names}": "relayant {names}",
    "“{text}” is not a date: write YYYY-MM-DD, YYYY-MM or YYYY.": "« {text} » n’est pas une date : écrivez AAAA-MM-JJ, AAAA-MM ou AAAA.",
    "The record runs from {from} to {to}: showing {shown}.": "Le corpus va du {from} au {to} : affichage du {shown}.",
    // titles
    "Sahel KG: overview": "Sahel KG : vue d’ensemble",
    "Sahel KG: the {shown} best-connected of {actors} actors":
      "Sahel KG : les {shown} acteurs les plus reliés sur {actors}",
  };

  const lang = new URLSearchParams(location.hash.slice(1)).get("lang") === "fr" ? "fr" : "en";

  function t(text, vars) {
    let said = lang === "fr" && Object.prototype.hasOwnProperty.call(FR, text) ? FR[text] : text;
    for (const [name, value] of Object.entries(vars || {})) said = said.split("{" + name + "}").join(String(value));
    return said;
  }

  const ATTRIBUTES = ["title", "placeholder", "aria-label"];
  function translate(root) {
    if (lang === "en" || !root) return;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.nodeValue.trim();
      if (text && Object.prototype.hasOwnProperty.call(FR, text)) node.nodeValue = node.nodeValue.replace(text, FR[text]);
    }
    for (const element of root.querySelectorAll("[title], [placeholder], [aria-label]")) {
      for (const name of ATTRIBUTES) {
        const value = element.getAttribute(name);
        if (value && Object.prototype.hasOwnProperty.call(FR, value)) element.setAttribute(name, FR[value]);
      }
    }
  }

  function localise(items, fields) {
    // Each named field (``label`` by default) in French where the item has its
    // French twin (``labelFr``), the English kept beside it (``labelEn``).
    if (lang === "en") return items;
    for (const item of items || []) {
      for (const field of fields || ["label"]) {
        if (item[field + "En"] !== undefined || !item[field + "Fr"]) continue;
        item[field + "En"] = item[field];
        item[field] = item[field + "Fr"];
      }
    }
    return items;
  }

  function switcher(button) {
    // A page inside another's frame (the portable explorer's) keeps its language.
    if (location.protocol === "about:") {
      button.hidden = true;
      return;
    }
    const other = lang === "fr" ? "en" : "fr";
    button.textContent = other === "fr" ? "Français" : "English";
    button.lang = other;
    button.title = t(other === "fr" ? "Read this page in French" : "Read this page in English");
    button.addEventListener("click", () => {
      const params = new URLSearchParams(location.hash.slice(1));
      params.set("lang", other);
      location.hash = params.toString();
      location.reload();
    });
  }

  if (lang === "fr") document.documentElement.lang = "fr";
  window.kgI18n = { lang, t, translate, localise, switcher };
})();
