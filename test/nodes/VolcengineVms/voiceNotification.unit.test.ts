/** How Send maps SingleBatchAppend's SuccessList / FailList back to its items, whatever shape VMS answers. */
import { splitAnswer } from '../../../nodes/VolcengineVms/actions/voiceNotification/outcomes';

const entries = [
	{ SingleOpenId: 'a', Phone: '13900000001' },
	{ SingleOpenId: 'b', Phone: '13900000002' },
	{ SingleOpenId: 'c', Phone: '13900000001' },
];

describe('splitAnswer (Send)', () => {
	it('matches SuccessList and FailList entries by SingleOpenId, whatever their order', () => {
		const outcomes = splitAnswer(
			{
				SuccessList: [{ Phone: '13900000001', SingleOpenId: 'c', Type: 1 }, { Phone: '13900000001', SingleOpenId: 'a', Ext: 'x' }],
				FailList: [{ Phone: '13900000002', SingleOpenId: 'b', Type: 'BLACK_LIST', Desc: '号码在黑名单中' }],
			},
			entries,
		);
		expect(outcomes[0]).toEqual({ json: { Phone: '13900000001', SingleOpenId: 'a', Ext: 'x', singleOpenId: 'a' } });
		expect(outcomes[2]).toEqual({ json: { Phone: '13900000001', SingleOpenId: 'c', Type: 1, singleOpenId: 'c' } });
		expect(outcomes[1]).toMatchObject({ error: 'VMS refused the notification to 13900000002: BLACK_LIST (号码在黑名单中)' });
		expect((outcomes[1] as { description: string }).description).toMatch(/Single Open ID b.*blacklist/s);
	});

	it("matches the docs' FailList sample ({ Phone, Type } only) by phone, in order, and only entries without an ID", () => {
		const outcomes = splitAnswer(
			{ SuccessList: [{ Phone: '13900000001', SingleOpenId: 'c' }], FailList: [{ Phone: '13900000001', Type: '手机号格式错误' }] },
			entries,
		);
		expect(outcomes[0]).toMatchObject({ error: 'VMS refused the notification to 13900000001: 手机号格式错误' });
		expect(outcomes[2]).toMatchObject({ json: { singleOpenId: 'c' } });
		// Not mentioned at all: unknown, never a guessed success.
		expect(outcomes[1]).toMatchObject({ uncertain: true, error: expect.stringMatching(/does not mention .*outcome is unknown/) });
		expect((outcomes[1] as { description: string }).description).toMatch(/Voice Notification → Get \(Single Open ID b\)/);
	});

	it('an answer without lists leaves every item with an unknown outcome', () => {
		for (const answer of [{}, null, { SuccessList: 'x', FailList: {} }]) {
			expect(splitAnswer(answer, entries).every((o) => 'uncertain' in o && o.uncertain === true)).toBe(true);
		}
	});

	it('a SuccessList entry without SingleOpenId gets the one sent, matched by phone', () => {
		const [first] = splitAnswer({ SuccessList: [{ Phone: '13900000001' }] }, entries);
		expect(first).toEqual({ json: { Phone: '13900000001', SingleOpenId: 'a', singleOpenId: 'a' } });
	});
});
