/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code (runs in jest, not in n8n): reads examples/ from disk (node:fs, node:path, __dirname) */
/**
 * Every example in examples/ loads as its nodes' descriptions define them: each node of this package has a
 * version the package offers, its resource and operation are choices of that version, and every parameter it sets
 * (also inside collections) is one n8n keeps for that node (n8n drops parameters it does not know or does not
 * show, which would silently change what the example does). Connections name nodes of the workflow.
 */
import fs from 'node:fs';
import path from 'node:path';

import {
	NodeHelpers,
	type IDataObject,
	type INode,
	type INodeParameters,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
	type IVersionedNodeType,
} from 'n8n-workflow';

import { PACKAGE_NAME, loadPackage } from '../helpers/n8n';

const EXAMPLES_DIR = path.resolve(__dirname, '../../examples');
const FILES = fs.readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.workflow.json')).sort();

interface Workflow {
	nodes: INode[];
	/** By connection type: main, ai_tool, ai_languageModel … */
	connections: Record<string, Record<string, Array<Array<{ node: string }>>>>;
}

/** n8n makes `<type>Tool` of a node usable as a tool: the node's description plus these parameters. */
const TOOL_SUFFIX = 'Tool';
const TOOL_PARAMETERS = ['descriptionType', 'toolDescription'];

const read = (file: string) => JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) as Workflow;

async function descriptionOf(type: string, version: number): Promise<INodeTypeDescription | undefined> {
	const nodeType = (await loadPackage()).nodeTypes[type] as INodeType | IVersionedNodeType | undefined;
	if (!nodeType) return undefined;
	if ('nodeVersions' in nodeType) return nodeType.nodeVersions[version]?.description;
	const versions = ([] as number[]).concat(nodeType.description.version);
	return versions.includes(version) ? nodeType.description : undefined;
}

/** The paths of every parameter a node sets: `a`, and `c.x` inside a collection `c` (values of locators are leaves). */
function paths(parameters: IDataObject, prefix = ''): string[] {
	return Object.entries(parameters).flatMap(([key, value]) =>
		value && typeof value === 'object' && !Array.isArray(value) && !('__rl' in value)
			? [`${prefix}${key}`, ...paths(value as IDataObject, `${prefix}${key}.`)]
			: [`${prefix}${key}`],
	);
}

/** The choices of the property `name` that is shown for `parameters` (one per version, resource, …). */
function choicesOf(properties: INodeProperties[], name: string, parameters: INodeParameters, node: INode, description: INodeTypeDescription): unknown[] {
	const shown = properties.filter((p) => p.name === name && NodeHelpers.displayParameter(parameters, p, node, description));
	return shown.flatMap((p) => (p.options ?? []).map((o) => (o as { value: unknown }).value));
}

describe.each(FILES)('examples/%s', (file) => {
	const workflow = read(file);
	const names = new Set(workflow.nodes.map((n) => n.name));
	const ours = workflow.nodes.filter((n) => n.type.startsWith(`${PACKAGE_NAME}.`));

	it('connects only nodes of the workflow, and uses this package', () => {
		expect(ours.length).toBeGreaterThan(0);
		for (const [from, byType] of Object.entries(workflow.connections)) {
			expect(names).toContain(from);
			for (const target of Object.values(byType).flat(2)) expect(names).toContain(target.node);
		}
	});

	it.each(ours.map((node) => [node.name, node] as const))('"%s": a version of the package, known choices, every parameter kept by n8n', async (_name, given) => {
		const tool = given.type.endsWith(TOOL_SUFFIX);
		const node: INode = tool
			? {
					...given,
					type: given.type.slice(0, -TOOL_SUFFIX.length),
					parameters: Object.fromEntries(Object.entries(given.parameters).filter(([key]) => !TOOL_PARAMETERS.includes(key))),
				}
			: given;
		const description = await descriptionOf(node.type, node.typeVersion);
		expect(description).toBeDefined();
		const { properties } = description!;
		for (const name of ['resource', 'operation', 'events']) {
			if (!(name in node.parameters)) continue;
			const choices = choicesOf(properties, name, node.parameters, node, description!);
			const values = ([] as unknown[]).concat(node.parameters[name]);
			for (const value of values) expect({ [name]: value, choices }).toEqual({ [name]: value, choices: expect.arrayContaining([value]) });
		}
		const kept = NodeHelpers.getNodeParameters(properties, node.parameters, true, false, node, description!);
		const missing = paths(node.parameters as IDataObject).filter((p) => {
			let value: unknown = kept;
			for (const key of p.split('.')) value = value && typeof value === 'object' ? (value as IDataObject)[key] : undefined;
			return value === undefined;
		});
		expect(missing).toEqual([]);
	});
});
