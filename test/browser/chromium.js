'use strict';
// Debian's Chromium for playwright-core: installed with apt-get when missing, never a browser download.
const { execFileSync } = require('node:child_process');

const { ensureDebianCommand } = require('../harness/install');

const ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	// Only this machine: every other host name fails to resolve, so nothing leaves it.
	'--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
];

/** Path of Debian's chromium; runs `apt-get install -y chromium` first when there is none (about 1.5 min). */
function ensureChromium(log) {
	return ensureDebianCommand('chromium', { override: 'CHROMIUM_PATH', log, about: 'about 1.5 minutes' });
}

/** playwright-core (a devDependency), with a clear message when it is not installed. */
function loadPlaywright() {
	try {
		return require('playwright-core');
	} catch {
		throw new Error(
			'playwright-core is not installed: run "npm ci" (it is a devDependency), or "npm install --no-save playwright-core"',
		);
	}
}

async function launch(log) {
	const executablePath = ensureChromium(log);
	const { chromium } = loadPlaywright();
	const version = execFileSync(executablePath, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
		.trim()
		.split('\n')[0];
	const browser = await chromium.launch({ executablePath, args: ARGS, headless: true });
	return { browser, executablePath, version };
}

module.exports = { ARGS, ensureChromium, loadPlaywright, launch };
