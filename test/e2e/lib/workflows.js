'use strict';
// The workflows of test/e2e/workflows/*.json (one file per case) and the examples listed in EXAMPLES
// (their placeholder credentials replaced by the suite's), imported together at setup.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const { CREDENTIALS, CREDENTIAL_TYPE, PUSH_CREDENTIAL_TYPE } = require('./credentials');

const WORKFLOWS_DIR = path.resolve(__dirname, '../workflows');
const EXAMPLES_DIR = path.resolve(__dirname, '../../../examples');
/** examples/<name>.workflow.json run end to end; imported as workflow `example-<name>`. */
const EXAMPLES = ['call-ended-fetch-cdr-and-recording'];
const NODE_TYPE = 'n8n-nodes-volcengine-vms.volcengineVms';
/** The node as an AI Agent tool (ai-agent-*.json). */
const TOOL_TYPE = `${NODE_TYPE}Tool`;
const TRIGGER_TYPE = 'n8n-nodes-volcengine-vms.volcengineVmsTrigger';
/** The credential type each of this package's node types uses. */
const CREDENTIAL_OF = { [NODE_TYPE]: CREDENTIAL_TYPE, [TOOL_TYPE]: CREDENTIAL_TYPE, [TRIGGER_TYPE]: PUSH_CREDENTIAL_TYPE };
const isVmsNode = (n) => n.type in CREDENTIAL_OF;
// Manual Trigger for `n8n execute`; Webhook or this package's trigger for workflows published and started in server mode.
const START_TYPES = ['n8n-nodes-base.manualTrigger', 'n8n-nodes-base.webhook', TRIGGER_TYPE];

/**
 * A stable n8n workflow id for a workflow file name: 16 characters, like the ids n8n makes. 2.x takes
 * up to 21, but 1.x silently never saves the static data of a workflow whose id is longer than 16.
 */
function workflowId(name) {
	return `e2e${crypto.createHash('sha1').update(name).digest('hex').slice(0, 13)}`;
}

/** Problems of a workflow: its start node, and this package's nodes using the suite's credentials. */
function problemsOf(wf) {
	const known = new Map(Object.values(CREDENTIALS).map((c) => [c.id, c.name]));
	const problems = [];
	if (!Array.isArray(wf.nodes) || !wf.connections) problems.push('needs "nodes" and "connections"');
	const nodes = wf.nodes || [];
	if (!nodes.some((n) => START_TYPES.includes(n.type))) problems.push(`needs a start node (${START_TYPES.join(', ')})`);
	if (!nodes.some(isVmsNode)) problems.push(`has no node of this package (${Object.keys(CREDENTIAL_OF).join(', ')})`);
	for (const node of nodes.filter(isVmsNode)) {
		const ref = node.credentials && node.credentials[CREDENTIAL_OF[node.type]];
		if (!ref || known.get(ref.id) !== ref.name) {
			problems.push(`node "${node.name}" must use one of the ${CREDENTIAL_OF[node.type]} credentials of lib/credentials.js (id and name), got ${JSON.stringify(ref)}`);
		}
	}
	return problems;
}

/** An example with the suite's credentials in place of its placeholders (the first of each type). */
function withSuiteCredentials(wf) {
	const suite = {};
	for (const c of Object.values(CREDENTIALS)) suite[c.type || CREDENTIAL_TYPE] ??= { id: c.id, name: c.name };
	const { id, name, active, ...rest } = wf;
	const nodes = wf.nodes.map((node) =>
		node.credentials ? { ...node, credentials: Object.fromEntries(Object.keys(node.credentials).map((type) => [type, suite[type] || node.credentials[type]])) } : node,
	);
	return { ...rest, nodes };
}

/** Reads every workflow file and example, checks it, and gives it its id and a recognisable name. */
function loadWorkflows() {
	const sources = [
		...fs
			.readdirSync(WORKFLOWS_DIR)
			.filter((f) => f.endsWith('.json'))
			.sort()
			.map((file) => ({ name: file.replace(/\.json$/, ''), where: `test/e2e/workflows/${file}`, read: (text) => JSON.parse(text), file: path.join(WORKFLOWS_DIR, file) })),
		...EXAMPLES.map((example) => ({
			name: `example-${example}`,
			where: `examples/${example}.workflow.json`,
			read: (text) => withSuiteCredentials(JSON.parse(text)),
			file: path.join(EXAMPLES_DIR, `${example}.workflow.json`),
		})),
	];
	const workflows = [];
	for (const { name, where, read, file } of sources) {
		const wf = read(fs.readFileSync(file, 'utf8'));
		const problems = problemsOf(wf);
		if (problems.length) throw new Error(`${where}: ${problems.join('; ')}`);
		workflows.push({
			...wf,
			id: workflowId(name),
			name: `e2e ${name}`,
			active: false,
			settings: { executionOrder: 'v1', ...(wf.settings || {}) },
			file: name,
		});
	}
	return workflows;
}

module.exports = { WORKFLOWS_DIR, EXAMPLES, NODE_TYPE, TRIGGER_TYPE, workflowId, loadWorkflows };
