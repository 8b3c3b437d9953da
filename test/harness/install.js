'use strict';
// Node 24, the pinned n8n (cached by scripts/ensure-n8n.sh), and this package built, packed and
// installed into an n8n user folder the way n8n's Community Nodes installer does it.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const PACKAGE = require(path.join(ROOT, 'package.json'));
/** The n8n version the demo, the browser check and the e2e suite use unless told otherwise. */
const N8N_VERSION = require('./n8n-version.json').n8n;

/** Runs a command to the end; throws with its output on a non-zero exit. Returns stdout. */
function run(command, args, { cwd = ROOT, env = process.env, stderr = 'pipe' } = {}) {
	const r = spawnSync(command, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', stderr], maxBuffer: 256 * 1024 * 1024 });
	if (r.error) throw r.error;
	if (r.status !== 0) {
		throw new Error(`${command} ${args.join(' ')} exited with ${r.status ?? r.signal}\n${r.stdout || ''}${r.stderr || ''}`.trim());
	}
	return r.stdout;
}

let tools;
/**
 * PATH with Node 24 first and VMS_CACHE_DIR, as scripts/env.sh sets them (it installs Node 24 into the
 * cache once when the machine's Node is older), and that Node's binary.
 */
function toolEnv() {
	if (!tools) {
		const out = run('bash', ['-c', '. scripts/env.sh >&2 && printf "%s\\n%s\\n%s\\n" "$PATH" "$VMS_CACHE_DIR" "$(command -v node)"'], {
			stderr: 'inherit',
		});
		const [PATH, VMS_CACHE_DIR, node] = out.trim().split('\n');
		const major = Number(run(node, ['-p', 'process.versions.node.split(".")[0]']).trim());
		if (!(major >= 24)) throw new Error(`n8n 2.x needs Node 24; scripts/env.sh gave ${node} (Node ${major})`);
		tools = { env: { ...process.env, PATH, VMS_CACHE_DIR }, cacheDir: VMS_CACHE_DIR, node };
	}
	return tools;
}

/** The Node 24 binary that runs n8n. */
const node24 = () => toolEnv().node;

/** Where heavy installs and the demo's folders live (VMS_CACHE_DIR, default ~/.cache/n8n-nodes-volcengine-vms). */
const cacheDir = () => toolEnv().cacheDir;

/**
 * The cached n8n `version` (scripts/ensure-n8n.sh installs it once, 5 to 8 minutes, progress on stderr).
 * Returns { version, major, dir, bin, node }: plain data, so it can be handed to another process.
 */
function ensureN8n(version = N8N_VERSION) {
	if (!/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`An n8n version is x.y.z, got "${version}"`);
	const out = run(path.join(ROOT, 'scripts', 'ensure-n8n.sh'), [version], { env: toolEnv().env, stderr: 'inherit' });
	const dir = out.trim().split('\n').pop();
	const bin = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	if (!fs.existsSync(bin)) throw new Error(`scripts/ensure-n8n.sh printed ${dir}, which has no n8n`);
	return { version, major: Number(version.split('.')[0]), dir, bin, node: node24() };
}

/** `npm run build` (unless `build: false`), then `npm pack` into `destination`. Returns the tarball's path. */
function buildAndPack(destination, { build = true } = {}) {
	const { env } = toolEnv();
	if (build) run('npm', ['run', '--silent', 'build'], { env });
	if (!fs.existsSync(path.join(ROOT, 'dist', 'nodes'))) throw new Error('dist/ is missing: run npm run build');
	fs.mkdirSync(destination, { recursive: true });
	const name = run('npm', ['pack', '--silent', '--pack-destination', destination], { env }).trim().split('\n').pop();
	const tarball = path.join(destination, name);
	if (!fs.existsSync(tarball)) throw new Error(`npm pack did not produce ${tarball}`);
	return tarball;
}

/**
 * Installs `tarball` where n8n's Community Nodes installer puts a package:
 * `<userFolder>/.n8n/nodes/node_modules/<name>`, listed in `<userFolder>/.n8n/nodes/package.json`, its
 * package.json without dev, peer and optional dependencies (the installer drops them). This package
 * has no runtime dependencies, so nothing is fetched. Returns { name, version, dir }.
 */
function installPackage(tarball, userFolder) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const staging = path.join(nodesDir, '.unpack');
	fs.rmSync(staging, { recursive: true, force: true });
	fs.mkdirSync(staging, { recursive: true });
	run('tar', ['-xzf', tarball, '-C', staging, '--strip-components=1']);

	const pkgFile = path.join(staging, 'package.json');
	const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
	for (const key of ['devDependencies', 'peerDependencies', 'optionalDependencies']) delete pkg[key];
	if (pkg.dependencies && Object.keys(pkg.dependencies).length > 0) {
		throw new Error(`${pkg.name} has runtime dependencies (${Object.keys(pkg.dependencies).join(', ')}); this install does not fetch them`);
	}
	fs.writeFileSync(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`);

	const dir = path.join(nodesDir, 'node_modules', ...pkg.name.split('/'));
	fs.mkdirSync(path.dirname(dir), { recursive: true });
	fs.rmSync(dir, { recursive: true, force: true });
	fs.renameSync(staging, dir);

	const manifest = path.join(nodesDir, 'package.json');
	const installed = fs.existsSync(manifest)
		? JSON.parse(fs.readFileSync(manifest, 'utf8'))
		: { name: 'installed-nodes', private: true, dependencies: {} };
	installed.dependencies = { ...installed.dependencies, [pkg.name]: pkg.version };
	fs.writeFileSync(manifest, `${JSON.stringify(installed, null, 2)}\n`);
	return { name: pkg.name, version: pkg.version, dir };
}

/** Path of `name` on PATH, or ''. */
function which(name) {
	const r = spawnSync('bash', ['-c', 'command -v "$1"', 'which', name], { encoding: 'utf8' });
	return r.status === 0 ? r.stdout.trim() : '';
}

/**
 * `apt-get update` and `apt-get install -y <packages>` (as root, or through sudo), for the Debian packages
 * a check needs when the machine lacks them (chromium, redis-server). Throws when it cannot.
 */
function aptInstall(packages, { log = () => {}, what = packages.join(' '), about = 'a minute' } = {}) {
	const root = process.getuid && process.getuid() === 0;
	const sudo = root ? [] : which('sudo') ? ['sudo'] : undefined;
	if (!sudo) throw new Error(`${what} is not installed and this user cannot run apt-get: apt-get install -y ${packages.join(' ')}`);
	log(`${what} not found: installing Debian's package with apt-get (${about}, once)...`);
	const started = Date.now();
	const apt = (args) =>
		run(sudo.length ? 'sudo' : 'apt-get', [...(sudo.length ? ['apt-get'] : []), ...args], {
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
			stderr: 'inherit',
		});
	apt(['update', '-qq']);
	apt(['install', '-y', '-qq', ...packages]);
	log(`${what} installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/**
 * Path of the command `name` (from the environment variable `override`, or on PATH); installs the Debian
 * package `pkg` first when there is none. For the tools a check needs (chromium, redis-server).
 */
function ensureDebianCommand(name, { pkg = name, override, log, about }) {
	const found = (override && process.env[override]) || which(name);
	if (found) return found;
	aptInstall([pkg], { log, what: name, about });
	const installed = which(name);
	if (!installed) throw new Error(`apt-get install ${pkg} finished, but there is still no ${name} on PATH`);
	return installed;
}

/** A module from the n8n install (bcryptjs, flatted, …), so the harness itself needs no dependencies. */
function requireFromN8n(n8n, name) {
	return require(require.resolve(name, { paths: [path.join(n8n.dir, 'node_modules', 'n8n')] }));
}

module.exports = { ROOT, PACKAGE, N8N_VERSION, run, ensureDebianCommand, toolEnv, node24, cacheDir, ensureN8n, buildAndPack, installPackage, requireFromN8n };
