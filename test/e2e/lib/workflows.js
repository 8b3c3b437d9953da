'use strict';
// The workflows of test/e2e/workflows/*.json: one file per case, imported together at setup.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const { CREDENTIALS, CREDENTIAL_TYPE } = require('./credentials');

const WORKFLOWS_DIR = path.resolve(__dirname, '../workflows');
const NODE_TYPE = 'n8n-nodes-volcengine-vms.volcengineVms';
/** The node as an AI Agent tool (ai-agent-*.json). */
const TOOL_TYPE = `${NODE_TYPE}Tool`;
const isVmsNode = (n) => n.type === NODE_TYPE || n.type === TOOL_TYPE;
// Manual Trigger for `n8n execute`; Webhook for workflows published and started in server mode.
const START_TYPES = ['n8n-nodes-base.manualTrigger', 'n8n-nodes-base.webhook'];

/** A stable n8n workflow id (at most 21 characters) for a workflow file name. */
function workflowId(name) {
	return `e2e${crypto.createHash('sha1').update(name).digest('hex').slice(0, 16)}`;
}

/** Reads every workflow file, checks it, and gives it its id and a recognisable name. */
function loadWorkflows() {
	const known = new Map(Object.values(CREDENTIALS).map((c) => [c.id, c.name]));
	const workflows = [];
	for (const file of fs.readdirSync(WORKFLOWS_DIR).filter((f) => f.endsWith('.json')).sort()) {
		const name = file.replace(/\.json$/, '');
		const wf = JSON.parse(fs.readFileSync(path.join(WORKFLOWS_DIR, file), 'utf8'));
		const problems = [];
		if (!Array.isArray(wf.nodes) || !wf.connections) problems.push('needs "nodes" and "connections"');
		const nodes = wf.nodes || [];
		if (!nodes.some((n) => START_TYPES.includes(n.type))) problems.push(`needs a start node (${START_TYPES.join(', ')})`);
		if (!nodes.some(isVmsNode)) problems.push(`has no ${NODE_TYPE} node`);
		for (const node of nodes.filter(isVmsNode)) {
			const ref = node.credentials && node.credentials[CREDENTIAL_TYPE];
			if (!ref || known.get(ref.id) !== ref.name) {
				problems.push(`node "${node.name}" must use one of the credentials of lib/credentials.js (id and name), got ${JSON.stringify(ref)}`);
			}
		}
		if (problems.length) throw new Error(`test/e2e/workflows/${file}: ${problems.join('; ')}`);
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

module.exports = { WORKFLOWS_DIR, NODE_TYPE, workflowId, loadWorkflows };
