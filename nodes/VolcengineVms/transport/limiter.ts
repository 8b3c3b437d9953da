import { sleep } from 'n8n-workflow';

/** A throttled request is sent again at most 3 times, after 1, 2 and 4 s (each jittered to 50-100 %). */
export const THROTTLE_RETRIES = 3;
const BACKOFF_BASE_MS = 1000;
const BACKOFF_MAX_MS = 4000;
/** The slowest the limiter gets after throttling: one request per second. */
const MAX_INTERVAL_MS = 1000;
/** After each calm second (no throttled answer), the rate rises by a tenth, back up to the cap. */
const RAISE_EVERY_MS = 1000;
const RAISE_FACTOR = 1.1;
/** Without a cap, a slowed rate that has risen above 200 per second is no longer limited. */
const MIN_INTERVAL_MS = 5;

/**
 * One per execution, shared by all its requests: spaces request starts to a requests-per-second
 * cap, and when VMS throttles, pauses everyone and halves the rate, so concurrent items back off
 * together instead of retrying in a storm. Calm seconds raise the rate again, never above the cap,
 * so one throttled moment does not slow a long run to its end.
 */
export class Limiter {
	/** Milliseconds between request starts as configured; 0 = no cap. */
	private readonly capInterval: number;

	/** Milliseconds between request starts now: the cap's, or more after throttling. */
	private interval: number;

	/** When the rate last changed (halved or raised): calm seconds count from then. */
	private changedAt = 0;

	/** Earliest start of the next request. */
	private next = 0;

	/** Until when the last slow-down holds: throttled answers within it do not halve the rate again. */
	private calmUntil = 0;

	/** Start times of recent requests, to know the rate that was throttled. */
	private recent: number[] = [];

	constructor(maxRequestsPerSecond = 0) {
		this.capInterval = maxRequestsPerSecond > 0 ? 1000 / maxRequestsPerSecond : 0;
		this.interval = this.capInterval;
	}

	/**
	 * Resolves when this request may start, or as soon as `signal` aborts (the caller then sends nothing).
	 * n8n 1.x's `sleep` ignores the signal: there the wait runs to its end.
	 */
	async take(signal?: AbortSignal): Promise<void> {
		if (signal?.aborted) return;
		const now = Date.now();
		this.raise(now);
		const at = Math.max(now, this.next);
		this.next = at + this.interval;
		if (at > now) await sleep(at - now, signal).catch(() => undefined);
		this.recent.push(at);
		if (this.recent.length > 200) this.recent = this.recent.slice(-100);
	}

	/**
	 * A throttled answer to retry `attempt` (0-based): everyone pauses for a jittered exponential
	 * delay and, once per pause, the rate drops to half of what was throttled.
	 */
	throttled(attempt: number): void {
		const now = Date.now();
		const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** attempt) * (0.5 + Math.random() / 2);
		if (now >= this.calmUntil) {
			const lastSecond = this.recent.filter((t) => now - t < 1000).length;
			const halved = lastSecond > 1 ? 2000 / lastSecond : MAX_INTERVAL_MS;
			this.interval = Math.min(MAX_INTERVAL_MS, Math.max(this.interval * 2, halved));
		}
		this.changedAt = now;
		this.calmUntil = Math.max(this.calmUntil, now + delay);
		this.next = Math.max(this.next, now + delay);
	}

	/** A tenth more rate per calm second since the pause ended or the rate last rose, up to the cap. */
	private raise(now: number): void {
		if (this.interval <= this.capInterval) return;
		const calmSince = Math.max(this.calmUntil, this.changedAt);
		const seconds = Math.floor((now - calmSince) / RAISE_EVERY_MS);
		if (seconds < 1) return;
		this.interval = Math.max(this.capInterval, this.interval / RAISE_FACTOR ** seconds);
		if (this.interval < MIN_INTERVAL_MS) this.interval = this.capInterval;
		this.changedAt = calmSince + seconds * RAISE_EVERY_MS;
	}

	/** Requests per second it now allows (Infinity = no cap); for tests and messages. */
	get rate(): number {
		return this.interval > 0 ? 1000 / this.interval : Infinity;
	}
}
