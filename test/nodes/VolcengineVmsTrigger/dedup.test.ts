import {
	DEDUP_WINDOW_SECONDS,
	DedupStore,
	MEMORY_MAX_KEYS,
	RECENT_WINDOW_SECONDS,
	STORED_MAX_KEYS,
	SeenKeys,
	dedupStoreOf,
} from '../../../nodes/VolcengineVmsTrigger/dedup';

const T0 = 1_700_000_000;
const DAY = 24 * 3600;

describe('SeenKeys', () => {
	it('remembers a key for the window, then forgets it', () => {
		const keys = new SeenKeys(10);
		keys.add('a', T0);
		expect(keys.has('a', T0 + 3 * 60)).toBe(true); // the back-off re-pushes
		expect(keys.has('a', T0 + 2 * 3600)).toBe(true); // the sweeper
		expect(keys.has('a', T0 + DAY - 1)).toBe(true);
		expect(keys.has('a', T0 + DAY)).toBe(false);
		expect(DEDUP_WINDOW_SECONDS).toBe(DAY);
	});

	it('keeps the first time a key was seen', () => {
		const keys = new SeenKeys(10);
		keys.add('a', T0);
		keys.add('a', T0 + DAY - 10);
		expect(keys.snapshot(T0 + DAY - 5)).toEqual({ a: T0 });
	});

	it('drops the oldest keys beyond its size, once the push is read', () => {
		const keys = new SeenKeys(3);
		for (const [i, key] of ['a', 'b', 'c', 'd', 'e'].entries()) keys.add(key, T0 + i);
		// Nothing is dropped while a push is being read…
		expect(keys.size).toBe(5);
		// …then every key beyond the bound that is not the latest push's.
		keys.protect(new Set(['e']), T0 + 10);
		expect(keys.size).toBe(3);
		expect(keys.snapshot(T0 + 10)).toEqual({ c: T0 + 2, d: T0 + 3, e: T0 + 4 });
		expect(keys.has('a', T0 + 10)).toBe(false);
	});

	it('drops expired keys from the snapshot', () => {
		const keys = new SeenKeys(10);
		keys.add('old', T0);
		keys.add('new', T0 + DAY / 2);
		expect(keys.snapshot(T0 + DAY + 1)).toEqual({ new: T0 + DAY / 2 });
	});

	it('merges stored keys in time order, keeps the earlier time, and skips expired or malformed entries', () => {
		const keys = new SeenKeys(10);
		keys.add('b', T0 + 20);
		const added = keys.merge({ a: T0 + 10, b: T0 + 5, c: T0 + 30, old: T0 - DAY, bad: 'x', text: String(T0), nan: Number.NaN, inf: Number.POSITIVE_INFINITY }, T0 + 40);
		expect(added).toBe(true);
		expect(Object.entries(keys.snapshot(T0 + 40))).toEqual([
			['b', T0 + 5],
			['a', T0 + 10],
			['c', T0 + 30],
		]);
		expect(keys.merge({ a: T0 + 10 }, T0 + 40)).toBe(false);
	});

	it('ignores static data that is not an object', () => {
		const keys = new SeenKeys(10);
		for (const value of [undefined, null, 'x', 5]) expect(keys.merge(value, T0)).toBe(false);
		expect(keys.size).toBe(0);
	});

	it("never forgets the latest push's keys, even beyond its size and even when they were known before", () => {
		const keys = new SeenKeys(3);
		keys.add('old', T0);
		keys.protect(new Set(['old']), T0);
		// A push larger than the bound, which also repeats 'old' (the oldest key).
		const push = new Set(['old', 'p1', 'p2', 'p3', 'p4']);
		for (const key of push) keys.add(key, T0 + 5);
		keys.protect(push, T0 + 5);
		expect(Object.keys(keys.snapshot(T0 + 6)).sort()).toEqual(['old', 'p1', 'p2', 'p3', 'p4']);
		// Merging (another process's keys) and snapshots keep them too.
		keys.merge({ m1: T0 + 1, m2: T0 + 2 }, T0 + 7);
		expect(Object.keys(keys.snapshot(T0 + 7)).sort()).toEqual(['old', 'p1', 'p2', 'p3', 'p4']);
		// The next push takes over the protection; the bound applies again.
		keys.add('next', T0 + 8);
		keys.protect(new Set(['next']), T0 + 8);
		expect(Object.keys(keys.snapshot(T0 + 8))).toEqual(['p3', 'p4', 'next']);
		// Expired keys go even when protected.
		keys.protect(new Set(['p3', 'p4', 'next']), T0 + 5 + DAY);
		expect(keys.snapshot(T0 + 5 + DAY)).toEqual({ next: T0 + 8 });
	});

	it('keeps what it merges (bounded when written, maybe one large push), then the bound at the next push', () => {
		const keys = new SeenKeys(2);
		keys.merge({ x: T0 }, T0 + 3);
		keys.merge({ a: T0, b: T0 + 1, c: T0 + 2 }, T0 + 3);
		expect(['x', 'a', 'b', 'c'].filter((key) => keys.has(key, T0 + 3))).toEqual(['a', 'b', 'c']);
		expect(keys.size).toBe(3);
		keys.protect(new Set(), T0 + 4);
		expect(keys.snapshot(T0 + 4)).toEqual({ b: T0 + 1, c: T0 + 2 });
	});
});

describe('DedupStore', () => {
	it('says a key is new once, then seen', () => {
		const store = new DedupStore();
		expect(store.seenBefore('k', true, T0)).toBe(false);
		expect(store.seenBefore('k', true, T0 + 10)).toBe(true);
		expect(store.seenBefore('k', true, T0 + DAY)).toBe(false);
	});

	it('stores only the keys it is asked to store', () => {
		const store = new DedupStore();
		store.seenBefore('status', false, T0);
		store.seenBefore('cdr', true, T0);
		expect(store.stored.snapshot(T0)).toEqual({ cdr: T0 });
		expect(store.memory.snapshot(T0)).toEqual({ status: T0, cdr: T0 });
	});

	it('knows the stored keys of another process, or of before a restart', () => {
		const before = new DedupStore();
		before.seenBefore('cdr', true, T0);
		before.seenBefore('status', false, T0);
		const after = new DedupStore();
		after.load(before.stored.snapshot(T0 + 60), T0 + 60);
		expect(after.seenBefore('cdr', true, T0 + 60)).toBe(true);
		expect(after.seenBefore('status', false, T0 + 60)).toBe(false);
	});

	it('is bounded in memory and in the stored set, push after push', () => {
		const store = new DedupStore();
		for (let i = 0; i < MEMORY_MAX_KEYS + 5; i++) {
			store.seenBefore(`k${i}`, true, T0);
			store.endPush(new Set([`k${i}`]), T0);
		}
		expect(store.memory.size).toBe(MEMORY_MAX_KEYS);
		expect(store.stored.size).toBe(STORED_MAX_KEYS);
		// The newest keys are kept, so a recent re-push is still caught.
		expect(store.seenBefore(`k${MEMORY_MAX_KEYS + 4}`, true, T0)).toBe(true);
		expect(store.seenBefore('k0', true, T0)).toBe(false);
	});
});

describe('DedupStore: a push larger than the bounds', () => {
	it('recognises every message of a 20,001-message push when it is pushed again', () => {
		const store = new DedupStore();
		const keys = Array.from({ length: MEMORY_MAX_KEYS + 1 }, (_, i) => `cdr${i}`);
		const push = (now: number) => {
			const seen = keys.map((key) => store.seenBefore(key, true, now));
			store.endPush(new Set(keys), now);
			return seen.filter(Boolean).length;
		};
		expect(push(T0)).toBe(0);
		expect(push(T0 + 30)).toBe(keys.length);
		// Also after a restart: the stored set kept them all.
		const after = new DedupStore();
		after.load(store.stored.snapshot(T0 + 60), T0 + 60);
		expect(keys.filter((key) => after.seenBefore(key, true, T0 + 60))).toHaveLength(keys.length);
	});

	it('catches a repeat inside one push beyond the bound (the last copy of the first key)', () => {
		const store = new DedupStore();
		const keys = [...Array.from({ length: MEMORY_MAX_KEYS + 10 }, (_, i) => `k${i}`), 'k0'];
		expect(keys.filter((key) => store.seenBefore(key, true, T0))).toEqual(['k0']);
	});
});

describe('DedupStore: call status (recent)', () => {
	it('stores call status keys for a short time only, and reads them back after a restart', () => {
		const store = new DedupStore();
		expect(store.seenBefore('status', 'recent', T0)).toBe(false);
		store.endPush(new Set(['status']), T0);
		expect(store.stored.snapshot(T0)).toEqual({});
		expect(store.recent.snapshot(T0)).toEqual({ status: T0 });
		const after = new DedupStore();
		after.load({}, T0 + 60, store.recent.snapshot(T0 + 60));
		expect(after.seenBefore('status', 'recent', T0 + 60)).toBe(true);
		// Past its window the stored copy is gone (the trigger refuses such an old call status anyway).
		expect(store.recent.snapshot(T0 + RECENT_WINDOW_SECONDS)).toEqual({});
		expect(RECENT_WINDOW_SECONDS).toBeGreaterThanOrEqual(600 + 300);
	});
});

describe('dedupStoreOf', () => {
	it('gives each trigger its own store, the same one on every call', () => {
		const a = dedupStoreOf('wf1|n1|production');
		expect(dedupStoreOf('wf1|n1|production')).toBe(a);
		expect(dedupStoreOf('wf1|n1|test')).not.toBe(a);
		expect(dedupStoreOf('wf2|n1|production')).not.toBe(a);
	});

	it('keeps at most 50 stores, forgetting the least recently used', () => {
		const first = dedupStoreOf('lru-0');
		const second = dedupStoreOf('lru-1');
		for (let i = 2; i < 50; i++) dedupStoreOf(`lru-${i}`);
		expect(dedupStoreOf('lru-0')).toBe(first); // used again: now the most recent
		dedupStoreOf('lru-50');
		dedupStoreOf('lru-51');
		expect(dedupStoreOf('lru-0')).toBe(first);
		expect(dedupStoreOf('lru-1')).not.toBe(second);
	});
});

describe('SeenKeys: boundaries an attacker would try', () => {
	it('skips a merged entry exactly one window old, keeps one a second younger', () => {
		const keys = new SeenKeys(10);
		expect(keys.merge({ edge: T0 - DAY, inside: T0 - DAY + 1 }, T0)).toBe(true);
		expect(keys.snapshot(T0)).toEqual({ inside: T0 - DAY + 1 });
		expect(keys.has('edge', T0)).toBe(false);
		// Only an expired entry: nothing is taken in.
		expect(new SeenKeys(10).merge({ edge: T0 - DAY }, T0)).toBe(false);
	});

	it('sorts merged keys into time order, so that the oldest are dropped first whoever wrote them', () => {
		const keys = new SeenKeys(3);
		for (const [i, key] of ['n1', 'n2', 'n3'].entries()) keys.add(key, T0 + 20 + i);
		keys.protect(new Set(), T0 + 30);
		// Another process's keys, older than all of ours and not in time order.
		expect(keys.merge({ o2: T0 + 2, o1: T0 + 1 }, T0 + 30)).toBe(true);
		expect(Object.entries(keys.snapshot(T0 + 30))).toEqual([
			['n1', T0 + 20],
			['n2', T0 + 21],
			['n3', T0 + 22],
		]);
		const small = new SeenKeys(10);
		small.add('x', T0 + 20);
		small.merge({ b: T0 + 11, a: T0 + 10 }, T0 + 30);
		expect(Object.keys(small.snapshot(T0 + 30))).toEqual(['a', 'b', 'x']);
	});

	it('drops nothing when a merge brings nothing new, even while a push is being read', () => {
		const keys = new SeenKeys(2);
		for (const [i, key] of ['a', 'b', 'c', 'd'].entries()) keys.add(key, T0 + i);
		// Another process wrote the same keys (or only older and expired ones): nothing to take in.
		expect(keys.merge({ a: T0, b: T0 + 1, gone: T0 - DAY }, T0 + 5)).toBe(false);
		expect(keys.size).toBe(4);
		expect(['a', 'b', 'c', 'd'].every((key) => keys.has(key, T0 + 5))).toBe(true);
	});

	it('keeps exactly its bound, dropping the oldest first', () => {
		const keys = new SeenKeys(3);
		for (const [i, key] of ['a', 'b', 'c'].entries()) keys.add(key, T0 + i);
		keys.protect(new Set(), T0 + 3);
		expect(Object.keys(keys.snapshot(T0 + 3))).toEqual(['a', 'b', 'c']);
		keys.add('d', T0 + 4);
		keys.protect(new Set(), T0 + 4);
		expect(Object.keys(keys.snapshot(T0 + 4))).toEqual(['b', 'c', 'd']);
	});
});

describe('DedupStore: every layer counts', () => {
	it('recognises a key it was not asked to store (memory only) when it comes again', () => {
		const store = new DedupStore();
		expect(store.seenBefore('status', false, T0)).toBe(false);
		expect(store.seenBefore('status', false, T0 + 1)).toBe(true);
	});

	it('a flood of other messages pushed out of memory does not make a stored call record new again', () => {
		const store = new DedupStore();
		expect(store.seenBefore('cdr', true, T0)).toBe(false);
		expect(store.seenBefore('status', 'recent', T0)).toBe(false);
		store.endPush(new Set(['cdr', 'status']), T0);
		// Messages never stored (or pushes of other kinds) fill the memory's bound, one push each.
		for (let i = 0; i < MEMORY_MAX_KEYS; i++) {
			store.seenBefore(`flood${i}`, false, T0 + 1);
			store.endPush(new Set([`flood${i}`]), T0 + 1);
		}
		expect(store.memory.has('cdr', T0 + 2) || store.memory.has('status', T0 + 2)).toBe(false);
		expect(store.seenBefore('cdr', true, T0 + 2)).toBe(true);
		expect(store.seenBefore('status', 'recent', T0 + 2)).toBe(true);
	});

	it('carries the loaded keys into its next write (stored and recent), and keeps them in memory', () => {
		const store = new DedupStore();
		store.load({ cdr: T0 }, T0 + 10, { status: T0 + 5 });
		expect(store.stored.snapshot(T0 + 10)).toEqual({ cdr: T0 });
		expect(store.recent.snapshot(T0 + 10)).toEqual({ status: T0 + 5 });
		expect(store.memory.snapshot(T0 + 10)).toEqual({ cdr: T0, status: T0 + 5 });
	});

	it('remembers loaded keys in memory beyond the stored bound and the short window', () => {
		const store = new DedupStore();
		const loaded = Object.fromEntries(Array.from({ length: STORED_MAX_KEYS }, (_, i) => [`old${i}`, T0]));
		store.load(loaded, T0 + 1, { status: T0 });
		// A new push: the stored set drops its oldest keys to stay within its bound, memory keeps them.
		store.seenBefore('new', true, T0 + 2);
		store.endPush(new Set(['new']), T0 + 2);
		expect(store.stored.has('old0', T0 + 2)).toBe(false);
		expect(store.seenBefore('old0', true, T0 + 2)).toBe(true);
		// The call status read back is remembered for the day in memory, after the stored copy's 30 minutes.
		expect(store.recent.has('status', T0 + RECENT_WINDOW_SECONDS)).toBe(false);
		expect(store.seenBefore('status', 'recent', T0 + RECENT_WINDOW_SECONDS)).toBe(true);
	});

	it('keeps every call status key of a push larger than the stored bound', () => {
		const store = new DedupStore();
		const keys = Array.from({ length: STORED_MAX_KEYS + 1 }, (_, i) => `status${i}`);
		for (const key of keys) store.seenBefore(key, 'recent', T0);
		store.endPush(new Set(keys), T0);
		expect(Object.keys(store.recent.snapshot(T0 + 1))).toHaveLength(keys.length);
		const after = new DedupStore();
		after.load({}, T0 + 60, store.recent.snapshot(T0 + 60));
		expect(keys.filter((key) => after.seenBefore(key, 'recent', T0 + 60))).toHaveLength(keys.length);
	});
});

describe('dedupStoreOf: the bound', () => {
	it('keeps exactly 50 stores: the 50th most recent is still there, the 51st is not', () => {
		const scopes = Array.from({ length: 51 }, (_, i) => `bound-${i}`);
		const first = scopes.slice(0, 50).map((scope) => dedupStoreOf(scope));
		// The oldest of the last 50 used is kept (and used again: now the most recent).
		expect(dedupStoreOf('bound-0')).toBe(first[0]);
		dedupStoreOf(scopes[50]);
		expect(dedupStoreOf('bound-1')).not.toBe(first[1]);
		expect(dedupStoreOf('bound-0')).toBe(first[0]);
	});
});
