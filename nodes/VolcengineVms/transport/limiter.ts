import { sleep } from 'n8n-workflow';

/**
 * Starts are counted over a second plus a margin: at most N starts in any 1,040 ms still means at most
 * N in any second at the server when the network delays some requests more than others.
 */
export const WINDOW_MS = 1040;
/** How far behind its spacing a rate may catch up after starts came late (they then go back to back). */
const CATCH_UP_MS = 250;
/** Throttled again with nothing accepted in between: the pause grows from this, doubling, up to BACKOFF_MAX_MS. */
const BACKOFF_BASE_MS = 250;
const BACKOFF_MAX_MS = 4000;
/**
 * While the learned rate holds requests back, it rises per second by the largest of 1, PROBE_PER_SECOND of
 * it and PROBE_ROOT × its square root, and faster the longer VMS has not throttled: the step doubles every
 * PROBE_DOUBLING_MS of calm, so a limit that rose (another execution ended) is found in seconds, while near
 * a steady limit the steps stay small. The square root lets a small rate rise faster for its size than a
 * large one: processes that share an account (each learning its own share) drift toward equal shares
 * instead of keeping the split of their first second (issue 17: 13.9 s against 7.5 s for equal work).
 */
const PROBE_PER_SECOND = 0.05;
const PROBE_ROOT = 0.6;
const PROBE_DOUBLING_MS = 1000;
/** Calm counts from the last throttled answer, or from the end of a gap this long without an accepted request. */
const IDLE_MS = 2 * WINDOW_MS;
/** Below half of what it was before its last drop (a stale or odd measurement), it doubles per second instead. */
const RECOVER_BELOW = 0.5;
/** A throttled request is given up only after this long without any request of the account accepted. */
export const NO_PROGRESS_MS = 30000;
/** Accounts remembered per process (the least recently used is forgotten first). */
const MAX_ACCOUNTS = 100;

/** Clock and wait, passed in so that tests run in simulated time. */
export interface Timing {
	now: () => number;
	/** Resolves after `ms`, or early when `signal` aborts (it may reject then). */
	wait: (ms: number, signal?: AbortSignal) => Promise<unknown>;
}

const realTiming: Timing = { now: () => Date.now(), wait: async (ms, signal) => await sleep(ms, signal) };

/** One request start: when, and what VMS answered and when (undefined while in flight). */
export interface Ticket {
	at: number;
	outcome?: 'accepted' | 'throttled';
	answered?: number;
}

/**
 * The latest a request can have reached the server: when its answer came, or now while it is in flight.
 * Requests can take long to leave (the first of a run; a busy event loop): the cap counts from this.
 */
const reached = (t: Ticket, now: number) => t.answered ?? now;

/**
 * At most `limit` starts in any WINDOW_MS, spaced WINDOW_MS / limit apart: the user's cap (fixed) and
 * an account's learned rate (changing) are both one.
 */
class Window {
	/** Starts of the last two windows; throttled ones do not count (VMS did not count them). */
	private readonly starts: Ticket[] = [];

	/** Earliest next start by spacing. */
	next = 0;

	/** `all`: throttled starts count too (the user's cap counts every request sent). */
	constructor(
		public limit: number,
		private readonly all = false,
	) {}

	/** How many starts one window may hold. */
	get size(): number {
		return Math.max(1, Math.floor(this.limit));
	}

	/** The earliest time from `now` at which one more start keeps at most `size` in any window. */
	free(now: number, spacing = true): number {
		// Kept while it may still count: the cap counts a request in flight as arriving now.
		const old = (t: Ticket) => t.at <= now - 2 * WINDOW_MS && (!this.all || reached(t, now) <= now - WINDOW_MS);
		while (this.starts.length && old(this.starts[0])) this.starts.shift();
		const counted = this.all ? this.starts : this.starts.filter((t) => t.outcome !== 'throttled');
		const { size } = this;
		let full = now;
		if (counted.length >= size) {
			// The size-th latest arrival (answers can come back in another order than their starts).
			// The cap is a promise about arrivals at the server: it counts from the latest a request can have
			// arrived. Start times are not enough: requests leave late on a busy event loop (cap 10 gave 11).
			const arrived = this.all
				? counted
						.slice(-(size + 30))
						.map((t) => reached(t, now))
						.sort((a, b) => b - a)[size - 1]
				: counted[counted.length - size].at;
			full = arrived + WINDOW_MS;
		}
		return Math.max(now, full, spacing ? this.next : now);
	}

	record(ticket: Ticket): void {
		this.starts.push(ticket);
		const interval = WINDOW_MS / this.limit;
		// A late start (timers, an event loop busy with a wave of answers) keeps the grid: the slots it missed are
		// caught up back to back, up to CATCH_UP_MS worth; the window count still holds. After longer (the first
		// start, an idle time) spacing starts anew.
		this.next = ticket.at - this.next > CATCH_UP_MS ? ticket.at + interval : this.next + interval;
	}
}

/**
 * What one process knows about one account's request limit: the rate VMS accepted around its last
 * throttled answer, the shared pause after a throttled answer, and when VMS last accepted a request.
 * Every run and every load-options call of the process with the same account reports to it.
 */
export class AccountRate {
	/** The learned rate; undefined until VMS first throttles (then nothing is held back). */
	private window?: Window;

	/** The learned limit before its last drop (Infinity when there was none). */
	private peak = Infinity;

	/** Every start of the last second and window, to measure what VMS accepted. */
	private readonly recent: Ticket[] = [];

	/** No request of the account starts before this (after a throttled answer). */
	pausedUntil = 0;

	/** When the last throttled answer came: requests started before it were in flight at the same moment. */
	private throttledAt = -Infinity;

	/** When VMS last accepted a request of this account (or when the account was first used). */
	lastAccepted: number;

	/** Throttled answers to requests started after the previous one, with nothing accepted since. */
	private failedInARow = 0;

	/** The rate rises only for time in which it held a request back, counted from `probedAt`. */
	private heldBack = false;
	private probedAt = 0;

	/**
	 * Probing speeds up with the calm since the later of this and the last throttled answer. Set at the first
	 * accepted request after the first throttled answer (`probedAt` is 0 until then: a gap).
	 */
	private calmFrom = 0;

	constructor(readonly timing: Timing = realTiming) {
		this.lastAccepted = timing.now();
	}

	/** Requests per second it allows now (Infinity before the first throttled answer). */
	get rate(): number {
		return this.window ? (this.window.limit * 1000) / WINDOW_MS : Infinity;
	}

	/** Runs waiting for this account, one at a time in the order they came (see `Limiter`). */
	private line: Promise<unknown> = Promise.resolve();

	/** Runs `wait` when the runs that came before are served: slots go to runs in turn, none is starved. */
	async inLine<T>(wait: () => Promise<T>): Promise<T> {
		const turn = this.line.then(wait);
		this.line = turn.catch(() => undefined);
		return await turn;
	}

	/** The earliest start from `now` this account allows. */
	free(now: number): number {
		const byRate = this.window ? this.window.free(now) : now;
		if (byRate > now && byRate > this.pausedUntil) this.heldBack = true;
		return Math.max(now, this.pausedUntil, byRate);
	}

	start(ticket: Ticket): void {
		this.window?.record(ticket);
		this.recent.push(ticket);
		while (this.recent[0].at <= ticket.at - 1000 - WINDOW_MS) this.recent.shift();
	}

	/** VMS let this request through (whatever it answered). */
	accepted(ticket: Ticket): void {
		ticket.outcome = 'accepted';
		const now = this.timing.now();
		this.lastAccepted = Math.max(this.lastAccepted, now);
		this.failedInARow = 0;
		if (!this.window || now < this.pausedUntil) return;
		// After an idle account (a run ended, the next began) the speed-up starts again from 1: it measures
		// time spent at the learned rate without a throttled answer, not time without requests.
		if (now - this.probedAt > IDLE_MS) this.calmFrom = now;
		// Probe upward only for time in which the learned rate held a request back: idle time raises nothing.
		const seconds = Math.min(1000, now - Math.max(this.probedAt, this.pausedUntil)) / 1000;
		if (this.heldBack) {
			const { limit } = this.window;
			const speedup = 2 ** Math.min(10, (now - Math.max(this.throttledAt, this.calmFrom)) / PROBE_DOUBLING_MS);
			const step =
				limit < this.peak * RECOVER_BELOW
					? limit
					: Math.max(1, limit * PROBE_PER_SECOND, PROBE_ROOT * Math.sqrt(limit)) * speedup;
			this.window.limit += step * seconds;
		}
		this.probedAt = now;
		this.heldBack = false;
	}

	/**
	 * What VMS accepted around a throttled request: the most requests not throttled that started within one
	 * window, over the windows that end in the second before it. Requests still without an answer count as
	 * accepted (they most likely reached VMS before it). Not just the window right before it: requests reach
	 * VMS later than they start, and by different delays on a busy n8n (in-process that window held 69 while
	 * VMS had accepted 100 in its second).
	 */
	private measure(ticket: Ticket): number {
		// The ticket itself is left out too: throttled() marks it first.
		const counted = this.recent.filter((t) => t.outcome !== 'throttled' && t.at <= ticket.at);
		let most = 0;
		let first = 0;
		for (let last = 0; last < counted.length; last++) {
			while (counted[first].at <= counted[last].at - WINDOW_MS) first++;
			if (counted[last].at > ticket.at - 1000) most = Math.max(most, last - first + 1);
		}
		return Math.max(1, most);
	}

	/**
	 * VMS throttled this request (not processed). The learned rate becomes what VMS accepted in the second
	 * before it started: requests in flight at the same moment refine that (the highest count wins), a
	 * request started after the last throttled answer measures anew. Every request of the account then
	 * pauses until that rate has room again, and longer when throttled again with nothing accepted.
	 */
	throttled(ticket: Ticket): void {
		ticket.outcome = 'throttled';
		const now = this.timing.now();
		const measured = this.measure(ticket);
		const fresh = ticket.at >= this.throttledAt;
		this.throttledAt = Math.max(this.throttledAt, now);
		if (!this.window) {
			this.window = new Window(measured);
			for (const t of this.recent) this.window.record(t);
		} else if (fresh) {
			this.peak = this.window.limit;
			this.window.limit = measured;
		} else {
			this.window.limit = Math.max(this.window.limit, measured);
		}
		if (fresh) this.failedInARow += 1;
		const backoff = this.failedInARow > 1 ? Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (this.failedInARow - 2)) : 0;
		const resume = Math.max(now + WINDOW_MS / this.window.limit, now + backoff, this.window.free(now, false));
		this.pausedUntil = Math.max(this.pausedUntil, resume);
		this.window.next = this.pausedUntil;
		this.heldBack = false;
	}
}

const accounts = new Map<string, AccountRate>();

/**
 * The process's knowledge of the account a credential signs for, keyed by access key ID, endpoint and
 * region (VMS limits requests per account; the secret is never read). Without an access key ID, a
 * fresh one that nothing shares.
 */
export function accountRate(
	data: Record<string, unknown> | undefined,
	timing?: Timing,
): AccountRate {
	const id = typeof data?.accessKeyId === 'string' ? data.accessKeyId.trim() : '';
	if (!id) return new AccountRate(timing);
	const { endpoint, region } = data as Record<string, unknown>;
	const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
	const key = JSON.stringify([id, text(endpoint), text(region)]);
	let account = accounts.get(key);
	if (account) {
		accounts.delete(key); // set again below, as the most recently used
	} else {
		account = new AccountRate(timing);
		if (accounts.size >= MAX_ACCOUNTS) accounts.delete(accounts.keys().next().value as string);
	}
	accounts.set(key, account);
	return account;
}

/**
 * One per run, shared by all its requests: the user's cap (at most `maxRequestsPerSecond` starts in any
 * second, a hard ceiling for this run) and the account's learned rate together decide when a request
 * starts. Requests wait in order, one timer at a time, and each looks again when its turn comes, so a
 * pause that began meanwhile holds every waiting request.
 */
export class Limiter {
	private readonly cap?: Window;
	readonly account: AccountRate;
	private readonly timing: Timing;
	private queue: Promise<unknown> = Promise.resolve();

	constructor(maxRequestsPerSecond = 0, account?: AccountRate) {
		this.account = account ?? new AccountRate();
		this.timing = this.account.timing;
		if (maxRequestsPerSecond > 0) this.cap = new Window(maxRequestsPerSecond, true);
	}

	/**
	 * Resolves with the request's start when it may start, or as soon as `signal` aborts (the caller then
	 * sends nothing). n8n 1.x's `sleep` ignores the signal: there the wait runs to its end.
	 */
	async take(signal?: AbortSignal): Promise<Ticket> {
		const turn = this.queue.then(async () => await this.acquire(signal));
		this.queue = turn.catch(() => undefined);
		return await turn;
	}

	private async acquire(signal?: AbortSignal): Promise<Ticket> {
		// The run's own cap first, outside the account's line: a capped run does not hold up the others. Once
		// the cap has room it keeps it: only this run's starts fill it, one at a time.
		for (;;) {
			const now = this.timing.now();
			if (signal?.aborted) return { at: now };
			const capped = this.cap ? this.cap.free(now) : now;
			if (capped <= now) break;
			await this.timing.wait(capped - now, signal).catch(() => undefined);
		}
		// Then the account, in line with the other runs of the process on it: each run's next request waits
		// behind those of the runs that asked before (without the line the first run took every slot and a
		// run started later waited until it was done).
		const ticket = await this.unlessAborted(
			this.account.inLine(async () => await this.startWhenFree(signal)),
			signal,
		);
		return ticket ?? { at: this.timing.now() };
	}

	/** `served`, or a start that counts for nothing as soon as `signal` aborts (its turn then passes at once). */
	private async unlessAborted<T>(served: Promise<T>, signal?: AbortSignal): Promise<T | Ticket> {
		if (!signal) return await served;
		let stop = () => {};
		const aborted = new Promise<Ticket>((resolve) => (stop = () => resolve({ at: this.timing.now() })));
		signal.addEventListener('abort', stop);
		try {
			return await Promise.race([served, aborted]);
		} finally {
			// One listener per request otherwise stays on the execution's signal until it ends.
			signal.removeEventListener('abort', stop);
		}
	}

	/** Waits for the account and starts; undefined when `signal` aborted meanwhile (nothing started). */
	private async startWhenFree(signal?: AbortSignal): Promise<Ticket | undefined> {
		for (;;) {
			const now = this.timing.now();
			if (signal?.aborted) return undefined;
			const at = this.account.free(now);
			if (at <= now) {
				const ticket: Ticket = { at: now };
				this.cap?.record(ticket);
				this.account.start(ticket);
				return ticket;
			}
			await this.timing.wait(at - now, signal).catch(() => undefined);
		}
	}

	/** VMS answered this request with anything but throttling: its limit let it through. */
	accepted(ticket: Ticket): void {
		ticket.answered = this.timing.now();
		this.account.accepted(ticket);
	}

	/**
	 * VMS throttled this request (not processed). Returns whether to send it again: yes while the account
	 * keeps accepting requests; no once NO_PROGRESS_MS passed without any accepted one since `firstSent`
	 * (the request's first attempt).
	 */
	throttled(ticket: Ticket, firstSent: number = ticket.at): boolean {
		ticket.answered = this.timing.now();
		this.account.throttled(ticket);
		return this.timing.now() - Math.max(this.account.lastAccepted, firstSent) < NO_PROGRESS_MS;
	}

	/** Requests per second it now allows (Infinity = nothing holds it back); for tests and messages. */
	get rate(): number {
		return Math.min(this.cap ? (this.cap.limit * 1000) / WINDOW_MS : Infinity, this.account.rate);
	}
}
