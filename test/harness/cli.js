'use strict';
// One-shot n8n CLI commands (import, execute, publish) and what they print.
const { spawn } = require('node:child_process');

const { freePort } = require('./env');

/**
 * Runs `n8n <args>` of `instance` to the end; resolves { code, signal, stdout, stderr, logs, text, ms }
 * (`logs`: n8n's JSON log records, `text`: the rest of stdout). Asynchronous on purpose: an emulator in
 * this process must keep answering while n8n runs. Every process gets its own task-runner broker port.
 */
async function runCli(instance, args, { env = {}, timeoutMs = 180000 } = {}) {
	const started = Date.now();
	const childEnv = { ...instance.env, N8N_RUNNERS_BROKER_PORT: String(await freePort()), ...env };
	return new Promise((resolve, reject) => {
		const child = spawn(instance.n8n.node, [instance.n8n.bin, ...args], {
			cwd: instance.userFolder,
			env: childEnv,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.once('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.once('close', (code, signal) => {
			clearTimeout(timer);
			resolve({ code, signal, stdout, stderr, ...parseOutput(stdout), ms: Date.now() - started });
		});
	});
}

/** Like runCli, but a non-zero exit is an error that shows what n8n said. */
async function runCliOk(instance, args, options) {
	const res = await runCli(instance, args, options);
	if (res.code !== 0) {
		const said = res.logs.filter((l) => l.level !== 'info' && l.level !== 'debug').map((l) => `${l.level}: ${l.message}`);
		throw new Error(`n8n ${args.join(' ')} exited with ${res.code ?? res.signal}:\n${said.join('\n')}\n${res.text}\n${res.stderr}`.trim());
	}
	return res;
}

/** Splits n8n's stdout into JSON log records (N8N_LOG_FORMAT=json) and other text (1.x prints some results plainly). */
function parseOutput(stdout) {
	const logs = [];
	const other = [];
	for (const line of stdout.split('\n')) {
		if (line.startsWith('{"level"') || line.startsWith('{"message"')) {
			try {
				const record = JSON.parse(line);
				if (typeof record.message === 'string' && typeof record.level === 'string') {
					logs.push(record);
					continue;
				}
			} catch {
				// not a log record
			}
		}
		other.push(line);
	}
	return { logs, text: other.join('\n') };
}

const isRun = (value) => value !== null && typeof value === 'object' && value.data && value.data.resultData && 'mode' in value;

/** The run (IRun) `n8n execute --rawOutput` printed: through the logger at info level (2.x, and 1.x on failure) or on stdout. */
function findRun({ logs, text }) {
	for (const record of logs) {
		const message = record.message.trim();
		if (!message.startsWith('{')) continue;
		try {
			const value = JSON.parse(message);
			if (isRun(value)) return value;
		} catch {
			// another message
		}
	}
	// Printed with console.log: from a line that is exactly "{" to the last line "}".
	const lines = text.split('\n');
	const start = lines.indexOf('{');
	if (start >= 0) {
		try {
			const value = JSON.parse(lines.slice(start, lines.lastIndexOf('}') + 1).join('\n'));
			if (isRun(value)) return value;
		} catch {
			// not JSON
		}
	}
	return undefined;
}

/** runData[node][runIndex] of a run's execution data (IRunExecutionData), or undefined when the node did not run. */
function nodeRun(executionData, node, runIndex = 0) {
	const runs = executionData && executionData.resultData && executionData.resultData.runData[node];
	return runs ? runs[runIndex] : undefined;
}

/** The items ({ json, pairedItem, … }) of a node's main output 0, or [] when it gave none. Throws when it did not run. */
function nodeItems(executionData, node, runIndex = 0) {
	const task = nodeRun(executionData, node, runIndex);
	if (!task) {
		const ran = Object.keys((executionData && executionData.resultData && executionData.resultData.runData) || {});
		throw new Error(`Node "${node}" did not run (nodes that ran: ${ran.join(', ') || 'none'})`);
	}
	return (task.data && task.data.main && task.data.main[0]) || [];
}

/**
 * @typedef {object} ExecuteResult  what `n8n execute --id=<id> --rawOutput` gave
 * @property {number} exitCode     0 on success, 1 when the execution failed
 * @property {object} [run]        the IRun n8n printed (also for failed executions)
 * @property {object} [error]      run.data.resultData.error: what stopped the execution
 * @property {string} output       everything n8n printed, the run JSON shortened to one line
 * @property {string} errorOutput  what n8n logged at error level, and stderr
 * @property {(node: string) => object[]} items     a node's output items (main output 0 of its first run)
 * @property {(node: string) => object|undefined} nodeRun   runData[node][0]
 * @property {() => string} explain  the execution error and the tail of n8n's output, for failure messages
 * @property {number} ms
 */

/** `n8n execute --id=<workflowId> --rawOutput`. Never throws for a failed execution: see exitCode and error. */
async function execute(instance, workflowId, options) {
	const res = await runCli(instance, ['execute', `--id=${workflowId}`, '--rawOutput'], options);
	const run = findRun(res);
	const error = run && run.data.resultData.error;
	const output = [
		...res.logs.map((l) =>
			l.message.trim().startsWith('{') && l.message.includes('"resultData"')
				? `[${l.level}] <run JSON: status ${run && run.status}${error ? `, error ${JSON.stringify(error.message)}` : ''}>`
				: `[${l.level}] ${l.message}`,
		),
		res.text.trim(),
		res.stderr.trim(),
	]
		.filter(Boolean)
		.join('\n');
	const generic = /^(Error executing workflow|\s*Execution error:|Execution was NOT successful)/;
	const errors = [...new Set(res.logs.filter((l) => l.level === 'error' && !generic.test(l.message)).map((l) => l.message.split('\n')[0]))];
	const explain = () =>
		[
			error ? `Execution error: ${error.message}${error.description ? ` (${error.description})` : ''}` : 'No execution error in the run data.',
			...errors.map((e) => `[error] ${e}`),
			'--- n8n output (tail) ---',
			output.slice(-4000),
		].join('\n');
	return {
		exitCode: res.code,
		signal: res.signal,
		run,
		error,
		output,
		errorOutput: [...res.logs.filter((l) => l.level === 'error').map((l) => l.message), res.stderr].join('\n'),
		ms: res.ms,
		explain,
		nodeRun: (node) => nodeRun(run && run.data, node),
		items(node) {
			try {
				return nodeItems(run && run.data, node);
			} catch (e) {
				throw new Error(`${e.message}. n8n said:\n${explain()}`);
			}
		},
	};
}

module.exports = { runCli, runCliOk, parseOutput, findRun, nodeRun, nodeItems, execute };
