/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code (runs in jest, not in n8n): reads dist/ and the Markdown files from disk (node:fs, node:path, __dirname) */
/**
 * English only, as n8n's verification guidelines ask: no CJK character in any string n8n shows from the
 * built package (every string in the node and credential descriptions, all versions) nor in the
 * repository's Markdown files. Needs `npm run build` (npm test builds first).
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
/** Han, kana, Hangul, Bopomofo, CJK punctuation and full-width forms. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}\u3000-\u303f\uff00-\uffef]/u;
const CJK_ALL = new RegExp(CJK.source, 'gu');

interface Finding {
	where: string;
	text: string;
}

/** Every string under `value` (keys too), with its path; functions are code, not text. */
function walkStrings(value: unknown, where: string, out: Finding[], seen = new Set<unknown>()): Finding[] {
	if (typeof value === 'string') {
		if (CJK.test(value)) out.push({ where, text: value });
	} else if (value !== null && typeof value === 'object' && !seen.has(value)) {
		seen.add(value);
		for (const [key, child] of Object.entries(value)) {
			if (CJK.test(key)) out.push({ where: `${where} (key)`, text: key });
			walkStrings(child, `${where}.${key}`, out, seen);
		}
	}
	return out;
}

/** The built classes package.json lists, instantiated; a versioned node gives every version's description. */
function builtDescriptions(): Array<{ where: string; description: unknown }> {
	const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
		n8n: { nodes: string[]; credentials: string[] };
	};
	const result: Array<{ where: string; description: unknown }> = [];
	for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
		const full = path.join(ROOT, file);
		if (!fs.existsSync(full)) throw new Error(`${file} is missing: run npm run build`);
		// eslint-disable-next-line @typescript-eslint/no-require-imports -- the built CommonJS class, by path
		const exported = require(full) as Record<string, new () => Record<string, unknown>>;
		for (const [name, Class] of Object.entries(exported)) {
			if (typeof Class !== 'function') continue;
			const instance = new Class();
			const described = instance as {
				description?: unknown;
				nodeVersions?: Record<string, { description: unknown }>;
				displayName?: unknown;
				properties?: unknown;
			};
			// A credential class carries its description on the instance itself.
			result.push({ where: `${file} ${name}`, description: described.description ?? instance });
			for (const [version, type] of Object.entries(described.nodeVersions ?? {})) {
				result.push({ where: `${file} ${name} version ${version}`, description: type.description });
			}
		}
	}
	return result;
}

/** The repository's Markdown files, without dependencies and build output. */
function markdownFiles(dir = ROOT): string[] {
	const skip = new Set(['node_modules', '.git', 'dist', 'coverage', 'test-output', 'screenshots']);
	const files: string[] = [];
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		if (skip.has(entry.name)) continue;
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) files.push(...markdownFiles(full));
		else if (entry.name.toLowerCase().endsWith('.md')) files.push(full);
	}
	return files;
}

const show = (findings: Finding[]) =>
	findings.map((f) => `${f.where}: "${f.text.length > 160 ? `${f.text.slice(0, 160)}…` : f.text}" (${[...f.text.matchAll(CJK_ALL)].map((m) => m[0]).join('')})`).join('\n');

describe('English only', () => {
	it('finds CJK text where there is some (the check itself)', () => {
		expect(walkStrings({ options: [{ name: 'Dual call (双呼)' }], hint: 'Fine' }, 'sample', [])).toEqual([
			{ where: 'sample.options.0.name', text: 'Dual call (双呼)' },
		]);
		expect(walkStrings({ notice: 'Full-width comma ，' }, 'sample', [])).toHaveLength(1);
		expect(walkStrings({ notice: 'Café, naïve, → arrows and “quotes”' }, 'sample', [])).toHaveLength(0);
	});

	it('the built node and credential descriptions have none', () => {
		const described = builtDescriptions();
		// Both nodes and both credentials (more when a node has versions).
		expect(described.length).toBeGreaterThanOrEqual(4);
		const findings = described.flatMap(({ where, description }) => walkStrings(description, where, []));
		expect(show(findings)).toBe('');
	});

	it('the Markdown files have none', () => {
		const files = markdownFiles();
		expect(files.map((f) => path.relative(ROOT, f))).toContain('README.md');
		const findings: Finding[] = [];
		for (const file of files) {
			fs.readFileSync(file, 'utf8')
				.split('\n')
				.forEach((line, i) => {
					if (CJK.test(line)) findings.push({ where: `${path.relative(ROOT, file)}:${i + 1}`, text: line.trim() });
				});
		}
		expect(show(findings)).toBe('');
	});
});
