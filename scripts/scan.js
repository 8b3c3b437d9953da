#!/usr/bin/env node
'use strict';
// n8n's verification scanner (@n8n/scan-community-package), both legs, offline. The scanner itself
// downloads the published tarball and the GitHub source its provenance points at; here its own
// analyzePackage() lints the working folder (the source leg) and the tarball `npm pack` makes now
// (the tarball leg), with the scanner's own ESLint config and file patterns.
//
//   node scripts/scan.js                 both legs (builds and packs first)
//   node scripts/scan.js --source DIR    only the source leg, on DIR (used by test/lint/scan.test.js)
//   node scripts/scan.js --tarball FILE  only the tarball leg, on FILE
// Exits 1 when a leg finds an error; prints the scanner's report.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const { ROOT, buildAndPack } = require('../test/harness/install');
// The tarball leg's patterns are inline in the scanner's analyzePackageByName (not exported);
// loadScanner() checks that its source still says exactly this.
const TARBALL_CALL = "analyzePackage(packageDir, ['**/*.js', 'package.json'])";
const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];

const log = (m) => process.stdout.write(`[scan] ${m}\n`);

function run(command, args, options = {}) {
	const r = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
	if (r.error) throw r.error;
	if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${r.status}\n${r.stdout || ''}${r.stderr || ''}`);
	return r.stdout;
}

/** The pinned scanner from the cache (scripts/ensure-scanner.sh installs it once). */
async function loadScanner() {
	const dir = run('bash', [path.join(ROOT, 'scripts', 'ensure-scanner.sh')], { stdio: ['ignore', 'pipe', 'inherit'] })
		.trim()
		.split('\n')
		.pop();
	const file = path.join(dir, 'node_modules', '@n8n', 'scan-community-package', 'scanner', 'scanner.mjs');
	if (!fs.readFileSync(file, 'utf8').includes(TARBALL_CALL)) {
		throw new Error(`${file} no longer calls ${TARBALL_CALL}: update TARBALL_FILE_PATTERNS in scripts/scan.js`);
	}
	// eslint-plugin-n8n-nodes-base reads NODE_ENV when loaded: with "test" (jest sets it) its file-name
	// and node-detection rules switch to its own test fixtures' conventions and report false errors.
	delete process.env.NODE_ENV;
	const { version } = JSON.parse(fs.readFileSync(path.join(path.dirname(file), '..', 'package.json'), 'utf8'));
	return { version, ...(await import(pathToFileURL(file).href)) };
}

/** `npm run build`, `npm pack` (test/harness), unpacked like the scanner unpacks a download. */
function packAndUnpack(work) {
	log('npm run build + npm pack');
	return unpack(buildAndPack(work), work);
}

function unpack(tarball, work) {
	const dir = path.join(work, 'package');
	fs.mkdirSync(dir, { recursive: true });
	run('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1']);
	return dir;
}

async function main() {
	const argv = process.argv.slice(2);
	const value = (flag) => {
		const i = argv.indexOf(flag);
		return i >= 0 ? path.resolve(argv[i + 1]) : undefined;
	};
	const source = value('--source');
	const tarball = value('--tarball');
	const both = !source && !tarball;

	const scanner = await loadScanner();
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'vms-scan-'));
	const legs = [];
	try {
		if (both || source) {
			legs.push(['source', source ?? ROOT, scanner.SOURCE_FILE_PATTERNS]);
		}
		if (both || tarball) {
			legs.push(['tarball', tarball ? unpack(tarball, work) : packAndUnpack(work), TARBALL_FILE_PATTERNS]);
		}
		let failed = 0;
		for (const [leg, dir, patterns] of legs) {
			const result = await scanner.analyzePackage(dir, patterns);
			const what = `${leg} leg (${patterns.join(', ')})`;
			if (result.passed) {
				log(`${what}: passed`);
			} else {
				failed++;
				log(`${what}: FAILED: ${result.message}`);
				if (result.details) process.stdout.write(`${result.details}\n`);
			}
		}
		const legsRun = legs.map(([leg]) => leg).join(' and ');
		log(`@n8n/scan-community-package ${scanner.version}, ${legsRun}: ${failed ? 'FAILED' : 'passed'}`);
		process.exitCode = failed ? 1 : 0;
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
}

main().catch((error) => {
	log(error.message);
	process.exitCode = 1;
});
