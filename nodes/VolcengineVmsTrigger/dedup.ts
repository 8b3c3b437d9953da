/**
 * De-duplication of pushes: which messages a trigger has already started the workflow for.
 *
 * Two layers, because n8n 2.41.1 gives a node no single store that is both shared and safe:
 * - memory (module state, one per n8n process): checked and updated with no await in between, so
 *   identical pushes arriving at once start one execution;
 * - the workflow's static data (in the database): survives a restart and is read by every webhook
 *   process, but each request reads it once and writes it whole, so requests running at the same
 *   time can overwrite each other's keys. Every write carries all the keys this process knows,
 *   which repairs that with the next write.
 * The kinds VMS re-pushes are kept there for the window; call status (never re-pushed, and refused
 * by the trigger once 10 minutes old) only for RECENT_WINDOW_SECONDS, which keeps that write small.
 * docs/development.md ("De-duplication") has the measurements behind this.
 */

/** How long a message is remembered: VMS re-pushes after 10 s to 3 min, and a sweeper every 2 h. */
export const DEDUP_WINDOW_SECONDS = 24 * 3600;

/** Keys remembered in memory per trigger, every kind. */
export const MEMORY_MAX_KEYS = 20000;

/** Keys kept in the workflow's static data per trigger (about 30 bytes each). */
export const STORED_MAX_KEYS = 10000;

/**
 * How long call status keys are kept in static data: VMS never re-pushes call status, so the
 * trigger refuses one older than CALL_STATUS_MAX_AGE_SECONDS (plus the clock skew it allows ahead);
 * a replay after a restart within that time is caught by these keys.
 */
export const RECENT_WINDOW_SECONDS = 30 * 60;

/**
 * Keys and when they were first seen (unix seconds), oldest first, within a window and a size. The
 * keys of the latest push (`protect`) are kept beyond the size: a push larger than the bound must
 * not forget its own first keys, or it would start again when pushed again.
 */
export class SeenKeys {
	private seen = new Map<string, number>();

	private protectedKeys: ReadonlySet<string> = new Set();

	constructor(
		private readonly maxKeys: number,
		private readonly windowSeconds = DEDUP_WINDOW_SECONDS,
	) {}

	get size(): number {
		return this.seen.size;
	}

	has(key: string, now: number): boolean {
		const time = this.seen.get(key);
		return time !== undefined && now - time < this.windowSeconds;
	}

	/** Records `key` (the first time only). Prunes nothing: `protect` does, once the push is read. */
	add(key: string, now: number): void {
		if (!this.seen.has(key)) this.seen.set(key, now);
	}

	/** Keeps `keys` (those of the push just read) beyond the size bound, until the next push, and prunes. */
	protect(keys: ReadonlySet<string>, now: number): void {
		this.protectedKeys = keys;
		this.prune(now);
	}

	/**
	 * Adds keys recorded elsewhere (before a restart, by another process); true if any was new. Keeps
	 * at least as many as were given: they were bounded when written, and may hold a push larger than
	 * the bound, which must not be forgotten by a restart.
	 */
	merge(entries: unknown, now: number): boolean {
		if (typeof entries !== 'object' || entries === null) return false;
		let added = false;
		let given = 0;
		for (const [key, time] of Object.entries(entries)) {
			// Number.isFinite is false for anything but a finite number (it does not convert).
			if (!Number.isFinite(time) || now - time >= this.windowSeconds) continue;
			given++;
			const known = this.seen.get(key);
			if (known === undefined || time < known) {
				this.seen.set(key, time);
				added = true;
			}
		}
		if (added) {
			this.seen = new Map([...this.seen].sort((a, b) => a[1] - b[1]));
			this.prune(now, given);
		}
		return added;
	}

	/** The keys within the window, oldest first, as a plain object for the static data. */
	snapshot(now: number): Record<string, number> {
		this.prune(now);
		return Object.fromEntries(this.seen);
	}

	/** Forgets keys older than the window, then the oldest beyond the size bound (or `atLeast`) except the protected ones. */
	private prune(now: number, atLeast = 0): void {
		const bound = Math.max(this.maxKeys, atLeast);
		for (const [key, time] of this.seen) {
			const expired = now - time >= this.windowSeconds;
			if (!expired && this.seen.size <= bound) break;
			if (expired || !this.protectedKeys.has(key)) this.seen.delete(key);
		}
	}
}

/** What one trigger has seen: every key in memory, the re-pushed kinds also in the stored set. */
export class DedupStore {
	readonly memory = new SeenKeys(MEMORY_MAX_KEYS);

	readonly stored = new SeenKeys(STORED_MAX_KEYS);

	/** Call status keys, stored for a short time only (RECENT_WINDOW_SECONDS). */
	readonly recent = new SeenKeys(STORED_MAX_KEYS, RECENT_WINDOW_SECONDS);

	/** Takes in the keys from the static data (`entries`: re-pushed kinds, `recentEntries`: call status). */
	load(entries: unknown, now: number, recentEntries?: unknown): void {
		this.memory.merge(entries, now);
		this.stored.merge(entries, now);
		this.memory.merge(recentEntries, now);
		this.recent.merge(recentEntries, now);
	}

	/**
	 * True when `key` was seen within the window. Otherwise records it, also in the stored set when
	 * `store` (in the short-lived one when `'recent'`), and returns false. Synchronous on purpose: no
	 * other request can run in between.
	 */
	seenBefore(key: string, store: boolean | 'recent', now: number): boolean {
		if (this.memory.has(key, now) || this.stored.has(key, now) || this.recent.has(key, now)) return true;
		this.memory.add(key, now);
		if (store === 'recent') this.recent.add(key, now);
		else if (store) this.stored.add(key, now);
		return false;
	}

	/**
	 * Call after the last `seenBefore` of a push, with every key of it (new or not): they stay
	 * beyond the size bounds until the next push, then the oldest others are forgotten.
	 */
	endPush(keys: ReadonlySet<string>, now: number): void {
		this.memory.protect(keys, now);
		this.stored.protect(keys, now);
		this.recent.protect(keys, now);
	}
}

/** The memory layer: one store per trigger (workflow, node, test or production), least recently used first. */
const stores = new Map<string, DedupStore>();
const MAX_STORES = 50;

export function dedupStoreOf(scope: string): DedupStore {
	const store = stores.get(scope) ?? new DedupStore();
	stores.delete(scope);
	stores.set(scope, store);
	for (const oldest of stores.keys()) {
		if (stores.size <= MAX_STORES) break;
		stores.delete(oldest);
	}
	return store;
}
