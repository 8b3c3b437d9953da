import type { IDataObject } from 'n8n-workflow';

import { withReadings } from '../../../shared/records';
import { optionsField, textField } from '../fields';
import type { VmsOperation } from '../operation';

/** A resource's `Type`, named as the Resource Type option values, so a name can go back into Resource Type. */
export const RESOURCE_TYPES: Record<string, string> = { 0: 'audio', 1: 'tts', 2: 'ivr' };

/** A resource's review `State`. */
export const RESOURCE_STATES: Record<string, string> = { 0: 'pending', 1: 'approved', 2: 'rejected' };

/** Sent on the resource-creating actions as the Go and Java SDKs send it (the generated SDK and Python leave it out). */
export const REQ_SOURCE_TYPE = 3;

/** A resource record with `TypeName`, `StateName` and `CreateTimeIso` (its Beijing `yyyy-MM-dd HH:mm:ss`) next to the raw fields. */
export const withResourceReadings = (record: IDataObject): IDataObject =>
	withReadings(record, { Type: RESOURCE_TYPES, State: RESOURCE_STATES, CreateTime: 'seconds' });

/** The review state filter: 0 pending, 1 approved, 2 rejected (a name also works in an expression). */
export const state = () =>
	optionsField(
		'state',
		'State',
		[
			{ name: 'Pending', value: 0, description: 'Under review' },
			{ name: 'Approved', value: 1, description: 'Can be played in voice notifications' },
			{ name: 'Rejected', value: 2, description: 'Refused by the review' },
		],
		{ default: 1, description: 'Only resources in this review state' },
	);

/** A resource's name (Name): how it is listed in the console and in Get Many. */
export const name = (description: string) =>
	textField('name', 'Name', { required: true, maxLength: 64, placeholder: 'e.g. Parcel arrival', description });

/** Said when creating a resource has an unknown outcome: it may exist under review. */
export const createsResource = (what: string): NonNullable<VmsOperation['creates']> => ({
	what,
	check: 'Look for it with Voice Resource → Get Many (its type, Keyword = its name, any state) before creating it again.',
});

/** The resource to change, by its key (any review state, so not the approved-only picker of Voice Notification). */
export const resourceKeyText = () =>
	textField('resourceKey', 'Resource Key', {
		required: true,
		maxLength: 128,
		placeholder: 'e.g. RT0001APPROVED',
		description: 'The ResourceKey of the audio file, TTS template or IVR flow, as Get Many or Create returns it',
		pattern: /^[A-Za-z0-9_.-]+$/,
		patternHint: 'a resource key (letters, digits, _, . and -)',
	});

