import { recordsOf } from '../../../nodes/VolcengineVms/actions/operation';

describe('recordsOf', () => {
	it('takes an array, Records or Data, and ignores anything else', () => {
		const r = [{ CallId: 'D1' }];
		expect(recordsOf(r)).toEqual(r);
		expect(recordsOf({ Records: r })).toEqual(r);
		expect(recordsOf({ Data: r })).toEqual(r);
		expect(recordsOf([{ CallId: 'D1' }, 'x', null])).toEqual(r);
		expect(recordsOf(null)).toEqual([]);
		expect(recordsOf({ Total: 0 })).toEqual([]);
	});
});
