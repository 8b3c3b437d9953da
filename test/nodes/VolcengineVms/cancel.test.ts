/**
 * Cancelling the execution (the editor's Stop button, or the workflow's Timeout setting) while binds
 * are being sent: nothing is sent after the cancel, and every item says what became of it.
 * The cancel is made from inside the emulator when it receives a given bind, so the timing does not
 * depend on the machine's speed; `hang` keeps the binds in flight until the client gives up.
 */
import { runNode } from '../../helpers/n8n';
import { bindsSent as binds, bulkBindParameters, bulkOrders, useEmulator, type Emulator } from '../../helpers/emulator';

/** Called by the emulator for every API request it handles (before its answer is sent). */
let onRequest: ((entry: { action: string }) => void) | undefined;
const env = useEmulator({ onRequest: (entry: { action: string }) => onRequest?.(entry) });
afterEach(() => (onRequest = undefined));

function bindRun(emulator: Emulator, n: number, options: Record<string, unknown>) {
	const { pool, items } = bulkOrders(emulator, n);
	return { parameters: bulkBindParameters(pool, options), items };
}

/** Cancels the execution when the emulator has received `count` binds. */
function cancelAtBind(count: number) {
	let cancel: (() => void) | undefined;
	let seen = 0;
	onRequest = (entry) => {
		if (entry.action === 'BindAXN' && ++seen === count) cancel!();
	};
	return (execution: { cancel(): void }) => (cancel = () => execution.cancel());
}

const IN_FLIGHT = 'The execution was cancelled while BindAXN was in flight: the outcome is unknown; the binding may exist';
const NOT_SENT = 'The execution was cancelled: BindAXN was not sent';

describe('cancelling the execution', () => {
	it('Continue On Fail: the binds in flight are reported as unknown outcomes, and no other bind is sent', async () => {
		const { emulator, credentials } = env();
		emulator.faults.inject({ fault: 'hang', action: 'BindAXN', times: 20 });
		const { parameters, items } = bindRun(emulator, 20, { concurrency: 2 });
		const { items: out } = await runNode({
			parameters,
			items,
			credentials,
			settings: { onError: 'continueRegularOutput' },
			started: cancelAtBind(2),
		});
		expect(binds(emulator)).toHaveLength(2);
		expect(out!.map((o) => o.pairedItem)).toEqual(items.map((_, i) => ({ item: i })));
		expect(out!.slice(0, 2).map((o) => o.json.error)).toEqual([IN_FLIGHT, IN_FLIGHT]);
		expect(String(out![0].json.description)).toContain('Look it up with Subscription → Get Many in the same pool, by Phone No A and Phone No X, or your Out ID, before binding again.');
		expect(out!.slice(2).every((o) => o.json.error === NOT_SENT)).toBe(true);
		expect(out![2].json.description).toBe('Nothing was sent for this item, so nothing was changed. It can be sent again.');
	});

	it('items waiting for Max Requests per Second are not sent', async () => {
		const { emulator, credentials } = env();
		emulator.faults.inject({ fault: 'hang', action: 'BindAXN' });
		// One request per second: the other four workers wait in the limiter when the cancel comes.
		const { parameters, items } = bindRun(emulator, 10, { concurrency: 5, maxRequestsPerSecond: 1 });
		const { items: out } = await runNode({
			parameters,
			items,
			credentials,
			settings: { onError: 'continueRegularOutput' },
			started: cancelAtBind(1),
		});
		expect(binds(emulator)).toHaveLength(1);
		expect(out!.map((o) => o.json.error)).toEqual([IN_FLIGHT, ...Array(9).fill(NOT_SENT)]);
	});

	it('without Continue On Fail, the error says which items were not sent', async () => {
		const { emulator, credentials } = env();
		emulator.faults.inject({ fault: 'hang', action: 'BindAXN' });
		const { parameters, items } = bindRun(emulator, 5, { concurrency: 1 });
		const { error } = await runNode({ parameters, items, credentials, started: cancelAtBind(1) });
		expect(binds(emulator)).toHaveLength(1);
		expect(error!.message).toBe(IN_FLIGHT);
		expect(String(error!.description)).toContain('Item 0 failed. No other item succeeded. Items 1-4 were not sent.');
	});

});
