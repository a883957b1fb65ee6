#!/bin/sh
# Re-fetch the vendored Oxigraph WebAssembly build from the npm registry.
#
# `kg bundle` (kg/bundle.py) inlines kg/assets/vendor/oxigraph/web.js (the
# wasm-bindgen "web" glue) and the gzipped engine web_bg.wasm.gz into one HTML
# file, so the portable explorer runs SPARQL offline and pip users need no
# Node. Run this from anywhere, with npm on PATH; pass a version to pin one
# (default: the newest release of the major.minor line of the installed
# pyoxigraph, so the page and the default backend run the same engine):
#
#   sh kg/assets/vendor/oxigraph/refresh.sh            # newest 0.5.x (pyoxigraph 0.5)
#   sh kg/assets/vendor/oxigraph/refresh.sh 0.5.11     # a given version
#
# The npm package ships no licence files; its licence is "MIT OR Apache-2.0"
# (the Oxigraph repository's LICENSE-MIT and LICENSE-APACHE), kept beside it.
# Then run the bundle tests (python -m pytest tests/test_bundle.py) before committing.
set -eu
if [ $# -ge 1 ]; then
  version="$1"
else
  line="$(python3 -c 'import pyoxigraph; print(".".join(pyoxigraph.__version__.split(".")[:2]))')"
  version="$(npm view oxigraph versions --json | node -e '
    const line = process.argv[1] + ".";
    const all = JSON.parse(require("fs").readFileSync(0, "utf8"));
    const ok = all.filter((v) => v.startsWith(line) && !v.includes("-"));
    ok.sort((a, b) => Number(a.split(".")[2]) - Number(b.split(".")[2]));
    console.log(ok[ok.length - 1]);' "$line")"
fi
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "oxigraph@$version" >/dev/null && tar xzf oxigraph-*.tgz)
cp "$work/package/web.js" "$here/web.js"
gzip -9 -n -c "$work/package/web_bg.wasm" > "$here/web_bg.wasm.gz"
echo "$version" > "$here/VERSION"
echo "oxigraph $version -> $here"
