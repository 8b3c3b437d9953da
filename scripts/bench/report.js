'use strict';
// Writes benchmark results into BENCHMARKS.md, one section per benchmark, with the machine and date.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const FILE = path.resolve(__dirname, '../../BENCHMARKS.md');

function machine() {
	const cpus = os.cpus();
	return `Machine: ${cpus.length} × ${cpus[0] ? cpus[0].model.trim() : 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.versions.node}. Date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.`;
}

/** Replaces (or appends) the section `## <title>` of BENCHMARKS.md, up to the next `## `. */
function writeSection(title, body) {
	const heading = `## ${title}`;
	let text = fs.existsSync(FILE) ? fs.readFileSync(FILE, 'utf8') : '# Benchmarks\n\n';
	const start = text.indexOf(`${heading}\n`);
	const section = `${heading}\n\n${body.trim()}\n\n`;
	if (start < 0) {
		text = `${text.trimEnd()}\n\n${section}`;
	} else {
		const next = text.indexOf('\n## ', start + heading.length);
		text = text.slice(0, start) + section + (next < 0 ? '' : text.slice(next + 1));
	}
	fs.writeFileSync(FILE, `${text.trimEnd()}\n`);
}

module.exports = { machine, writeSection, FILE };
