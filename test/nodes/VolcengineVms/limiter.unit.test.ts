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

/**
 * Equal work per process, as `npm run bench:n8n -- --scenario qps` splits it: each process (its own
 * limiter and account, `workers` at a time) sends `items` requests, beginning `starts[k]` ms from now.
 * With `shared`, they are runs of one process instead (one account, a limiter each).
 * Returns when each finished (ms from now), how many gave up, and bound ÷ (seconds × limit).
 */
async function equalWork(sim: Sim, server: Server, starts: number[], items: number, workers = 30, shared?: AccountRate) {
	const t0 = sim.now();
	const ends: number[] = [];
	let gaveUp = 0;
	const processes = starts.map(async (delay, k) => {
		await sim.wait(delay);
		// Separate processes each have their own account knowledge; runs of one process share it.
		const limiter = new Limiter(0, shared ?? new AccountRate(sim));
		let next = 0;
		const worker = async () => {
			while (next < items) {
				next++;
				let first: number | undefined;
				for (;;) {
					const ticket = await limiter.take();
					first ??= ticket.at;
					await sim.wait(2);
					const ok = server.arrive();
					await sim.wait(20);
					if (ok) {
						limiter.accepted(ticket);
						break;
					}
					if (!limiter.throttled(ticket, first)) {
						gaveUp++;
						break;
					}
				}
			}
		};
		await Promise.all(Array.from({ length: workers }, worker));
		ends[k] = sim.now() - t0;
	});
	await sim.settle(Promise.all(processes));
	return { ends, gaveUp, efficiency: (items * starts.length * 1000) / (Math.max(...ends) * server.limit) };
}

/** When each run (started at `starts`, ms) ends if `rate` per second is split equally among the runs under way. */
function equalShareEnds(starts: number[], items: number, rate: number): number[] {
	const left = starts.map(() => items);
	const ends = starts.map(() => Infinity);
	for (let t = 0; ends.includes(Infinity); t++) {
		const running = starts.map((start, k) => start <= t && ends[k] === Infinity);
		const count = running.filter(Boolean).length;
		running.forEach((on, k) => {
			if (!on) return;
			left[k] -= rate / 1000 / count;
			if (left[k] <= 0) ends[k] = t + 1;
		});
	}
	return ends;
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
		// Each keeps at least half of an equal share (none is starved; the split is not equal: each keeps
		// about the share it learned, docs/development.md), together close to the limit.
		for (const count of counts) expect(count).toBeGreaterThan((30 * 100) / n / 2);
		expect(server.rate(t0 + 10_000, t0 + 40_000)).toBeGreaterThanOrEqual(85);
	});

	// The bench's scenario (npm run bench:n8n -- --scenario qps) in simulated time: equal work per process.
	// Measured here before issue 17's last change: 0.70 (2 at once), 0.61 (4), 0.62 and 0.52 (2 started
	// 300 and 1,000 ms apart), 0.73 (4 started 300 ms apart); the real n8n bench gave 0.72 and 0.60.
	it.each([
		[2, 0, 0.8],
		[4, 0, 0.8],
		[2, 300, 0.8],
		[2, 1000, 0.75],
		[4, 300, 0.8],
	])('%i processes with equal work, started %i ms apart: none gives up, together at least %f of the limit', async (n, stagger, target) => {
		const sim = new Sim();
		const server = new Server(sim, 100);
		const { ends, gaveUp, efficiency } = await equalWork(sim, server, Array.from({ length: n }, (_, k) => k * stagger), 1000 / n);
		expect(gaveUp).toBe(0);
		expect(efficiency).toBeGreaterThanOrEqual(target);
		// Each learns about the share it got in its first seconds and mostly keeps it, so equal work does not
		// end together: what holds the total is that the ones left take over the whole limit within about two
		// seconds when the first ones are done. Started together, the last one needs at most 1.6 times as long
		// as the first (2.0 before).
		if (stagger === 0) expect(Math.max(...ends) / Math.min(...ends)).toBeLessThanOrEqual(1.6);
	});

	it.each([
		[2, 0],
		[4, 0],
		[2, 1000],
		[4, 1000],
	])('%i runs in one process (one account), started %i ms apart, take slots in turn: none is starved', async (n, stagger) => {
		const sim = new Sim();
		const server = new Server(sim, 100);
		const { ends, gaveUp, efficiency } = await equalWork(
			sim,
			server,
			Array.from({ length: n }, (_, k) => k * stagger),
			1000 / n,
			30,
			new AccountRate(sim),
		);
		expect(gaveUp).toBe(0);
		expect(efficiency).toBeGreaterThanOrEqual(0.95);
		// An equal share for each run under way: each ends within 0.6 s of when it would if the account's
		// 98 per second were split equally among the runs under way at each moment. (Without the account's
		// line the first run took every slot: 2 together ended at 5.8 s and 10.2 s.)
		const expected = equalShareEnds(Array.from({ length: n }, (_, k) => k * stagger), 1000 / n, 98);
		ends.forEach((end, k) => expect(Math.abs(end - expected[k])).toBeLessThanOrEqual(600));
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
		// From the fourth second after the other stopped: at least 90 % of the limit.
		expect(server.rate(t0 + 23_000, t0 + 40_000)).toBeGreaterThanOrEqual(90);
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

describe('runs of one process in the account\'s line', () => {
	it('a run waiting in line behind another run stops waiting as soon as its signal aborts, and takes no slot', async () => {
		const sim = new Sim();
		const account = new AccountRate(sim);
		const first = new Limiter(0, account);
		const second = new Limiter(0, account);
		const ticket = await sim.settle(first.take());
		sim.time += 10;
		first.throttled(ticket); // the account pauses (one window at the learned rate of 1)
		const paused = account.pausedUntil;
		expect(paused).toBeGreaterThan(sim.now() + 500);
		const waiting = first.take(); // holds the line until the pause ends
		const stop = new AbortController();
		let done = false;
		const behind = second.take(stop.signal).then((t) => ((done = true), t));
		await sim.run(sim.now() + 100);
		expect(done).toBe(false);
		const abortedAt = sim.now();
		stop.abort();
		expect((await behind).at).toBe(abortedAt);
		expect(sim.now()).toBe(abortedAt);
		// The first run starts when the pause ends, and its next one a window later (the learned rate is 1):
		// the aborted one, whose turn came in between, took no slot.
		expect((await sim.settle(waiting)).at).toBe(paused);
		expect((await sim.settle(first.take())).at).toBe(paused + 1040);
	});

	it('leaves no listener on the signal: one per request would pile up on an execution\'s signal', async () => {
		const sim = new Sim();
		const limiter = new Limiter(0, new AccountRate(sim));
		const listeners = new Set<unknown>();
		const signal = {
			aborted: false,
			addEventListener: (_: string, listener: unknown) => listeners.add(listener),
			removeEventListener: (_: string, listener: unknown) => listeners.delete(listener),
		} as unknown as AbortSignal;
		for (let i = 0; i < 20; i++) await sim.settle(limiter.take(signal));
		expect(listeners.size).toBe(0);
	});

	it('a run waiting for its own cap does not hold up another run of the account', async () => {
		const sim = new Sim();
		const account = new AccountRate(sim);
		const capped = new Limiter(1, account);
		const free = new Limiter(0, account);
		capped.accepted(await sim.settle(capped.take()));
		const start = sim.now();
		let cappedAt: number | undefined;
		void capped.take().then((t) => (cappedAt = t.at));
		await sim.run(sim.now() + 10);
		const other = await sim.settle(free.take());
		expect(other.at).toBeLessThan(start + 20);
		await sim.run(start + 2000);
		expect(cappedAt).toBeGreaterThanOrEqual(start + 1040);
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

/**
 * Exact boundaries, as an attacker would probe them: each expectation follows from the documented rules
 * (WINDOW_MS = 1,040, catch-up up to 250 ms, back-off 250 ms doubling to 4 s, probing, the account bound of 100).
 */
describe('exact boundaries', () => {
	const T = 1_000_000;

	/** Takes one start now, without moving the clock, or as soon as the limiter allows it. */
	const take = async (sim: Sim, limiter: Limiter, signal?: AbortSignal) => {
		const turn = limiter.take(signal);
		let ticket: Ticket | undefined;
		void turn.then((t) => (ticket = t));
		await new Promise((resolve) => setImmediate(resolve));
		return ticket ?? (await sim.settle(turn));
	};

	it('cap 2: the third start waits until 1,040 ms after the second-latest answer, not after its start', async () => {
		const sim = new Sim();
		const limiter = new Limiter(2, new AccountRate(sim));
		const first = await take(sim, limiter);
		sim.time = T + 10;
		limiter.accepted(first);
		const second = await take(sim, limiter);
		expect(second.at).toBe(T + 520); // spaced 1,040 / 2
		sim.time = T + 600;
		limiter.accepted(second);
		const third = await take(sim, limiter);
		// Two arrivals in the window: the earlier one (answered at T + 10) leaves it at T + 1,050.
		expect(third.at).toBe(T + 1050);
		expect(limiter.rate).toBe(2000 / 1040);
	});

	it('cap N: N starts fit in 1,040 ms, N + 1 do not', async () => {
		for (const cap of [4, 13]) {
			const sim = new Sim();
			const limiter = new Limiter(cap, new AccountRate(sim));
			const starts: number[] = [];
			for (let i = 0; i <= cap; i++) {
				const ticket = await take(sim, limiter);
				starts.push(ticket.at);
				limiter.accepted(ticket); // answered at once: arrived when it started
			}
			expect(starts[cap - 1] - starts[0]).toBeLessThan(1040);
			expect(starts[cap] - starts[0]).toBe(1040);
		}
	});

	it('a request in flight counts as arriving now: the next start waits for its answer plus a window', async () => {
		const sim = new Sim();
		const limiter = new Limiter(1, new AccountRate(sim));
		const first = await take(sim, limiter);
		sim.time = T + 5000;
		const waiting = limiter.take();
		await sim.run(T + 5500);
		limiter.accepted(first); // answered at T + 5,500 after 5.5 s in flight
		const second = await sim.settle(waiting);
		expect(second.at).toBe(T + 6540);
	});

	it('a request stuck in flight holds one slot of the cap until 30 later starts, then stops counting', async () => {
		const sim = new Sim();
		const limiter = new Limiter(2, new AccountRate(sim));
		await take(sim, limiter); // never answered
		const starts: number[] = [];
		for (let i = 0; i < 40; i++) {
			const ticket = await take(sim, limiter);
			limiter.accepted(ticket);
			starts.push(ticket.at);
		}
		const gaps = starts.slice(1).map((at, i) => at - starts[i]);
		// One slot left: a window apart (the stuck one counts as arriving now) ...
		expect(gaps.slice(0, 30)).toEqual(Array(30).fill(1040));
		// ... until it is older than the last 2 + 30 starts: then both slots, 520 ms apart.
		expect(gaps.slice(31)).toEqual(Array(8).fill(520));
	});

	it('a start late by at most 250 ms catches up the missed slots back to back; later, spacing starts anew', async () => {
		const sim = new Sim();
		const limiter = new Limiter(10, new AccountRate(sim)); // slots 104 ms apart
		const starts: number[] = [];
		const at = async (time: number) => {
			sim.time = Math.max(sim.time, time);
			const ticket = await take(sim, limiter);
			limiter.accepted(ticket);
			starts.push(ticket.at - T);
		};
		await at(T);
		await at(T + 104 + 250); // exactly 250 ms late: the slots at 208 and 312 are caught up
		await at(0);
		await at(0);
		await at(0); // back on the grid: 416
		await at(T + 520 + 251); // 251 ms late: no catch-up, the next slot is one interval later
		await at(0);
		expect(starts).toEqual([0, 354, 354, 354, 416, 771, 875]);
	});

	it('a signal aborted before the turn returns at once and counts for nothing', async () => {
		const sim = new Sim();
		const limiter = new Limiter(1, new AccountRate(sim));
		const stop = new AbortController();
		stop.abort();
		const cancelled = await take(sim, limiter, stop.signal);
		expect(cancelled.at).toBe(T);
		expect((await take(sim, limiter)).at).toBe(T);
		// The cap is held now: an aborted wait ends without waiting out the second.
		const later = new AbortController();
		const waiting = limiter.take(later.signal);
		await sim.run(T + 100);
		later.abort();
		expect((await waiting).at).toBe(T + 100);
	});

	it('requests wait in order: under a pause, each starts in the order it asked', async () => {
		const sim = new Sim();
		const account = new AccountRate(sim);
		const limiter = new Limiter(0, account);
		const tickets: Ticket[] = [];
		for (let i = 0; i < 5; i++) tickets.push(await take(sim, limiter));
		limiter.throttled(tickets[4]);
		const pause = account.pausedUntil;
		expect(pause).toBeGreaterThan(T);
		const order: number[] = [];
		const waiting = [0, 1, 2, 3, 4, 5].map(async (i) => {
			const ticket = await limiter.take();
			order.push(i);
			return ticket;
		});
		const started = await sim.settle(Promise.all(waiting));
		expect(order).toEqual([0, 1, 2, 3, 4, 5]);
		expect(started[0].at).toBe(pause);
		for (let i = 1; i < started.length; i++) expect(started[i].at).toBeGreaterThanOrEqual(started[i - 1].at);
	});

	it('learns what VMS accepted in the second before the throttled start, and pauses until it has room', () => {
		const sim = new Sim();
		const account = new AccountRate(sim);
		const limiter = new Limiter(0, account);
		for (let i = 0; i < 5; i++) {
			sim.time = T + 100 * i;
			const ticket: Ticket = { at: sim.now() };
			account.start(ticket);
			limiter.accepted(ticket);
		}
		expect(limiter.rate).toBe(Infinity);
		sim.time = T + 500;
		const throttled: Ticket = { at: sim.now() };
		account.start(throttled);
		sim.time = T + 520;
		expect(limiter.throttled(throttled)).toBe(true);
		expect(limiter.rate).toBe(5000 / 1040);
		// Five in the window from T: the sixth fits at T + 1,040 (later than 1,040 / 5 after the answer).
		expect(account.pausedUntil).toBe(T + 1040);
		expect(account.free(T + 600)).toBe(T + 1040);
	});

	it('measures over windows of exactly 1,040 ms that end within the last 1,000 ms', () => {
		const measure = (startsBefore: number[], throttledAt: number, outcome?: Ticket['outcome']) => {
			const sim = new Sim();
			const account = new AccountRate(sim);
			for (const at of startsBefore) account.start({ at: T + at, outcome });
			const ticket: Ticket = { at: T + throttledAt };
			account.start(ticket);
			sim.time = T + throttledAt;
			account.throttled(ticket);
			return Math.round((account.rate * 1040) / 1000);
		};
		expect(measure([0, 1000, 1040], 1040)).toBe(2); // 0 and 1,040 are one window apart
		expect(measure([0, 1000, 1039], 1040)).toBe(3);
		expect(measure([40, 40, 40], 1040)).toBe(1); // their window ends 1,000 ms before: too old
		expect(measure([41, 41, 41], 1040)).toBe(3);
		expect(measure([], 1040)).toBe(1); // nothing accepted: one per window
		expect(measure([100, 100, 100, 2000], 1040)).toBe(3); // a start after the throttled one is not counted
		expect(measure([1040, 1040], 1040)).toBe(2); // one at the same moment is
		expect(measure([100, 1100, 1100, 1100], 1040)).toBe(1); // started after it: not counted
		expect(measure([100, 100, 100], 1040, 'throttled')).toBe(1); // throttled ones: VMS did not count them
		expect(measure([100, 100, 100], 1040, 'accepted')).toBe(3);
	});

	it('probes upward only for time it held a request back: doubling below half the previous rate, then a few per cent', () => {
		const sim = new Sim();
		const account = new AccountRate(sim);
		const limiter = new Limiter(0, account);
		// Ten in flight at T..T + 9, the eleventh throttled: the learned limit is 10 per window.
		for (let i = 0; i < 10; i++) account.start({ at: T + i });
		const throttled: Ticket = { at: T + 10 };
		account.start(throttled);
		sim.time = T + 20;
		account.throttled(throttled);
		expect(limiter.rate).toBe(10000 / 1040);
		expect(account.pausedUntil).toBe(T + 1040);
		// Accepted while paused, or after the pause without having held anything back: no rise.
		sim.time = T + 30;
		expect(account.free(sim.now())).toBe(T + 1040); // the pause holds (the rate has room at the same moment)
		limiter.accepted({ at: T + 30 });
		sim.time = T + 1040;
		expect(account.free(sim.now())).toBe(T + 1040); // the pause holds, not the rate
		const next: Ticket = { at: sim.now() };
		account.start(next);
		sim.time = T + 1060;
		limiter.accepted(next);
		expect(limiter.rate).toBe(10000 / 1040);
		// Now the rate holds the next start back (104 ms spacing); accepted 500 ms later: before any drop
		// (no earlier rate to return to) it doubles per second: 10 + 10 × 0.5.
		expect(account.free(sim.now())).toBe(T + 1144);
		sim.time = T + 1560;
		limiter.accepted({ at: T + 1500 });
		expect(limiter.rate).toBe(15000 / 1040);
		// Held back for 3 s: at most one second counts.
		account.start({ at: sim.now() });
		expect(account.free(sim.now())).toBeGreaterThan(sim.now());
		sim.time = T + 4560;
		limiter.accepted({ at: T + 4500 });
		expect(limiter.rate).toBe(30000 / 1040);
		// Accepted at the very end of a pause after holding back: counts from there, and what was held back
		// before it does not carry over.
		const held: Ticket = { at: sim.now() };
		account.start(held);
		expect(account.free(sim.now())).toBeGreaterThan(sim.now());
		sim.time += 10;
		account.throttled(held);
		const afterDrop = limiter.rate;
		sim.time = account.pausedUntil + 500;
		limiter.accepted({ at: sim.now() });
		expect(limiter.rate).toBe(afterDrop);
		const again: Ticket = { at: sim.now() };
		account.start(again);
		expect(account.free(sim.now())).toBeGreaterThan(sim.now());
		sim.time = account.pausedUntil + 3000;
		account.throttled({ at: sim.now() });
		const paused = account.pausedUntil;
		sim.time = paused - 100;
		const whilePaused: Ticket = { at: sim.now() };
		account.start(whilePaused);
		account.free(sim.now());
		sim.time = paused;
		limiter.accepted({ at: sim.now() }); // at the pause's end: probing counts from here
		const atEnd = limiter.rate;
		sim.time = paused + 500;
		limiter.accepted({ at: sim.now() }); // nothing held back since
		expect(limiter.rate).toBe(atEnd);
		// Accepted during a pause while held back: nothing changes then, the rise comes after the pause.
		const heldAgain: Ticket = { at: sim.now() };
		account.start(heldAgain);
		sim.time += 10;
		account.throttled(heldAgain);
		const pause2 = account.pausedUntil;
		sim.time = pause2 - 100;
		account.start({ at: sim.now() });
		expect(account.free(sim.now())).toBeGreaterThan(pause2);
		const beforeRise = limiter.rate;
		sim.time = pause2 - 50;
		limiter.accepted({ at: sim.now() });
		expect(limiter.rate).toBe(beforeRise);
		sim.time = pause2 + 500;
		limiter.accepted({ at: sim.now() });
		expect(limiter.rate).toBeGreaterThan(beforeRise);
	});

	it('after a drop it probes by the most of 1, 5 % and 0.6 × √rate a second, doubling every second of calm, up to 2¹⁰', () => {
		const sim = new Sim();
		const account = new AccountRate(sim);
		const limiter = new Limiter(0, account);
		/** Throttles a fresh request after `count` starts in the 100 ms before it: the limit becomes `count`. */
		const throttleAfter = (count: number) => {
			const from = Math.max(sim.now(), account.pausedUntil) + 3000;
			for (let i = 0; i < count; i++) account.start({ at: from });
			const ticket: Ticket = { at: from + 100 };
			account.start(ticket);
			sim.time = from + 100;
			account.throttled(ticket);
		};
		/** Holds a request back, then accepts one `ms` later; returns when probing began. */
		const probe = (ms: number) => {
			sim.time = Math.max(sim.now(), account.pausedUntil);
			const from = sim.now();
			account.start({ at: from });
			limiter.accepted({ at: from }); // probing counts from here
			expect(account.free(from)).toBeGreaterThan(from); // the rate holds the next start back
			sim.time = from + ms;
			limiter.accepted({ at: from });
			return from;
		};
		const limit = () => Math.round(((account.rate * 1040) / 1000) * 1e6) / 1e6;
		const speedup = (since: number) => 2 ** Math.min(10, (sim.now() - since) / 1000);
		throttleAfter(100);
		throttleAfter(100); // peak 100, limit 100
		expect(limit()).toBe(100);
		let from = probe(500);
		// At 100 the square root decides: 0.6 × 10 = 6 per second (5 % would be 5), for half a second, sped
		// up by the calm since probing began (the account was idle before: 2^0.5).
		expect(limit()).toBeCloseTo(100 + 6 * 0.5 * speedup(from), 6);
		// At 400, 5 % decides: 20 per second (0.6 × 20 = 12 would be less).
		throttleAfter(400);
		throttleAfter(400);
		from = probe(250);
		expect(limit()).toBeCloseTo(400 + 20 * 0.25 * speedup(from), 6);
		// Below half the limit before the drop, it doubles per second: 29 + 29 × 0.5.
		throttleAfter(60);
		throttleAfter(60);
		throttleAfter(29);
		probe(500);
		expect(limit()).toBe(43.5);
		// Exactly half is not below it: 30 rises by 0.6 × √30 per second.
		throttleAfter(60);
		throttleAfter(60);
		throttleAfter(30);
		expect(limit()).toBe(30);
		from = probe(1000);
		expect(limit()).toBeCloseTo(30 + 0.6 * Math.sqrt(30) * speedup(from), 6);
		// A low limit still rises by at least one per second (0.6 × √2 and 5 % of 2 are less).
		throttleAfter(4);
		throttleAfter(4);
		throttleAfter(2);
		expect(limit()).toBe(2);
		from = probe(1000);
		expect(limit()).toBeCloseTo(2 + 1 * speedup(from), 6);
	});

	it('the speed-up counts calm time at the learned rate: doubling per second up to 2¹⁰, from 1 again after an idle gap', () => {
		const sim = new Sim();
		const account = new AccountRate(sim);
		const limiter = new Limiter(0, account);
		const limit = () => (account.rate * 1040) / 1000;
		// Learn 100: two fresh throttled answers (the second sets the peak, so probing is the slow kind).
		for (let round = 0; round < 2; round++) {
			const from = Math.max(sim.now(), account.pausedUntil) + 3000;
			for (let i = 0; i < 100; i++) account.start({ at: from });
			const ticket: Ticket = { at: from + 100 };
			account.start(ticket);
			sim.time = from + 100;
			account.throttled(ticket);
		}
		/** Holds one request back, then accepts it `ms` later: returns how much the limit rose. */
		const holdAndAccept = (ms: number) => {
			const ticket: Ticket = { at: sim.now() };
			account.start(ticket);
			expect(account.free(sim.now())).toBeGreaterThan(sim.now());
			const before = limit();
			sim.time += ms;
			limiter.accepted(ticket);
			return limit() - before;
		};
		// After the pause, the first accepted request follows a gap: calm counts from it.
		sim.time = account.pausedUntil;
		limiter.accepted({ at: sim.now() });
		const calmFrom = sim.now();
		// 12 s of requests accepted every second without holding anything back: no rise, and no gap.
		for (let i = 0; i < 12; i++) {
			sim.time += 1000;
			limiter.accepted({ at: sim.now() });
		}
		expect(limit()).toBe(100);
		// Calm 12.1 s: the speed-up is at its cap, 2¹⁰; at 100 the step is 0.6 × √100 = 6 per second.
		expect(holdAndAccept(100)).toBeCloseTo(6 * 1024 * 0.1, 6);
		expect(sim.now() - calmFrom).toBeGreaterThan(10_000);
		// A gap of more than 2,080 ms without an accepted request: the speed-up starts again from 1.
		sim.time += 2081;
		limiter.accepted({ at: sim.now() });
		const restart = sim.now();
		let l = limit();
		expect(holdAndAccept(500)).toBeCloseTo(Math.max(l * 0.05, 0.6 * Math.sqrt(l)) * 2 ** 0.5 * 0.5, 6);
		// A gap of exactly 2,080 ms is not idle: the calm goes on from `restart`.
		sim.time += 2080;
		limiter.accepted({ at: sim.now() });
		l = limit();
		const calm = (sim.now() + 100 - restart) / 1000;
		expect(holdAndAccept(100)).toBeCloseTo(Math.max(l * 0.05, 0.6 * Math.sqrt(l)) * 2 ** calm * 0.1, 6);
	});

	it('back-off after throttled answers with nothing accepted: 250 ms doubling to 4 s, none for the first', () => {
		const sim = new Sim();
		const account = new AccountRate(sim);
		const limiter = new Limiter(0, account);
		const pauses: number[] = [];
		const round = () => {
			// 20 in flight in one window that ends within the second before the throttled start: limit 20,
			// 52 ms apart, and the window already has room (so that only the back-off can hold longer).
			const from = Math.max(sim.now(), account.pausedUntil) + 5000;
			const older: Ticket = { at: from };
			account.start(older);
			for (let i = 0; i < 18; i++) account.start({ at: from });
			account.start({ at: from + 150 });
			const ticket: Ticket = { at: from + 1100 };
			account.start(ticket);
			sim.time = from + 1100;
			limiter.throttled(ticket);
			// An older request throttled too: the same congestion, no further back-off.
			limiter.throttled(older);
			pauses.push(account.pausedUntil - sim.now());
		};
		for (let i = 0; i < 7; i++) round();
		expect(pauses).toEqual([52, 250, 500, 1000, 2000, 4000, 4000]);
		limiter.accepted({ at: sim.now() });
		round();
		expect(pauses[7]).toBe(52);
	});

	it('a throttled answer to a request started before the last one refines the rate upward, without a new back-off', () => {
		const sim = new Sim();
		const account = new AccountRate(sim);
		const limiter = new Limiter(0, account);
		for (let i = 0; i < 8; i++) account.start({ at: T + i });
		const early: Ticket = { at: T + 10 };
		const late: Ticket = { at: T + 20 };
		account.start(early);
		account.start(late);
		sim.time = T + 30;
		limiter.throttled(late); // 9 before it (early still in flight)
		expect(Math.round(account.rate * 1.04)).toBe(9);
		sim.time = T + 40;
		limiter.throttled(early); // 8 before it: the higher count stays
		expect(Math.round(account.rate * 1.04)).toBe(9);
		expect(account.pausedUntil).toBe(T + 1040);
		// A fresh throttled start later measures anew (and lower), with the first back-off step.
		sim.time = T + 3000;
		const fresh: Ticket = { at: T + 3000 };
		account.start(fresh);
		limiter.throttled(fresh);
		expect(Math.round(account.rate * 1.04)).toBe(1);
		expect(account.pausedUntil).toBe(T + 3000 + 1040);
	});

	it('a request started at the very moment of the last throttled answer measures anew', () => {
		const sim = new Sim();
		const account = new AccountRate(sim);
		for (let i = 0; i < 8; i++) account.start({ at: T + i });
		const late: Ticket = { at: T + 20 };
		account.start(late);
		sim.time = T + 2000; // answered late
		account.throttled(late);
		expect(Math.round(account.rate * 1.04)).toBe(8);
		const next: Ticket = { at: T + 2000 };
		account.start(next);
		sim.time = T + 2010;
		account.throttled(next); // nothing accepted in the second before it started
		expect(Math.round(account.rate * 1.04)).toBe(1);
	});

	it('an older request throttled after a fresh one raises the rate to what it measured', () => {
		const sim = new Sim();
		const account = new AccountRate(sim);
		for (let i = 0; i < 10; i++) account.start({ at: T - 800 });
		const early: Ticket = { at: T };
		const late: Ticket = { at: T + 1000 };
		account.start(early);
		account.start(late);
		sim.time = T + 1010;
		account.throttled(late); // no window ending in the second before it holds a start
		expect(Math.round(account.rate * 1.04)).toBe(1);
		sim.time = T + 1020;
		account.throttled(early); // ten in the windows ending at T - 800 and at T
		expect(Math.round(account.rate * 1.04)).toBe(10);
	});

	it('keeps only what it needs: the starts of the last windows', async () => {
		const sim = new Sim();
		const account = new AccountRate(sim);
		const limiter = new Limiter(5, account);
		const first = await sim.settle(limiter.take());
		limiter.throttled(first); // the account learns a rate (a window of its own)
		for (let i = 0; i < 200; i++) {
			const ticket = await sim.settle(limiter.take());
			expect(ticket.outcome).toBeUndefined();
			limiter.accepted(ticket);
			expect(ticket.outcome).toBe('accepted');
		}
		const inside = limiter as unknown as { cap: { starts: Ticket[] }; account: { recent: Ticket[]; window: { starts: Ticket[] } } };
		// At 5 per 1,040 ms: about 10 starts in two windows, 10 in the last 2,040 ms.
		expect(inside.cap.starts.length).toBeLessThanOrEqual(11);
		expect(inside.account.window.starts.length).toBeLessThanOrEqual(11);
		expect(inside.account.recent.length).toBeLessThanOrEqual(11);
	});

	it('gives up at exactly NO_PROGRESS_MS after the later of the last accepted request and the first attempt', () => {
		const sim = new Sim();
		const limiter = new Limiter(0, new AccountRate(sim));
		const first = T - 5000; // first sent before the account was first used
		sim.time = T + NO_PROGRESS_MS - 1;
		expect(limiter.throttled({ at: sim.now() }, first)).toBe(true);
		sim.time = T + NO_PROGRESS_MS;
		expect(limiter.throttled({ at: sim.now() }, first)).toBe(false);
		// Without a first attempt given, the ticket's own start counts.
		sim.time += 10;
		limiter.accepted({ at: sim.now() });
		sim.time += NO_PROGRESS_MS;
		expect(limiter.throttled({ at: sim.now() - 1 })).toBe(true);
		expect(limiter.throttled({ at: sim.now() - NO_PROGRESS_MS })).toBe(false);
	});
});

describe('accountRate, as an attacker', () => {
	const base = { accessKeyId: 'AKLTBOUND', endpoint: 'https://vms.example', region: 'cn-north-1' };

	it('never reads the secret, and keys on the trimmed ID, endpoint and region only', () => {
		const data = { ...base };
		Object.defineProperty(data, 'secretAccessKey', {
			enumerable: true,
			get: () => {
				throw new Error('the secret was read');
			},
		});
		const account = accountRate(data);
		expect(accountRate({ ...base, endpoint: ' https://vms.example ', region: ' cn-north-1 ' })).toBe(account);
		// An endpoint or region that is not text counts as none.
		const noEndpoint = accountRate({ accessKeyId: 'AKLTBOUND', endpoint: '', region: '' });
		expect(accountRate({ accessKeyId: 'AKLTBOUND', endpoint: 42, region: null })).toBe(noEndpoint);
		expect(noEndpoint).not.toBe(account);
		// Fields cannot be shifted into one another.
		expect(accountRate({ accessKeyId: 'AKLTBOUND', endpoint: 'https://vms.examplecn-north-1', region: '' })).not.toBe(account);
		// An ID that is not text or is blank shares nothing.
		expect(accountRate({ ...base, accessKeyId: 42 })).not.toBe(accountRate({ ...base, accessKeyId: 42 }));
		expect(accountRate({ ...base, accessKeyId: '  ' })).not.toBe(accountRate({ ...base, accessKeyId: '  ' }));
		expect(accountRate(undefined)).not.toBe(accountRate(undefined));
	});

	it('uses the given clock', () => {
		const sim = new Sim();
		expect(accountRate({ accessKeyId: 'AKLTCLOCK' }, sim).lastAccepted).toBe(sim.now());
		expect(accountRate({}, sim).timing).toBe(sim);
	});

	it('remembers 100 accounts, forgetting the least recently used first', () => {
		const key = (name: string) => ({ ...base, accessKeyId: name });
		const other = accountRate(key('AKLTOTHER'));
		const fills = Array.from({ length: 100 }, (_, i) => accountRate(key(`AKLTFILL${i}`)));
		for (let i = 0; i < 100; i++) expect(accountRate(key(`AKLTFILL${i}`))).toBe(fills[i]); // now the 100 kept
		const fresh = accountRate(key('AKLTOTHER'));
		expect(fresh).not.toBe(other); // forgotten when the 100 came; now it pushed out AKLTFILL0, the least recently used
		expect(accountRate(key('AKLTFILL1'))).toBe(fills[1]); // used: now the most recent
		accountRate(key('AKLTNEW')); // pushes out AKLTFILL2
		expect(accountRate(key('AKLTFILL1'))).toBe(fills[1]);
		expect(accountRate(key('AKLTOTHER'))).toBe(fresh);
		expect(accountRate(key('AKLTFILL0'))).not.toBe(fills[0]);
		expect(accountRate(key('AKLTFILL2'))).not.toBe(fills[2]);
	});
});
