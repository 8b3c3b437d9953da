'use strict';
// The demo's own pieces: the VMS emulator in this process, its credential, output formatting.
// Everything about n8n (install, package, environment, CLI, server) is test/harness.
const path = require('node:path');

const h = require('../../test/harness');
const { createEmulator, DEFAULT_KEYS } = require('../../test/emulator/server');

/** The emulator's fixed test key pair (test/emulator/server.js); not a secret. */
const EMULATOR_KEYS = { accessKeyId: DEFAULT_KEYS[0].accessKeyId, secretAccessKey: DEFAULT_KEYS[0].secretAccessKey };
const CREDENTIAL = { id: 'vmsEmulatorCred', name: 'Volcengine VMS (local emulator)', type: 'volcengineVmsApi' };

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

function log(message) {
	process.stderr.write(`[demo] ${message}\n`);
}

/** Starts the local VMS emulator in this process on a free port; resolves { emulator, url }. */
async function startEmulator({ onRequest } = {}) {
	const emulator = createEmulator({ onRequest });
	const url = await emulator.start(0, '127.0.0.1');
	return { emulator, url };
}

/** The demo credential for the emulator at `endpoint`, as `n8n import:credentials` takes it. */
function emulatorCredential(endpoint) {
	return { ...CREDENTIAL, data: { ...EMULATOR_KEYS, region: 'cn-north-1', endpoint } };
}

/** A workflow with every node of this package pointed at the demo credential (and an id if it has none). */
function withDemoCredential(workflow) {
	return {
		...workflow,
		id: workflow.id || 'vmsDemoWorkflow',
		nodes: workflow.nodes.map((node) =>
			node.type.startsWith(`${h.PACKAGE.name}.`)
				? { ...node, credentials: { volcengineVmsApi: { id: CREDENTIAL.id, name: CREDENTIAL.name } } }
				: node,
		),
	};
}

/** A path relative to the repository when it is inside it. */
function shortPath(file) {
	const rel = path.relative(h.ROOT, file);
	return rel.startsWith('..') ? file : rel;
}

/** A plain text table of objects; long cells are cut. */
function table(rows, columns) {
	const cell = (v) => {
		if (v === undefined || v === null) return '';
		const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
		return s.length > 40 ? `${s.slice(0, 39)}…` : s;
	};
	// Columns that are empty in every row are left out.
	const cols = (columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))]).filter((c) =>
		rows.some((r) => cell(r[c]) !== ''),
	);
	// CJK characters take two columns in a terminal.
	const wide = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;
	const width = (s) => [...s].reduce((w, ch) => w + (wide.test(ch) ? 2 : 1), 0);
	const pad = (s, w) => s + ' '.repeat(Math.max(0, w - width(s)));
	const widths = cols.map((c) => Math.max(width(c), ...rows.map((r) => width(cell(r[c])))));
	const line = (values) => values.map((v, i) => pad(v, widths[i])).join('  ').trimEnd();
	const body = rows.map((r) => line(cols.map((c) => cell(r[c]))));
	return [line(cols), line(widths.map((w) => '-'.repeat(w))), ...body].join('\n');
}

module.exports = { EMULATOR_KEYS, CREDENTIAL, seconds, log, startEmulator, emulatorCredential, withDemoCredential, shortPath, table };
