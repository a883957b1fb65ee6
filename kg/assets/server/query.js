// The query page: a SPARQL editor (vendored CodeMirror 6, no network use),
// the named queries as examples, SELECT/ASK results as a table, CONSTRUCT
// and DESCRIBE results drawn as a network by the server's /view/query route
// (the same renderer as `kg view`), and a permalink carrying the query.
// Everything from the data or the query is shown with textContent, never
// parsed as HTML.
(function () {
  "use strict";
  var BASE = "https://w3id.org/sahel-kg/";
  var examples = JSON.parse(document.getElementById("named-queries").textContent);
  var select = document.getElementById("examples");
  var textarea = document.getElementById("query");
  var statusLine = document.getElementById("status");
  var results = document.getElementById("results");
  var description = document.getElementById("description");
  var permalink = document.getElementById("permalink");
  var form = document.getElementById("form");
  var editor = null;

  function text() { return editor ? editor.state.doc.toString() : textarea.value; }

  function setText(value) {
    if (editor) {
      editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
    } else {
      textarea.value = value;
    }
    updatePermalink();
  }

  function updatePermalink() {
    textarea.value = text();
    permalink.href = "/?query=" + encodeURIComponent(text());
  }

  var CM = window.KGCodeMirror;
  if (CM) {
    editor = new CM.EditorView({
      parent: document.getElementById("editor"),
      state: CM.EditorState.create({
        doc: textarea.value,
        extensions: [
          CM.lineNumbers(), CM.history(), CM.drawSelection(), CM.highlightActiveLine(),
          CM.bracketMatching(), CM.sparqlLanguage,
          // The editor injects its style sheet; the page's CSP admits it by this nonce.
          CM.EditorView.cspNonce.of(document.querySelector("meta[name=kg-style-nonce]").content),
          CM.syntaxHighlighting(CM.defaultHighlightStyle, { fallback: true }),
          CM.keymap.of([{ key: "Mod-Enter", run: function () { run(); return true; } },
                        CM.indentWithTab].concat(CM.defaultKeymap, CM.historyKeymap)),
          CM.EditorView.updateListener.of(function (update) {
            if (update.docChanged) { updatePermalink(); }
          })
        ]
      })
    });
    textarea.className = "replaced";
  } else {
    textarea.addEventListener("input", updatePermalink);
  }

  examples.forEach(function (example, index) {
    var option = document.createElement("option");
    option.value = String(index);
    option.textContent = example.name + " — " + example.description;
    select.appendChild(option);
  });
  select.addEventListener("change", function () {
    if (select.value === "") { return; }
    var example = examples[Number(select.value)];
    setText(example.text);
    description.textContent = example.description;
  });

  function say(message, isError) {
    statusLine.textContent = message;
    statusLine.className = isError ? "error" : "";
  }

  function termText(term) {
    if (!term) { return ""; }
    if (term.type === "literal" && term["xml:lang"]) { return term.value + " @" + term["xml:lang"]; }
    return term.value;
  }

  function showTable(data) {
    results.replaceChildren();
    if (typeof data.boolean === "boolean") {
      var answer = document.createElement("p");
      answer.id = "ask-answer";
      answer.textContent = "ASK: " + String(data.boolean);
      results.appendChild(answer);
      return "answered";
    }
    var table = document.createElement("table");
    table.id = "result-table";
    var head = table.createTHead().insertRow();
    data.head.vars.forEach(function (name) {
      var th = document.createElement("th");
      th.textContent = name;
      head.appendChild(th);
    });
    var body = table.createTBody();
    data.results.bindings.forEach(function (binding) {
      var row = body.insertRow();
      data.head.vars.forEach(function (name) {
        var cell = row.insertCell();
        var term = binding[name];
        if (term && term.type === "uri" && term.value.indexOf(BASE) === 0) {
          var link = document.createElement("a");
          link.href = "/" + term.value.slice(BASE.length);
          link.textContent = term.value;
          cell.appendChild(link);
        } else {
          cell.textContent = termText(term);
        }
      });
    });
    results.appendChild(table);
    return data.results.bindings.length + " row(s)";
  }

  function showGraph(turtle, query) {
    results.replaceChildren();
    var frame = document.createElement("iframe");
    frame.id = "network";
    frame.title = "The CONSTRUCT result as a network";
    frame.src = "/view/query?query=" + encodeURIComponent(query);
    results.appendChild(frame);
    var details = document.createElement("details");
    var summary = document.createElement("summary");
    summary.textContent = "Turtle";
    var pre = document.createElement("pre");
    pre.textContent = turtle;
    details.append(summary, pre);
    results.appendChild(details);
    return "graph result, drawn below";
  }

  function run(event) {
    if (event) { event.preventDefault(); }
    updatePermalink();
    var query = text();
    say("running…", false);
    var started = Date.now();
    fetch("/sparql", {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/sparql-results+json, text/turtle;q=0.9"
      },
      body: new URLSearchParams({ query: query })
    }).then(function (response) {
      return response.text().then(function (body) {
        if (!response.ok) {
          results.replaceChildren();
          say(response.status + ": " + body, true);
          return;
        }
        var type = response.headers.get("Content-Type") || "";
        var shown = type.indexOf("json") >= 0 ? showTable(JSON.parse(body)) : showGraph(body, query);
        // The server cuts an answer past --max-bytes and says so in this header.
        var cut = response.headers.get("KG-Result-Cut");
        say(shown + " in " + (Date.now() - started) + " ms" + (cut ? "; " + cut : ""), false);
      });
    }).catch(function (error) { say(String(error), true); });
  }
  form.addEventListener("submit", run);
  updatePermalink();
  window.kgQueryPage = { text: text, setText: setText, run: run };
  if (text().trim() !== "") { run(); }
})();
