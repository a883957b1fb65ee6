#!/bin/sh
# Rebuild the vendored CodeMirror 6 bundle (the query page's SPARQL editor).
#
# CodeMirror 6 ships as ES modules, so this installs the packages named in
# entry.js from the npm registry into a temporary folder, bundles entry.js
# with esbuild into one minified script (codemirror.min.js, an IIFE that sets
# window.KGCodeMirror), and copies every bundled package's licence. The
# server serves the result from the package: pages work offline and pip
# users need no Node. Run from anywhere with npm on PATH; pass versions to
# pin them (defaults: the latest):
#
#   sh kg/assets/vendor/codemirror/refresh.sh
#   CODEMIRROR_VERSION=6.0.2 LEGACY_MODES_VERSION=6.5.5 sh kg/assets/vendor/codemirror/refresh.sh
#
# Then run the query page's browser test (python -m pytest tests/test_query_page.py).
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cm="${CODEMIRROR_VERSION:-$(npm view codemirror version)}"
modes="${LEGACY_MODES_VERSION:-$(npm view @codemirror/legacy-modes version)}"
cp "$here/entry.js" "$work/entry.js"
cd "$work"
npm init -y >/dev/null
npm install --silent --no-audit --no-fund "codemirror@$cm" "@codemirror/legacy-modes@$modes" esbuild >/dev/null
npx --no-install esbuild entry.js --bundle --minify --format=iife --legal-comments=none \
  --target=es2020 --outfile=codemirror.min.js
cp codemirror.min.js "$here/"
rm -f "$here"/LICENSE-*
# One licence file per package that ended up in the bundle.
npx --no-install esbuild entry.js --bundle --metafile=meta.json --outfile=/dev/null --log-level=error
node -e '
  const inputs = Object.keys(require("./meta.json").inputs);
  const names = new Set(inputs.filter(p => p.startsWith("node_modules/"))
    .map(p => p.split("/").slice(1, p.split("/")[1].startsWith("@") ? 3 : 2).join("/")));
  const fs = require("fs");
  const lines = [];
  for (const name of [...names].sort()) {
    const dir = "node_modules/" + name;
    const pkg = require("./" + dir + "/package.json");
    const licence = fs.readdirSync(dir).find(f => /^licen[cs]e/i.test(f));
    if (!licence) { throw new Error(name + " has no licence file"); }
    fs.copyFileSync(dir + "/" + licence, process.argv[1] + "/LICENSE-" + name.replace("/", "+"));
    lines.push(name + " " + pkg.version + " " + pkg.license);
  }
  fs.writeFileSync(process.argv[1] + "/VERSION", lines.join("\n") + "\n");
' "$here"
echo "CodeMirror $cm (legacy-modes $modes) -> $here"
