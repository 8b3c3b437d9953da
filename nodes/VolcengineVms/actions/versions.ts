/**
 * The node's versions. A new version is added when a saved parameter would change its type or meaning
 * (docs/development.md, "Node versions"); every earlier version keeps its parameters as they were.
 */
export const NODE_VERSIONS = [1, 2] as const;

/** The version a node gets when it is added to a workflow. */
export const DEFAULT_VERSION = 2;

/** The node versions a field or an operation exists in, both ends included; left out: every version. */
export interface Versions {
	from?: number;
	to?: number;
}

export function existsIn(versions: Versions | undefined, version: number): boolean {
	return (versions?.from ?? -Infinity) <= version && version <= (versions?.to ?? Infinity);
}
