#!/bin/sh
# Re-fetch the vendored vis-network from the npm registry.
#
# The views inline kg/assets/vendor/vis-network/vis-network.min.js (the
# standalone UMD build, which carries its own CSS) so pages work offline and
# pip users need no Node. Run this from anywhere, with npm on PATH, to update
# it; pass a version to pin one (default: the latest):
#
#   sh kg/assets/vendor/refresh.sh            # latest
#   sh kg/assets/vendor/refresh.sh 10.1.5     # a given version
#
# Then run the browser tests (python -m pytest -m browser) before committing.
set -eu
version="${1:-$(npm view vis-network version)}"
here="$(cd "$(dirname "$0")" && pwd)"
target="$here/vis-network"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "vis-network@$version" >/dev/null && tar xzf vis-network-*.tgz)
mkdir -p "$target"
cp "$work/package/standalone/umd/vis-network.min.js" "$target/"
cp "$work"/package/LICENSE* "$target/"
echo "$version" > "$target/VERSION"
echo "vis-network $version -> $target"
