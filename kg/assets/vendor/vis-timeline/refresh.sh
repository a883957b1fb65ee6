#!/bin/sh
# Re-fetch the vendored vis-timeline from the npm registry.
#
# The timeline view (kg/assets/timeline.js) inlines
# kg/assets/vendor/vis-timeline/vis-timeline-graph2d.min.js, the standalone
# UMD build: it bundles its dependencies (moment, vis-data) and injects its own
# CSS, so pages work offline and pip users need no Node. It adds to the same
# global `vis` as vis-network: the reader page, which holds both, keeps each
# one's namespace apart (kg/assets/vis-keep.js). Run this from
# anywhere, with npm on PATH; pass a version to pin one (default: the latest):
#
#   sh kg/assets/vendor/vis-timeline/refresh.sh            # latest
#   sh kg/assets/vendor/vis-timeline/refresh.sh 8.5.4      # a given version
#
# Then run the timeline's tests (python -m pytest tests/test_timeline.py)
# before committing.
set -eu
version="${1:-$(npm view vis-timeline version)}"
target="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "vis-timeline@$version" >/dev/null && tar xzf vis-timeline-*.tgz)
cp "$work/package/standalone/umd/vis-timeline-graph2d.min.js" "$target/"
rm -f "$target"/LICENSE*
cp "$work"/package/LICENSE* "$target/"
echo "$version" > "$target/VERSION"
echo "vis-timeline $version -> $target"
