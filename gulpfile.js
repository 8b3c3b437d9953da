const { finished } = require('node:stream/promises');
const { task, src, dest } = require('gulp');

// tsc does not copy icons; n8n loads them from dist/ next to the compiled files.
async function copyIcons() {
	await Promise.all(
		['nodes', 'credentials'].map((dir) =>
			finished(src(`${dir}/**/*.{png,svg}`, { encoding: false }).pipe(dest(`dist/${dir}`))),
		),
	);
}

task('build:icons', copyIcons);
