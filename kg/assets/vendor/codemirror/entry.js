// Entry point of the vendored CodeMirror 6 bundle (see refresh.sh): the
// editor pieces the query page uses, with SPARQL highlighting from
// @codemirror/legacy-modes, exposed as window.KGCodeMirror. Nothing here
// fetches anything: no autocompletion service, no prefix lookups.
import { EditorState } from "@codemirror/state";
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, drawSelection, placeholder,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import {
  StreamLanguage, syntaxHighlighting, defaultHighlightStyle, bracketMatching,
} from "@codemirror/language";
import { sparql } from "@codemirror/legacy-modes/mode/sparql";

window.KGCodeMirror = {
  EditorState, EditorView, keymap, lineNumbers, highlightActiveLine, drawSelection,
  placeholder, defaultKeymap, history, historyKeymap, indentWithTab, syntaxHighlighting,
  defaultHighlightStyle, bracketMatching, sparqlLanguage: StreamLanguage.define(sparql),
};
