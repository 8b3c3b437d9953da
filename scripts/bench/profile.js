'use strict';
/**
 * Reads a V8 .cpuprofile (from `node --cpu-prof`, e.g. scripts/bench/n8n.js --profile) and prints where
 * the time under one function goes: self time by function and by package, inclusive time of the
 * heaviest frames.   node scripts/bench/profile.js <file.cpuprofile> [rootFunction=router]
 */
const fs = require('node:fs');

const [file, root = 'router'] = process.argv.slice(2);
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
const self = new Map();
const dt = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++) self.set(profile.samples[i], (self.get(profile.samples[i]) || 0) + (dt[i] || 0) / 1000);

const where = (n) => {
	const url = n.callFrame.url.replace(/^file:\/\//, '');
	const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url.split('node_modules').length > 1 ? url.slice(url.lastIndexOf('node_modules')) : '');
	return m ? m[1] : url ? url.split('/').slice(-2).join('/') : `(${n.callFrame.functionName || 'native'})`;
};
const label = (n) => `${n.callFrame.functionName || '(anonymous)'} ${where(n)}:${n.callFrame.lineNumber + 1}`;
const underRoot = (id) => {
	for (let p = id; p !== undefined; p = parent.get(p)) if (byId.get(p).callFrame.functionName === root) return true;
	return false;
};

let total = 0;
const selfByFn = new Map();
const selfByPkg = new Map();
const inclusive = new Map();
for (const [id, ms] of self) {
	if (!underRoot(id)) continue;
	total += ms;
	const n = byId.get(id);
	selfByFn.set(label(n), (selfByFn.get(label(n)) || 0) + ms);
	selfByPkg.set(where(n), (selfByPkg.get(where(n)) || 0) + ms);
	const seen = new Set();
	for (let p = id; p !== undefined; p = parent.get(p)) {
		const l = label(byId.get(p));
		if (!seen.has(l)) inclusive.set(l, (inclusive.get(l) || 0) + ms);
		seen.add(l);
		if (byId.get(p).callFrame.functionName === root) break;
	}
}
const top = (map, n) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${v.toFixed(0).padStart(7)} ms  ${k}`).join('\n');
console.log(`CPU under ${root}(): ${total.toFixed(0)} ms (sampled; async work it awaits runs outside it and is not counted)\n`);
console.log(`Self time by package/file:\n${top(selfByPkg, 15)}\n`);
console.log(`Inclusive time:\n${top(inclusive, 45)}\n`);
console.log(`Self time by function:\n${top(selfByFn, 25)}`);

// With a third argument, also: everything the process did between the first and the last sample
// whose stack has a frame from a file matching it (e.g. n8n-nodes-volcengine-vms), idle included.
const windowMatch = process.argv[4];
if (windowMatch) {
	const times = [];
	let t = profile.startTime;
	for (let i = 0; i < profile.samples.length; i++) {
		t += dt[i] || 0;
		times.push(t);
	}
	const matches = (id) => {
		for (let p = id; p !== undefined; p = parent.get(p)) {
			const { url, functionName } = byId.get(p).callFrame;
			if (url.includes(windowMatch) && functionName) return true;
		}
		return false;
	};
	let first = -1;
	let last = -1;
	profile.samples.forEach((id, i) => {
		if (matches(id)) {
			if (first < 0) first = i;
			last = i;
		}
	});
	const pkg = new Map();
	for (let i = first; i <= last; i++) {
		const n = byId.get(profile.samples[i]);
		const k = where(n);
		pkg.set(k, (pkg.get(k) || 0) + (dt[i] || 0) / 1000);
	}
	console.log(`\nWindow of ${windowMatch}: ${((times[last] - times[first]) / 1000).toFixed(0)} ms wall, by package:\n${top(pkg, 25)}`);
}
