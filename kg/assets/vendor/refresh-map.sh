#!/bin/sh
# Re-fetch what the map view inlines, from the npm registry:
#
#   - leaflet: the drawing library (dist/leaflet.js and dist/leaflet.css; the
#     map uses no tile layer and no default marker images);
#   - topojson-client: turns the basemap's TopoJSON into GeoJSON in the page;
#   - world-atlas: Natural Earth country borders as TopoJSON. The 1:50m file
#     is kept (756 KB; 237 KB gzipped): at 1:110m Burkina Faso's and Niger's
#     borders are a handful of straight strokes, and 1:10m is 3.7 MB.
#
# Pages inline these so they work offline and pip users need no Node. Run from
# anywhere with npm on PATH; pass versions to pin them (defaults: the latest
# of Leaflet 1.x, the latest of the others):
#
#   sh kg/assets/vendor/refresh-map.sh
#   LEAFLET_VERSION=1.9.4 TOPOJSON_VERSION=3.1.0 WORLD_ATLAS_VERSION=2.0.2 \
#     sh kg/assets/vendor/refresh-map.sh
#
# Then run the map's browser tests (python -m pytest tests/test_map.py).
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
# The newest 1.x: npm lists the matching versions in no set order.
leaflet="${LEAFLET_VERSION:-$(npm view 'leaflet@1' version --json | node -e '
  const found = [].concat(JSON.parse(require("fs").readFileSync(0, "utf8")));
  const key = (v) => v.split(/[.-]/).slice(0, 3).map(Number);
  found.sort((a, b) => { const x = key(a), y = key(b); return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]; });
  console.log(found.pop());')}"
topojson="${TOPOJSON_VERSION:-$(npm view topojson-client version)}"
atlas="${WORLD_ATLAS_VERSION:-$(npm view world-atlas version)}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

fetch() {  # fetch NAME VERSION: unpack the package into $work/NAME
  mkdir -p "$work/$1"
  (cd "$work/$1" && npm pack --silent "$1@$2" >/dev/null && tar xzf ./*.tgz)
}

fetch leaflet "$leaflet"
mkdir -p "$here/leaflet"
cp "$work/leaflet/package/dist/leaflet.js" "$work/leaflet/package/dist/leaflet.css" "$here/leaflet/"
cp "$work/leaflet/package/LICENSE" "$here/leaflet/LICENSE"
echo "$leaflet" > "$here/leaflet/VERSION"

fetch topojson-client "$topojson"
mkdir -p "$here/topojson-client"
cp "$work/topojson-client/package/dist/topojson-client.min.js" "$here/topojson-client/"
cp "$work/topojson-client/package/LICENSE" "$here/topojson-client/LICENSE"
echo "$topojson" > "$here/topojson-client/VERSION"

fetch world-atlas "$atlas"
mkdir -p "$here/world-atlas"
cp "$work/world-atlas/package/countries-50m.json" "$here/world-atlas/"
cp "$work/world-atlas/package/LICENSE" "$here/world-atlas/LICENSE"
cat > "$here/world-atlas/VERSION" <<END
$atlas
The borders are Natural Earth's 1:50m Admin 0 countries (public domain,
https://www.naturalearthdata.com/), as converted to TopoJSON by world-atlas;
LICENSE is world-atlas's own.
END

echo "leaflet $leaflet, topojson-client $topojson, world-atlas $atlas -> $here"
