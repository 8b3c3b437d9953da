'use strict';
// `npm run lint` runs n8n's verification scanner (scripts/scan.js): it must fail on what the scanner
// rejects. Each case lints a temporary copy of the package with one deliberate fault.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const SCAN = path.join(ROOT, 'scripts', 'scan.js');
jest.setTimeout(180000);

let work;
beforeAll(() => {
	work = fs.mkdtempSync(path.join(os.tmpdir(), 'vms-scan-test-'));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** A copy of what the source leg reads: package.json, nodes/, credentials/. */
function sourceCopy(name) {
	const dir = path.join(work, name);
	for (const entry of ['package.json', 'nodes', 'credentials']) {
		fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
	}
	return dir;
}

function scan(args) {
	const r = spawnSync(process.execPath, [SCAN, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
	return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

test('source leg: the package as it is passes', () => {
	const r = scan(['--source', sourceCopy('clean')]);
	expect(r.output).toMatch(/source leg .*: passed/);
	expect(r.status).toBe(0);
});

test('source leg: console.log in nodes/ and a parameter without a default fail, inline disables do not help', () => {
	const dir = sourceCopy('broken');
	fs.writeFileSync(
		path.join(dir, 'nodes', 'VolcengineVms', 'actions', 'broken.ts'),
		[
			"import type { INodeProperties } from 'n8n-workflow';",
			"export const broken = { displayName: 'Broken', name: 'broken', type: 'string' } as INodeProperties;",
			'// eslint-disable-next-line no-console',
			'console.log(broken);',
			'',
		].join('\n'),
	);
	const r = scan(['--source', dir]);
	expect(r.status).toBe(1);
	// The report names files by absolute path: only the broken one.
	expect(r.output.split('\n').filter((l) => l.startsWith('/'))).toEqual([path.join(dir, 'nodes', 'VolcengineVms', 'actions', 'broken.ts')]);
	expect(r.output).toMatch(/\bno-console\b/);
	expect(r.output).toContain('n8n-nodes-base/node-param-default-missing');
});

test('tarball leg: a runtime dependency in the packed package.json fails', () => {
	const pkgDir = path.join(work, 'tarball', 'package');
	fs.mkdirSync(pkgDir, { recursive: true });
	const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	fs.writeFileSync(path.join(pkgDir, 'package.json'), JSON.stringify({ ...pkg, dependencies: { axios: '1.18.0' } }, null, 2));
	const tarball = path.join(work, 'broken.tgz');
	expect(spawnSync('tar', ['-czf', tarball, '-C', path.dirname(pkgDir), 'package']).status).toBe(0);
	const r = scan(['--tarball', tarball]);
	expect(r.status).toBe(1);
	expect(r.output).toContain('tarball leg');
	expect(r.output).toContain('no-runtime-dependencies');
});
