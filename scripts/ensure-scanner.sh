#!/usr/bin/env bash
# Installs n8n's verification scanner (@n8n/scan-community-package, pinned with the lockfile in
# scripts/scanner/) into the cache once, and prints its folder. Not a devDependency: the scanner
# depends on eslint-plugin-n8n-nodes-base, whose preinstall script (`npx only-allow pnpm`) makes
# `npm ci` fail, so it is installed like the scanner itself installs: with --ignore-scripts.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=env.sh
. "$here/env.sh"

dir="$VMS_CACHE_DIR/scan-community-package"
# Reinstall when the pinned lockfile changed.
vms_lock scanner
if [ -f "$dir/.complete" ] && cmp -s "$here/scanner/package-lock.json" "$dir/package-lock.json"; then
	echo "$dir"
	exit 0
fi
rm -rf "$dir"
mkdir -p "$dir"
cp "$here/scanner/package.json" "$here/scanner/package-lock.json" "$dir/"
echo "[setup] Installing n8n's verification scanner into $dir (about 40 s, once)..." >&2
(cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund >&2)
touch "$dir/.complete"
echo "$dir"
