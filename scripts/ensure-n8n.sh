#!/usr/bin/env bash
# Installs a pinned n8n into the cache (outside the repo) once, and prints its folder.
# Usage: scripts/ensure-n8n.sh [version]   (default: the pinned one, test/harness/n8n-version.json;
# 1.x gets the xlsx override it needs here). One install of a version at a time; others wait for it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=env.sh
. "$here/env.sh"

version="${1:-$(node -p 'require(process.argv[1]).n8n' "$here/../test/harness/n8n-version.json")}"
dir="$VMS_CACHE_DIR/n8n-$version"
complete() { [ -x "$dir/node_modules/.bin/n8n" ] && [ -f "$dir/.complete" ]; }
if complete; then
	echo "$dir"
	exit 0
fi
vms_lock "n8n-$version"
if complete; then
	echo "$dir"
	exit 0
fi
rm -rf "$dir"
mkdir -p "$dir"
if [[ "$version" == 1.* ]]; then
	# n8n 1.x depends on xlsx from a tarball URL outside the npm registry; 0.18.5 is on the registry.
	echo '{"name":"n8n-cache","private":true,"overrides":{"xlsx":"0.18.5"}}' >"$dir/package.json"
else
	echo '{"name":"n8n-cache","private":true}' >"$dir/package.json"
fi
start=$(date +%s)
echo "[setup] Installing n8n@$version into $dir (about 5 minutes and 3 GB, once; later runs reuse it)..." >&2
(cd "$dir" && npm install --ignore-scripts --no-audit --no-fund "n8n@$version" >&2)
echo "[setup] Building sqlite3 for this Node (about 1-2 minutes)..." >&2
(cd "$dir" && npm_config_nodedir="${VMS_NODE_HEADERS:-$(dirname "$(dirname "$(command -v node)")")}" npm rebuild sqlite3 >&2)
touch "$dir/.complete"
echo "[setup] n8n@$version ready after $(($(date +%s) - start)) s" >&2
echo "$dir"
