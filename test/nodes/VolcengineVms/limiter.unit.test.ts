/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test code (runs in jest, not in n8n): setImmediate lets simulated waiters run */
/**
 * The learning limiter over simulated time: a clock and waits the test advances, a server that refuses
 * (not processed) above its per-second limit, and workers that send through a Limiter as the transport does.
 */
import { AccountRate, Limiter, NO_PROGRESS_MS, accountRate, type Ticket, type Timing } from '../../../nodes/VolcengineVms/transport/limiter';

/** Simulated time: waits are timers the loop fires in order; nothing runs on the real clock. */
class Sim implements Timing {
	time = 1_000_000;
	private timers: Array<{ at: number; seq: number; fire: () => void }> = [];
	private seq = 0;

	now = () => this.time;

	wait = async (ms: number, signal?: AbortSignal) =>
		await new Promise<void>((resolve) => {
			const timer = { at: this.time + Math.max(0, ms), seq: this.seq++, fire: resolve };
			this.timers.push(timer);
			signal?.addEventListener('abort', () => {
				this.timers = this.timers.filter((t) => t !== timer);
				resolve();
			});
		});

	/** Advances simulated time until `promise` settles. */
	async settle<T>(promise: Promise<T>): Promise<T> {
		let done = false;
		void promise.then(() => (done = true));
		while (!done) await this.run(this.time + 10);
		return await promise;
	}

	/** Runs until `until` (simulated ms), firing timers in time order and letting promises settle between them. */
	async run(until: number): Promise<void> {
		for (;;) {
			await new Promise((resolve) => setImmediate(resolve));
			this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
			const next = this.timers[0];
			if (!next || next.at > until) break;
			this.timers.shift();
			this.time = Math.max(this.time, next.at);
			next.fire();
		}
		this.time = Math.max(this.time, until);
	}
}

/** A VMS account limit: at most `limit` accepted requests in any second (throttled ones are not counted). */
class Server {
	readonly accepted: number[] = [];
	readonly throttled: number[] = [];
	/** Arrivals to throttle whatever the rate (a spurious throttled answer). */
	throttleNext = 0;

	constructor(
		private readonly sim: Sim,
		public limit: number,
	) {}

	arrive(): boolean {
		const now = this.sim.now();
		let inWindow = 0;
		for (let i = this.accepted.length - 1; i >= 0 && this.accepted[i] > now - 1000; i--) inWindow++;
		if (this.throttleNext > 0 || inWindow >= this.limit) {
			this.throttleNext = Math.max(0, this.throttleNext - 1);
			this.throttled.push(now);
			return false;
		}
		this.accepted.push(now);
		return true;
	}

	/** Accepted per second between two simulated times. */
	rate(from: number, to: number): number {
		return (this.accepted.filter((t) => t >= from && t < to).length * 1000) / (to - from);
	}
}

/**
 * `workers` sending one request after another through `limiter` as the transport does (a throttled
 * request is sent again while the limiter says so) until `stop`; 2 ms to the server, `latency` back.
 */
function send(sim: Sim, server: Server, limiter: Limiter, workers: number, latency = 20) {
	const stats = { done: 0, gaveUp: 0, stopped: false };
	const worker = async () => {
		while (!stats.stopped) {
			let first: number | undefined;
			for (;;) {
				const ticket: Ticket = await limiter.take();
				first ??= ticket.at;
				await sim.wait(2);
				const ok = server.arrive();
				await sim.wait(latency);
				if (ok) {
					limiter.accepted(ticket);
					stats.done++;
					break;
				}
				if (!limiter.throttled(ticket, first)) {
					stats.gaveUp++;
					break;
				}
			}
		}
	};
	const running = Array.from({ length: workers }, worker);
	return { stats, running, stop: () => (stats.stopped = true) };
}

describe('the learning limiter over simulated time', () => {
	it('converges just under a fixed limit from above: a fresh account learns it from its first throttled answers', async () => {
		const sim = new Sim();
		const server = new Server(sim, 100);
		const limiter = new Limiter(0, new AccountRate(sim));
		const t0 = sim.now();
		const run = send(sim, server, limiter, 30);
		await sim.run(t0 + 20_000);
		run.stop();
		expect(run.stats.gaveUp).toBe(0);
		// Settled: at least 90 % of the limit over the last 15 s, and throttled now and then at most.
		expect(server.rate(t0 + 5000, t0 + 20_000)).toBeGreaterThanOrEqual(90);
		expect(server.throttled.filter((t) => t >= t0 + 5000).length).toBeLessThan(server.accepted.length / 20);
		expect(limiter.rate).toBeGreaterThan(80);
		expect(limiter.rate).toBeLessThan(120);
	});

	it('converges from below: a first answer throttled for another reason teaches too low a rate, and the rate climbs back', async () => {
		const sim = new Sim();
		const server = new Server(sim, 100);
		server.throttleNext = 1;
		const limiter = new Limiter(0, new AccountRate(sim));
		const t0 = sim.now();
		const run = send(sim, server, limiter, 30);
		await sim.run(t0 + 30);
		expect(limiter.rate).toBeLessThanOrEqual(30);
		await sim.run(t0 + 30_000);
		run.stop();
		expect(server.rate(t0 + 15_000, t0 + 30_000)).toBeGreaterThanOrEqual(90);
		expect(run.stats.gaveUp).toBe(0);
	});

	it('follows a limit that drops and rises, and does not back off to half', async () => {
		const sim = new Sim();
		const server = new Server(sim, 100);
		const limiter = new Limiter(0, new AccountRate(sim));
		const t0 = sim.now();
		const run = send(sim, server, limiter, 30);
		await sim.run(t0 + 10_000);
		server.limit = 40;
		await sim.run(t0 + 20_000);
		// Down to the measured rate, not to half of it.
		expect(server.rate(t0 + 12_000, t0 + 20_000)).toBeGreaterThanOrEqual(36);
		server.limit = 100;
		await sim.run(t0 + 60_000);
		run.stop();
		// The rise is gentle (a few per cent a second) but reaches the new limit.
		expect(server.rate(t0 + 45_000, t0 + 60_000)).toBeGreaterThanOrEqual(90);
		expect(run.stats.gaveUp).toBe(0);
	});

	it.each([2, 4])('%i limiters (processes) sharing one limit each make progress, together close to the limit', async (n) => {
		const sim = new Sim();
		const server = new Server(sim, 100);
		const t0 = sim.now();
		const counts = Array.from({ length: n }, () => 0);
		const runs = counts.map((_, k) => {
			const limiter = new Limiter(0, new AccountRate(sim));
			const shared = { arrive: () => server.arrive() } as Server;
			const counting = {
				arrive: () => {
					const ok = shared.arrive();
					if (ok && sim.now() >= t0 + 10_000) counts[k]++;
					return ok;
				},
			} as Server;
			return send(sim, counting, limiter, 30);
		});
		await sim.run(t0 + 40_000);
		for (const run of runs) run.stop();
		for (const run of runs) expect(run.stats.gaveUp).toBe(0);
		for (const count of counts) expect(count).toBeGreaterThan((30 * 100) / n / 5);
		expect(server.rate(t0 + 10_000, t0 + 40_000)).toBeGreaterThanOrEqual(85);
	});

	it('when the other process stops, the one left takes the whole limit within seconds', async () => {
		const sim = new Sim();
		const server = new Server(sim, 100);
		const t0 = sim.now();
		const staying = send(sim, server, new Limiter(0, new AccountRate(sim)), 30);
		const leaving = send(sim, server, new Limiter(0, new AccountRate(sim)), 30);
		await sim.run(t0 + 20_000);
		leaving.stop();
		await sim.run(t0 + 40_000);
		staying.stop();
		expect(server.rate(t0 + 30_000, t0 + 40_000)).toBeGreaterThanOrEqual(90);
		expect(staying.stats.gaveUp + leaving.stats.gaveUp).toBe(0);
	});

	it('two runs in one process share the account: what one learned, the next starts from', async () => {
		const sim = new Sim();
		const server = new Server(sim, 50);
		const account = new AccountRate(sim);
		const first = send(sim, server, new Limiter(0, account), 30);
		await sim.run(sim.now() + 5000);
		first.stop();
		await sim.run(sim.now() + 5000);
		const throttledBefore = server.throttled.length;
		const second = new Limiter(0, account);
		expect(second.rate).toBeGreaterThan(40);
		expect(second.rate).toBeLessThan(60);
		const run = send(sim, server, second, 30);
		await sim.run(sim.now() + 1000);
		run.stop();
		await sim.run(sim.now() + 1000);
		const learnedThrottled = server.throttled.length - throttledBefore;
		// A fresh account in the same place bursts and learns from many throttled answers.
		const fresh = new Server(sim, 50);
		const freshRun = send(sim, fresh, new Limiter(0, new AccountRate(sim)), 30);
		await sim.run(sim.now() + 1000);
		freshRun.stop();
		expect(learnedThrottled).toBeLessThanOrEqual(3);
		expect(fresh.throttled.length).toBeGreaterThan(10);
	});

	it('idle time does not raise the learned rate', async () => {
		const sim = new Sim();
		const server = new Server(sim, 30);
		const limiter = new Limiter(0, new AccountRate(sim));
		const run = send(sim, server, limiter, 10);
		await sim.run(sim.now() + 5000);
		run.stop();
		await sim.run(sim.now() + 1000);
		const learned = limiter.rate;
		await sim.run(sim.now() + 600_000);
		const ticket = await limiter.take();
		limiter.accepted(ticket);
		expect(limiter.rate).toBe(learned);
	});
});

describe('the cap and the shared pause', () => {
	/** The most starts in any 1,000 ms. */
	const busiestSecond = (starts: number[]) =>
		Math.max(...starts.map((t, i) => starts.slice(i).filter((u) => u < t + 1000).length));

	it.each([1, 5, 10, 50])('cap %i: at most that many starts in any second, and close to it', async (cap) => {
		const sim = new Sim();
		const limiter = new Limiter(cap, new AccountRate(sim));
		const starts: number[] = [];
		const t0 = sim.now();
		const run = async () => {
			while (sim.now() < t0 + 5000) {
				const ticket = await limiter.take();
				starts.push(ticket.at);
				// Answered 20 ms later: the cap counts a request until its answer shows it arrived.
				void sim.wait(20).then(() => limiter.accepted(ticket));
			}
		};
		const workers = Array.from({ length: 30 }, run);
		await sim.run(t0 + 5000);
		void workers;
		expect(busiestSecond(starts)).toBeLessThanOrEqual(cap);
		expect(busiestSecond(starts)).toBeGreaterThanOrEqual(cap - 1);
		expect(starts.filter((t) => t < t0 + 5000).length).toBeGreaterThanOrEqual(Math.floor(cap * 4.5));
	});

	it('throttled requests count toward the cap: they reached the server', async () => {
		const sim = new Sim();
		const limiter = new Limiter(10, new AccountRate(sim));
		const starts: number[] = [];
		for (let i = 0; i < 30; i++) {
			const ticket = await sim.settle(limiter.take());
			starts.push(ticket.at);
			if (i % 3 === 0) limiter.throttled(ticket);
			else limiter.accepted(ticket);
		}
		expect(busiestSecond(starts)).toBeLessThanOrEqual(10);
	});

	it('a throttled answer pauses every waiting request, capped or not', async () => {
		for (const cap of [10, 0]) {
			const sim = new Sim();
			const account = new AccountRate(sim);
			const limiter = new Limiter(cap, account);
			// Requests accepted at 10 per second, one throttled answer (so that without a cap the account's
			// learned rate holds requests back too), a while later thirty waiting.
			for (let i = 0; i < 20; i++) {
				const ticket = await sim.settle(limiter.take());
				await sim.run(sim.now() + 100);
				if (i === 12) limiter.throttled(ticket);
				else limiter.accepted(ticket);
			}
			await sim.run(sim.now() + 2000);
			const starts: number[] = [];
			const waiting = Array.from({ length: 30 }, async () => starts.push((await limiter.take()).at));
			await sim.run(sim.now() + 50);
			const before = starts.length;
			const throttledAt = sim.now();
			limiter.throttled({ at: throttledAt - 20, outcome: undefined });
			expect(account.pausedUntil).toBeGreaterThan(throttledAt);
			await sim.run(sim.now() + 5000);
			void waiting;
			const during = starts.slice(before).filter((t) => t < account.pausedUntil);
			expect(during).toEqual([]);
			expect(before).toBeLessThan(30);
			expect(starts.length).toBeGreaterThan(before);
		}
	});

	it('the wait ends as soon as the stop signal aborts', async () => {
		const sim = new Sim();
		const limiter = new Limiter(1, new AccountRate(sim));
		await limiter.take();
		const stop = new AbortController();
		let done = false;
		const waiting = limiter.take(stop.signal).then(() => (done = true));
		await sim.run(sim.now() + 100);
		expect(done).toBe(false);
		stop.abort();
		await waiting;
		expect(sim.now()).toBeLessThan(1_000_000 + 1000);
	});
});

describe('the retry budget follows progress', () => {
	it('a throttled request is sent again while the account accepts others, however often', () => {
		const sim = new Sim();
		const limiter = new Limiter(0, new AccountRate(sim));
		const first = sim.now();
		for (let i = 0; i < 100; i++) {
			sim.time += 1000;
			limiter.accepted({ at: sim.now() - 10 });
			expect(limiter.throttled({ at: sim.now() - 5 }, first)).toBe(true);
		}
	});

	it('gives up once the account accepted nothing for NO_PROGRESS_MS since the first attempt', () => {
		const sim = new Sim();
		const limiter = new Limiter(0, new AccountRate(sim));
		limiter.accepted({ at: sim.now() });
		const first = sim.now() + 1000;
		sim.time = first;
		expect(limiter.throttled({ at: sim.now() }, first)).toBe(true);
		sim.time = first + NO_PROGRESS_MS - 1;
		expect(limiter.throttled({ at: sim.now() }, first)).toBe(true);
		sim.time = first + NO_PROGRESS_MS;
		expect(limiter.throttled({ at: sim.now() }, first)).toBe(false);
	});

	it('pauses grow while nothing is accepted, up to 4 s, and shrink back once something is', () => {
		const sim = new Sim();
		const account = new AccountRate(sim);
		const limiter = new Limiter(0, account);
		const pauses: number[] = [];
		for (let i = 0; i < 8; i++) {
			sim.time = Math.max(sim.time, account.pausedUntil) + 1;
			limiter.throttled({ at: sim.now() });
			pauses.push(account.pausedUntil - sim.now());
		}
		// At 1 per second a pause lasts at least one interval (1,040 ms); the back-off outgrows it from the fifth.
		expect(pauses).toEqual([1040, 1040, 1040, 1040, 2000, 4000, 4000, 4000]);
		sim.time = account.pausedUntil + 1;
		limiter.accepted({ at: sim.now() });
		sim.time += 1;
		limiter.throttled({ at: sim.now() });
		expect(account.pausedUntil - sim.now()).toBeLessThan(1100);
	});
});

describe('accountRate', () => {
	it('is one per access key ID, endpoint and region, whatever the secret', () => {
		const base = { accessKeyId: 'AKLTLIMITER', secretAccessKey: 'one', endpoint: 'https://vms.example', region: 'cn-north-1' };
		const account = accountRate(base);
		expect(accountRate({ ...base, secretAccessKey: 'two' })).toBe(account);
		expect(accountRate({ ...base, accessKeyId: ' AKLTLIMITER ' })).toBe(account);
		expect(accountRate({ ...base, region: 'cn-beijing' })).not.toBe(account);
		expect(accountRate({ ...base, endpoint: 'https://other.example' })).not.toBe(account);
		expect(accountRate({ ...base, accessKeyId: 'AKLTOTHER' })).not.toBe(account);
		expect(accountRate({})).not.toBe(accountRate({}));
	});
});
