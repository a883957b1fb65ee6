// The server's query page: the shared page of kg/assets/query-page.js over
// this server. Its engine sends the query text to /sparql (the same bounded
// workers as any client's query); its editor is the vendored CodeMirror 6
// (no network use); a CONSTRUCT or DESCRIBE answer is drawn as a network by
// the /view/query route (the renderer of `kg view`); an entity's page is the
// server's own /id/..., /statement/... or /source/... page.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-query-page").textContent);
  var el = window.kgText.el;

  var engine = {
    run: function (text) {
      return fetch("/sparql", {
        method: "POST",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          "Accept": "application/sparql-results+json, text/turtle;q=0.9"
        },
        body: new URLSearchParams({ query: text })
      }).then(function (response) {
        return response.text().then(function (body) {
          if (!response.ok) { throw new Error(response.status + ": " + body.trim()); }
          // The server cuts an answer past --max-bytes and says so in this header.
          var note = response.headers.get("KG-Result-Cut");
          var type = response.headers.get("Content-Type") || "";
          return type.indexOf("json") >= 0 ? { json: JSON.parse(body), note: note } : { graph: body, note: note };
        });
      });
    },
    showGraph: function (turtle, text, container) {
      var frame = el("iframe", null, { id: "network", title: "The answer as a network" });
      frame.src = "/view/query?query=" + encodeURIComponent(text);
      var details = el("details");
      details.append(el("summary", "Turtle"), el("pre", turtle));
      container.replaceChildren(frame, details);
      return "a graph, drawn below";
    },
    entityHref: function (iri) {
      var path = iri.slice(data.base.length);
      return /^(id|statement|source|claim)\/./.test(path) ? "/" + path : null;
    }
  };

  function codeMirror(textarea, run) {
    var CM = window.KGCodeMirror;
    if (!CM) { return null; }
    var parent = el("div", null, { id: "editor" });
    textarea.after(parent);
    textarea.className = "replaced";
    var view = new CM.EditorView({
      parent: parent,
      state: CM.EditorState.create({
        doc: textarea.value,
        extensions: [
          CM.lineNumbers(), CM.history(), CM.drawSelection(), CM.highlightActiveLine(),
          CM.bracketMatching(), CM.sparqlLanguage,
          // The editor injects its style sheet; the page's CSP admits it by this nonce.
          CM.EditorView.cspNonce.of(document.querySelector("meta[name=kg-style-nonce]").content),
          CM.syntaxHighlighting(CM.defaultHighlightStyle, { fallback: true }),
          CM.keymap.of([{ key: "Mod-Enter", run: function () { run(); return true; } },
                        CM.indentWithTab].concat(CM.defaultKeymap, CM.historyKeymap))
        ]
      })
    });
    return {
      get: function () { return view.state.doc.toString(); },
      set: function (text) {
        view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
      },
      shown: function () { view.requestMeasure(); }
    };
  }

  var root = document.getElementById("query-page");
  var page = window.kgQueryPage.mount(root, {
    data: data,
    engine: engine,
    linkIn: "search",
    editor: codeMirror
  });
  window.kgQueryPage.page = page;
  page.open(page.readLink() || page.defaultState());
})();
