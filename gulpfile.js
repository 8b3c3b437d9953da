const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { series, task } = require('gulp');

// `npm run build` = `gulp build`: n8n's own build first (`n8n-node build`: empties dist/, runs tsc with
// tsconfig.json, copies every *.png and *.svg of the repository into dist/), then dist/ is cut down to
// what n8n loads. package.json "files" leaves out the source maps tsc writes for `npm run dev`.
function n8nNodeBuild() {
	// npm run puts node_modules/.bin on PATH. The CLI's spinner floods a log that is not a terminal:
	// its output is shown when the build fails (tsc's errors are in it).
	return new Promise((resolve, reject) => {
		const child = spawn('n8n-node', ['build'], { stdio: ['ignore', 'pipe', 'pipe'] });
		const output = [];
		child.stdout.on('data', (chunk) => output.push(chunk));
		child.stderr.on('data', (chunk) => output.push(chunk));
		child.on('error', reject);
		child.on('close', (code) => {
			if (code === 0) return resolve();
			process.stderr.write(Buffer.concat(output));
			reject(new Error(`n8n-node build exited with ${code}`));
		});
	});
}

// The CLI copies the docs' screenshots too (dist/docs/*.png): n8n loads only dist/nodes and dist/credentials.
async function keepOnlyWhatN8nLoads() {
	const keep = new Set(['nodes', 'credentials']);
	for (const entry of fs.readdirSync('dist')) {
		if (!keep.has(entry)) fs.rmSync(path.join('dist', entry), { recursive: true, force: true });
	}
}

task('build', series(n8nNodeBuild, keepOnlyWhatN8nLoads));
