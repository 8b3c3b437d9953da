#!/usr/bin/env node
'use strict';
// Browser check: `npm run test:browser`. A real n8n (the packed package installed like the Community
// Nodes installer does) and the VMS emulator; headless Debian Chromium driven by playwright-core goes
// through owner setup, finds the trigger (its 9 entries, version 2's; one adds it with its Events set) and the node in
// the node panel, sees the Retry On Fail hint on a bind, creates the credential in its dialog, sees
// "Connection tested successfully", then a wrong secret and the credential test's message for it.
// Screenshots: screenshots/browser/ (git-ignored); --update-docs copies the chosen ones to docs/.
// Prints "N passed, N failed" last. Options: --no-build, --update-docs.
const fs = require('node:fs');
const path = require('node:path');
const h = require('../harness');
const { createEmulator, DEFAULT_KEYS } = require('../emulator/server');
const { launch } = require('./chromium');

const KEYS = DEFAULT_KEYS[0]; // the emulator's fixed test key pair

const SHOTS = path.join(h.ROOT, 'screenshots', 'browser');
const DOCS = path.join(h.ROOT, 'docs');
/** Screenshot file → docs file, for --update-docs. */
const DOC_SHOTS = {
	'03a-trigger-panel.png': 'trigger-panel.png',
	'04-node-actions.png': 'node-panel.png',
	'07-credential-ok.png': 'credential-test.png',
	'08-credential-wrong-secret.png': 'credential-wrong-secret.png',
};
const WRONG_SECRET_MESSAGE =
	'The Secret Access Key does not match the Access Key ID: paste the secret of this key pair again';
const SUCCESS_TEXT = 'Connection tested successfully';
const TRIGGER_DESCRIPTION = 'Privacy numbers (masked calling) with Volcengine VMS: bindings, dual calls, call records and recordings; starts workflows from pushed call events';
/** The trigger's entries in the node panel: the `action` of each Events option. */
const TRIGGER_ACTIONS = [
	'On call status',
	'On call record (CDR)',
	'On SMS record',
	'On voice notification call record',
	'On recording ready',
	'On number status change',
	'On risk control',
	'On resource review',
	'On any other push',
];
const FAILURE_TEXT = /Couldn.t connect with these settings/;

const argv = process.argv.slice(2);
const opts = { build: !argv.includes('--no-build'), updateDocs: argv.includes('--update-docs') };

const log = (m) => process.stderr.write(`[browser] ${m}\n`);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

async function main() {
	const results = [];
	const t0 = Date.now();
	let emulator;
	let server;
	let browser;
	h.onInterrupt(
		async () => {
			if (browser) await browser.close().catch(() => {});
			if (server) await server.stop().catch(() => {});
			if (emulator) await emulator.stop().catch(() => {});
		},
		undefined,
		log,
	);
	try {
		// Chromium first (it may need apt-get), then the stack: n8n (cached), the packed package,
		// the emulator, `n8n start` on a free port.
		const launched = await launch(log);
		browser = launched.browser;
		log(`${launched.version} (${launched.executablePath})`);
		const install = h.ensureN8n();
		const userFolder = path.join(h.cacheDir(), 'browser-test');
		const workDir = path.join(userFolder, 'work');
		fs.rmSync(workDir, { recursive: true, force: true });
		fs.mkdirSync(workDir, { recursive: true });
		const tarball = h.buildAndPack(workDir, { build: opts.build });
		fs.rmSync(path.join(userFolder, '.n8n'), { recursive: true, force: true });
		h.installPackage(tarball, userFolder);
		emulator = createEmulator();
		const emulatorUrl = await emulator.start(0, '127.0.0.1');
		const logFile = path.join(workDir, 'n8n.log');
		log(`Starting n8n ${install.version} (log: ${logFile})...`);
		// No owner yet: the first step sets it up through the /setup page.
		server = await h.n8nInstance({ n8n: install, userFolder }).start({ logFile, owner: false });
		log(`n8n ready on ${server.url} in ${seconds(server.ms)}; emulator on ${emulatorUrl}`);

		const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
		context.setDefaultTimeout(30000);
		const page = await context.newPage();
		// Nothing leaves the machine: requests elsewhere fail. n8n's node panel looks up an
		// installed community package's public metadata (maintainer, downloads) by its name; that
		// lookup is expected (and harmless when blocked), any other is a failure.
		// (Chromium resolves no other host name: see chromium.js. Watching costs nothing; intercepting
		// every request would slow n8n's hundreds of editor chunks down.)
		const outside = [];
		const metadataLookups = [];
		context.on('request', (request) => {
			const url = new URL(request.url());
			if (!/^https?:$/.test(url.protocol) || url.hostname === 'localhost' || url.hostname === '127.0.0.1') return;
			(url.pathname.includes(h.PACKAGE.name) ? metadataLookups : outside).push(url.origin);
		});

		fs.rmSync(SHOTS, { recursive: true, force: true });
		fs.mkdirSync(SHOTS, { recursive: true });
		const shot = async (name, target = page) => {
			await target.screenshot({ path: path.join(SHOTS, name) });
		};
		/** Closes "Credential saved"-style toasts, so they do not cover a screenshot. */
		const closeToasts = async () => {
			const buttons = page.locator('.el-notification .el-notification__closeBtn');
			for (let i = (await buttons.count()) - 1; i >= 0; i--) await buttons.nth(i).click().catch(() => {});
			await page.locator('.el-notification').first().waitFor({ state: 'detached', timeout: 3000 }).catch(() => {});
		};
		const base = server.url;
		const creator = page.locator('[data-test-id=node-creator]');
		const dialog = page.locator('.el-dialog', { has: page.locator('[data-test-id=credential-edit-dialog]') });
		const secretInput = dialog.locator('[data-test-id=parameter-input-secretAccessKey] input');
		const emulatorCalls = (code) =>
			emulator.requests.filter((e) => e.action === 'NumberPoolList' && (e.response?.code ?? null) === code).length;

		/** Saves the dialog and waits for the test banner; retries the test while it is not what we want. */
		const saveAndExpect = async (want) => {
			await dialog.locator('[data-test-id=credential-save-button]').click();
			const banner = want === 'ok' ? dialog.getByText(SUCCESS_TEXT) : dialog.getByText(FAILURE_TEXT);
			for (let attempt = 1; ; attempt++) {
				try {
					await banner.waitFor({ timeout: 20000 });
					return;
				} catch (err) {
					const retry = dialog.getByRole('button', { name: 'Retry' });
					if (attempt >= 3 || !(await retry.isVisible())) throw err;
					await retry.click();
				}
			}
		};

		const steps = [
			[
				'owner account set up through the /setup form',
				async () => {
					await page.goto(`${base}/`);
					await page.waitForURL(/\/setup/);
					await page.locator('input[name=email]').fill(h.OWNER.email);
					await page.locator('input[name=firstName]').fill(h.OWNER.firstName);
					await page.locator('input[name=lastName]').fill(h.OWNER.lastName);
					await page.locator('input[name=password]').fill(h.OWNER.password);
					await shot('01-owner-setup.png');
					await page.locator('[data-test-id=form-submit-button]').click();
					await page.waitForURL((u) => !u.pathname.startsWith('/setup'));
				},
			],
			[
				'editor opens a new workflow',
				async () => {
					await page.goto(`${base}/workflow/new`);
					await page.locator('[data-test-id=canvas-wrapper]').waitFor();
					await page.locator('[data-test-id=node-creator-plus-button]').waitFor();
					await shot('02-editor.png');
				},
			],
			[
				'trigger panel finds "Volcengine VMS" with its 9 triggers (not "No Volcengine VMS Triggers available")',
				async () => {
					// An empty canvas opens the panel for the first step: "What triggers this workflow?".
					await page.locator('[data-test-id=node-creator-plus-button]').click();
					await creator.getByText('What triggers this workflow?').waitFor();
					await creator.locator('input').first().fill('Volcengine');
					const item = creator.locator('[data-test-id=node-creator-item-name]', { hasText: /^Volcengine VMS$/ });
					await item.waitFor();
					// n8n lists the node and its trigger as one app, with the trigger's description.
					await creator.getByText(TRIGGER_DESCRIPTION).first().waitFor();
					await item.click();
					await creator.getByText(/^Triggers \(9\)/).waitFor();
					for (const action of TRIGGER_ACTIONS) await creator.getByText(action, { exact: true }).first().waitFor();
					if ((await creator.getByText(/No Volcengine VMS Triggers available/).count()) > 0) {
						throw new Error('the panel still says "No Volcengine VMS Triggers available"');
					}
					await page.waitForTimeout(300); // the panel's slide-in, for the screenshot
					await shot('03a-trigger-panel.png');
				},
			],
			[
				'"On call record (CDR)" adds the Volcengine VMS Trigger with Events = Call Record (CDR) and URLs <n8n>/webhook(-test)/<webhookId>/webhook',
				async () => {
					await creator.getByText('On call record (CDR)', { exact: true }).first().click();
					const ndv = page.locator('[data-test-id=ndv]');
					await ndv.waitFor();
					const title = (await ndv.innerText()).split('\n')[0].trim();
					if (title !== 'Volcengine VMS Trigger') throw new Error(`the node opened is "${title}"`);
					const events = (await ndv.locator('[data-test-id=parameter-input-events]').innerText()).trim();
					if (events !== 'Call Record (CDR)') throw new Error(`Events shows "${events}"`);
					// Its webhook URLs end in /<webhookId>/webhook (the test URL shows first).
					await ndv.getByText('Webhook URLs').first().click();
					await ndv.getByText(/\/webhook-test\/[0-9a-f-]{36}\/webhook$/).waitFor();
					await ndv.getByText('Production URL', { exact: true }).click();
					await ndv.getByText(/\/webhook\/[0-9a-f-]{36}\/webhook$/).waitFor();
					await shot('03b-trigger-node.png');
					await page.keyboard.press('Escape');
					await ndv.waitFor({ state: 'hidden' });
				},
			],
			[
				'node panel finds "Volcengine VMS"',
				async () => {
					await page.locator('[data-test-id=node-creator-plus-button]').click();
					await page.locator('[data-test-id=node-creator] input').first().fill('Volcengine VMS');
					const item = page.locator('[data-test-id=node-creator-item-name]', { hasText: /^Volcengine VMS$/ });
					await item.waitFor();
					await page.getByText('Privacy numbers (masked calling) with Volcengine VMS').first().waitFor();
					await shot('03-node-panel-search.png');
					await item.click();
					await page.locator('[data-test-id=node-creator]').getByText(/^Bind A \(and B\) to privacy number X you choose/).first().waitFor();
					await page.waitForTimeout(300); // let the panel's slide-in finish for the screenshot
					await shot('04-node-actions.png');
				},
			],
			[
				'the bind action opens the node with its parameters',
				async () => {
					await page.locator('[data-test-id=node-creator]').getByText(/^Bind A \(and B\) to privacy number X you choose/).first().click();
					await page.locator('[data-test-id=ndv]').waitFor();
					for (const name of ['numberPoolNo', 'phoneNoX', 'phoneNoA', 'expireTime']) {
						await page.locator(`[data-test-id=parameter-input-${name}]`).waitFor();
					}
					await page.locator('[data-test-id=node-credentials-empty-state]').waitFor();
					await shot('05-node-parameters.png');
				},
			],
			[
				'a bind shows the hint to keep Retry On Fail off',
				async () => {
					const ndv = page.locator('[data-test-id=ndv]');
					await ndv.getByText(/this operation creates something, and a retry runs the whole node again/).first().waitFor();
					await shot('05b-retry-on-fail-hint.png');
				},
			],
			[
				'credential dialog "Volcengine VMS API" saves and tests: Connection tested successfully',
				async () => {
					await page.locator('[data-test-id=node-credentials-empty-state]').click();
					await dialog.getByText('Volcengine VMS API').first().waitFor();
					const region = await dialog.locator('[data-test-id=parameter-input-region] input').inputValue();
					if (region !== 'cn-north-1') throw new Error(`Region defaults to "${region}", not cn-north-1`);
					await dialog.locator('[data-test-id=parameter-input-accessKeyId] input').fill(KEYS.accessKeyId);
					await secretInput.fill(KEYS.secretAccessKey);
					await dialog.locator('[data-test-id=parameter-input-endpoint] input').fill(emulatorUrl);
					await shot('06-credential-filled.png');
					const before = emulatorCalls(null);
					await dialog.locator('[data-test-id=credential-save-button]').click();
					// A new credential created from the node closes its dialog once its test passes;
					// reopen it (that tests again) to see the banner.
					await Promise.race([dialog.waitFor({ state: 'hidden' }), dialog.getByText(SUCCESS_TEXT).waitFor()]);
					if (!(await dialog.isVisible())) {
						await page.locator('[data-test-id=credential-edit-button]').click();
						await dialog.waitFor();
					}
					try {
						await dialog.getByText(SUCCESS_TEXT).waitFor({ timeout: 20000 });
					} catch {
						await saveAndExpect('ok');
					}
					if (emulatorCalls(null) <= before) throw new Error('the emulator saw no signed NumberPoolList request');
					await closeToasts();
					await shot('07-credential-ok.png', dialog);
				},
			],
			[
				`wrong secret: "${WRONG_SECRET_MESSAGE}"`,
				async () => {
					const before = emulatorCalls('SignatureDoesNotMatch');
					await secretInput.fill('not-the-emulator-secret');
					await saveAndExpect('failed');
					const details = dialog.getByText('More details');
					if (await details.isVisible()) await details.click();
					await dialog.getByText(WRONG_SECRET_MESSAGE).waitFor();
					if (emulatorCalls('SignatureDoesNotMatch') <= before) {
						throw new Error('the emulator did not answer SignatureDoesNotMatch');
					}
					await closeToasts();
					await shot('08-credential-wrong-secret.png', dialog);
				},
			],
			[
				'the right secret again: Connection tested successfully',
				async () => {
					await secretInput.fill(KEYS.secretAccessKey);
					await saveAndExpect('ok');
					if (await dialog.getByText(WRONG_SECRET_MESSAGE).isVisible()) throw new Error('the failure message stayed');
				},
			],
			[
				'no request left the machine',
				async () => {
					if (outside.length) throw new Error(`requests to ${[...new Set(outside)].join(', ')}`);
					if (metadataLookups.length) {
						log(`blocked n8n's package metadata lookups (expected): ${[...new Set(metadataLookups)].join(', ')}`);
					}
				},
			],
		];

		for (const [name, fn] of steps) {
			if (results.some((r) => !r.ok)) {
				results.push({ name, ok: false, error: 'not run: an earlier step failed' });
				continue;
			}
			const t = Date.now();
			try {
				await fn();
				results.push({ name, ok: true, ms: Date.now() - t });
			} catch (err) {
				results.push({ name, ok: false, ms: Date.now() - t, error: err.message.split('\n')[0] });
				await shot(`failed-${results.length}.png`).catch(() => {});
			}
		}
	} catch (err) {
		results.push({ name: 'set up n8n, the emulator and Chromium', ok: false, error: err.message });
	} finally {
		if (browser) await browser.close().catch(() => {});
		if (server) await server.stop().catch(() => {});
		if (emulator) await emulator.stop().catch(() => {});
	}

	for (const r of results) {
		const time = r.ms !== undefined ? ` (${seconds(r.ms)})` : '';
		console.log(`${r.ok ? 'ok  ' : 'FAIL'}  ${r.name}${time}${r.ok ? '' : `\n      ${r.error}`}`);
	}
	if (fs.existsSync(SHOTS)) console.log(`Screenshots: ${path.relative(h.ROOT, SHOTS)}/`);
	const failed = results.filter((r) => !r.ok).length;
	if (opts.updateDocs && failed === 0) {
		fs.mkdirSync(DOCS, { recursive: true });
		for (const [from, to] of Object.entries(DOC_SHOTS)) fs.copyFileSync(path.join(SHOTS, from), path.join(DOCS, to));
		console.log(`Updated ${Object.values(DOC_SHOTS).map((f) => `docs/${f}`).join(', ')}`);
	}
	log(`Took ${seconds(Date.now() - t0)}`);
	console.log(`${results.length - failed} passed, ${failed} failed`);
	process.exitCode = failed ? 1 : 0;
}

main();
