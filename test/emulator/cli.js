#!/usr/bin/env node
'use strict';
// Local Volcengine VMS emulator for trying the n8n node by hand: `npm run sandbox`.
// Sub-commands talk to a running sandbox: `call`, `push-target`, `pushes`, `repush`, `resources`, `review` (see --help).
const { createEmulator, DEFAULT_KEYS } = require('./server');

const HELP = `Usage:
  node test/emulator/cli.js [--port 18080] [--host 127.0.0.1] [--push-url URL --auth-token TOKEN]
      Start the sandbox (port also from VMS_EMULATOR_PORT).

  node test/emulator/cli.js push-target --url URL --token TOKEN    Where a running sandbox pushes call events
  node test/emulator/cli.js call (--sub SUBID | --x PHONE_NO_X [--a PHONE_NO_A] | --call-id CALL_ID) [options]
      Play a call on a running sandbox and push its events: status (start, ringing, answered, ended), CDR, recording.
      --from NUMBER          who dials X (default A, who reaches B; anyone else reaches A)
      --duration SECONDS     talk time (default 42)     --no-answer    the callee does not answer
      --result N             callResult (default 1, or 7 = no answer)
      --no-record            no recording              --split        split channels (left/right WAV)
      --messages LIST        status,cdr,recording (default all)
      --duplicate LIST       push these kinds twice    --fresh-timestamp   duplicates get a new timestamp
      --delay MS             pause between pushes      --batch        all messages in one JSON array push
      --bad KIND             wrongToken | noAuthCode | noTimestamp | unsigned | tamperedBody
      --timestamp-offset S   shift the push timestamp (e.g. -7200)
  node test/emulator/cli.js resources                   Voice resources (key, type, review state, name) and the blacklist
  node test/emulator/cli.js review --key RESOURCE_KEY --state approved|rejected [--no-push]
      Finish a resource's review; pushes the result (resource review event) when a push target is set.
  node test/emulator/cli.js pushes                      Every push and the HTTP status it got
  node test/emulator/cli.js repush --seq N [--fresh-timestamp] [--bad KIND]    Push message #N again

  --emulator URL   the running sandbox (default http://127.0.0.1:$VMS_EMULATOR_PORT or :18080)`;

const BOOLEAN_FLAGS = new Set(['--no-push', '--no-answer', '--no-record', '--split', '--batch', '--fresh-timestamp', '--help', '-h']);

/** `--name value` and boolean `--flag` arguments after the sub-command. */
function parseArgs(argv) {
	const args = { _: [] };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (!arg.startsWith('-')) args._.push(arg);
		else if (arg.includes('=')) args[arg.slice(0, arg.indexOf('='))] = arg.slice(arg.indexOf('=') + 1);
		else if (BOOLEAN_FLAGS.has(arg)) args[arg] = true;
		else args[arg] = argv[++i];
	}
	return args;
}

/** The scenario of `POST /_emulator/calls` from `call` options. */
function scenarioOf(args) {
	const scenario = {
		subId: args['--sub'],
		phoneNoX: args['--x'],
		phoneNoA: args['--a'],
		callId: args['--call-id'],
		from: args['--from'],
		duration: args['--duration'],
		callResult: args['--result'],
		messages: args['--messages'],
		duplicate: args['--duplicate'],
		delayMs: args['--delay'],
		bad: args['--bad'],
		timestampOffset: args['--timestamp-offset'],
	};
	if (args['--no-answer']) scenario.answered = false;
	if (args['--no-record']) scenario.record = false;
	if (args['--split']) scenario.split = true;
	if (args['--batch']) scenario.batch = true;
	if (args['--fresh-timestamp']) scenario.freshTimestamp = true;
	return Object.fromEntries(Object.entries(scenario).filter(([, v]) => v !== undefined));
}

async function control(base, method, path, body) {
	const res = await fetch(`${base}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
	const payload = await res.json();
	if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status}: ${payload.error || JSON.stringify(payload)}`);
	return payload;
}

const EVENTS = { 1: 'start', 2: 'ringing', 3: 'answered', 4: 'ended' };

/** One line per push: `#3 status ringing → 200`. */
function describePush(push) {
	let what = push.kind;
	try {
		const body = JSON.parse(push.body);
		if (push.kind === 'status') what = `status ${EVENTS[body.eventType] || body.eventType}${body.party ? ` (party ${body.party})` : ''}`;
		if (Array.isArray(body)) what = `batch of ${body.length}`;
	} catch {
		// a raw push that is not JSON: keep its kind
	}
	const extra = [push.repeatOf ? `repeat of #${push.repeatOf}` : '', push.bad ? `bad: ${push.bad}` : ''].filter(Boolean).join(', ');
	const outcome = push.error ? `failed: ${push.error}` : `HTTP ${push.status}`;
	return `#${push.seq} ${what}${extra ? ` (${extra})` : ''} → ${outcome}`;
}

async function command(name, args) {
	const base = args['--emulator'] || `http://127.0.0.1:${process.env.VMS_EMULATOR_PORT || 18080}`;
	if (name === 'push-target') {
		const result = await control(base, 'POST', '/_emulator/push-target', { url: args['--url'], authToken: args['--token'] });
		console.log(`Pushing to ${result.url}`);
	} else if (name === 'call') {
		const result = await control(base, 'POST', '/_emulator/calls', scenarioOf(args));
		console.log(`Call ${result.callId}: ${result.messages.length} messages`);
		if (!result.pushes.length) console.log('Nothing pushed: set a target first (push-target --url … --token …)');
		for (const push of result.pushes) console.log(`  ${describePush(push)}`);
	} else if (name === 'resources') {
		const { resources, blacklist } = await control(base, 'GET', '/_emulator/resources');
		const TYPES = ['audio', 'tts', 'ivr'];
		const STATES = ['pending', 'approved', 'rejected'];
		for (const r of resources) console.log(`${r.ResourceKey.padEnd(16)}  ${TYPES[r.Type].padEnd(5)}  ${STATES[r.State].padEnd(8)}  ${r.Name}`);
		console.log(`Blacklist: ${blacklist.map((e) => e.CustomerNumber).join(', ') || '(empty)'}`);
	} else if (name === 'review') {
		const result = await control(base, 'POST', '/_emulator/resources/review', { resourceKey: args['--key'], state: args['--state'], push: !args['--no-push'] });
		console.log(`${result.resource.ResourceKey} is ${['pending', 'approved', 'rejected'][result.resource.State]}${result.push ? `; ${describePush(result.push)}` : ''}`);
	} else if (name === 'pushes') {
		for (const push of await control(base, 'GET', '/_emulator/pushes')) console.log(`${push.time}  ${describePush(push)}`);
	} else if (name === 'repush') {
		const push = await control(base, 'POST', '/_emulator/pushes/repeat', {
			seq: Number(args['--seq']),
			freshTimestamp: Boolean(args['--fresh-timestamp']),
			bad: args['--bad'],
		});
		console.log(describePush(push));
	} else {
		throw new Error(`Unknown command "${name}"\n\n${HELP}`);
	}
}

async function startSandbox(args) {
	const port = Number(args['--port'] || process.env.VMS_EMULATOR_PORT || 18080);
	const host = args['--host'] || '127.0.0.1';

	const emulator = createEmulator({
		onRequest(entry) {
			const { status, code } = entry.response;
			const verdict = code ? `${status} ${code}: ${entry.errorMessage}` : `${status} OK`;
			console.log(`${entry.time}  ${entry.method} ${entry.action || '(no Action)'}  ${verdict}`);
		},
	});
	if (args['--push-url']) emulator.calls.pusher.setTarget({ url: args['--push-url'], authToken: args['--auth-token'] });
	const url = await emulator.start(port, host);

	const [key, stsKey] = DEFAULT_KEYS;
	const lines = [
		`Volcengine VMS emulator listening on ${url}`,
		'',
		'n8n credential "Volcengine VMS API":',
		`  Endpoint           ${url}`,
		`  Access Key ID      ${key.accessKeyId}`,
		`  Secret Access Key  ${key.secretAccessKey}`,
		`  Region             cn-north-1`,
		`  (STS variant: ${stsKey.accessKeyId} / ${stsKey.secretAccessKey} / session token ${stsKey.sessionToken})`,
		'',
		'Number pools:',
	];
	for (const pool of emulator.state.pools.values()) {
		// Runs of consecutive numbers sharing a city code: "13800000002…13800000006 (021)".
		const runs = [];
		for (const n of emulator.state.poolNumbers(pool.NumberPoolNo)) {
			const last = runs[runs.length - 1];
			if (last && last.city === n.cityCode) last.to = n.Number;
			else runs.push({ from: n.Number, to: n.Number, city: n.cityCode });
		}
		const text = runs.map((r) => `${r.from}…${r.to} (${r.city})`).join(', ');
		lines.push(`  ${pool.NumberPoolNo}  ${pool.SubServiceTypeName.padEnd(4)}  ${pool.NumberPoolName.padEnd(19)}  ${text}`);
	}
	const target = emulator.calls.pusher.target;
	lines.push(
		'',
		`Call events are pushed to: ${target ? target.url : '(not set: node test/emulator/cli.js push-target --url … --token …)'}`,
		'Place a call on a binding: node test/emulator/cli.js call --sub <SubId>   (--help for more)',
		'Control: GET /_emulator/requests, GET /_emulator/state, POST /_emulator/reset, POST /_emulator/inject,',
		'         POST /_emulator/push-target, POST /_emulator/calls, GET /_emulator/calls, GET /_emulator/pushes',
		'',
	);
	console.log(lines.join('\n'));

	const shutdown = () => emulator.stop().then(() => process.exit(0));
	process.on('SIGINT', shutdown);
	process.on('SIGTERM', shutdown);
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	if (args['--help'] || args['-h']) return console.log(HELP);
	const [name] = args._;
	if (name && name !== 'start') return await command(name, args);
	return await startSandbox(args);
}

main().catch((err) => {
	console.error(err.message || err);
	process.exit(1);
});
