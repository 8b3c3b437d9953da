'use strict';
// The package under test as users get it: the npm tarball, unpacked where n8n's Community Nodes
// installer puts it (<user folder>/.n8n/nodes/node_modules/<name>).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const { ROOT, withEnvSh } = require('./n8n');

/** `npm run build` then `npm pack` into `destDir`; returns the tarball's path. */
function buildAndPack(destDir) {
	withEnvSh('npm run build >&2');
	const out = withEnvSh(`npm pack --silent --pack-destination ${JSON.stringify(destDir)}`);
	const file = path.join(destDir, out.split('\n').pop().trim());
	if (!fs.existsSync(file)) throw new Error(`npm pack did not produce ${file}`);
	return file;
}

/**
 * Unpacks `tarball` into `<userFolder>/.n8n/nodes/node_modules/<name>` and lists it in
 * `<userFolder>/.n8n/nodes/package.json`, as the installer does (which also drops the dev, peer and
 * optional dependencies from the installed package.json). Returns { name, version, dir }.
 */
function installTarball(tarball, userFolder) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const staging = path.join(nodesDir, '.unpack');
	fs.mkdirSync(staging, { recursive: true });
	const tar = spawnSync('tar', ['-xzf', tarball, '-C', staging, '--strip-components=1'], { encoding: 'utf8' });
	if (tar.status !== 0) throw new Error(`tar -xzf ${tarball} failed: ${tar.stderr}`);

	const pkgFile = path.join(staging, 'package.json');
	const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
	delete pkg.devDependencies;
	delete pkg.peerDependencies;
	delete pkg.optionalDependencies;
	fs.writeFileSync(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`);
	if (pkg.dependencies && Object.keys(pkg.dependencies).length > 0) {
		// The installer would `npm install` them; this package promises to have none.
		throw new Error(`${pkg.name} has runtime dependencies (${Object.keys(pkg.dependencies).join(', ')}); the e2e install does not fetch them`);
	}

	const dir = path.join(nodesDir, 'node_modules', ...pkg.name.split('/'));
	fs.mkdirSync(path.dirname(dir), { recursive: true });
	fs.rmSync(dir, { recursive: true, force: true });
	fs.renameSync(staging, dir);

	const manifest = path.join(nodesDir, 'package.json');
	const installed = fs.existsSync(manifest)
		? JSON.parse(fs.readFileSync(manifest, 'utf8'))
		: { name: 'installed-nodes', private: true, dependencies: {} };
	installed.dependencies = { ...(installed.dependencies || {}), [pkg.name]: pkg.version };
	fs.writeFileSync(manifest, `${JSON.stringify(installed, null, 2)}\n`);
	return { name: pkg.name, version: pkg.version, dir };
}

module.exports = { ROOT, buildAndPack, installTarball };
