'use strict';
// Voice-notification resources (audio files, TTS templates, IVR flows) with their review states, and the
// risk-control blacklist (reference volcengine-vms-events-and-calls.md C.2; QueryCanCall: docs 6358/80246).
// Kept on the emulator state (a reset starts a new one); notify and task handlers ask it through
// `usableResource` and `blockedNumber` below, so a voice notification to a blacklisted number or with an
// unapproved resource fails as VMS would.
const crypto = require('node:crypto');
const { ACCOUNT_ID } = require('./calls');

// Type: 0 audio file, 1 TTS template, 2 IVR flow. State: 0 pending, 1 approved, 2 rejected.
const TYPES = { audio: 0, tts: 1, ivr: 2 };
const STATES = { pending: 0, approved: 1, rejected: 2 };

/** The seeded resources: stable keys (test/emulator/README.md lists them; notify and task tests use them). */
const RESOURCE_KEYS = {
	audio: { approved: 'RA0001APPROVED', pending: 'RA0002PENDING', rejected: 'RA0003REJECTED' },
	tts: { approved: 'RT0001APPROVED', approved2: 'RT0004APPROVED', pending: 'RT0002PENDING', rejected: 'RT0003REJECTED' },
	ivr: { approved: 'RI0001APPROVED', pending: 'RI0002PENDING', rejected: 'RI0003REJECTED' },
};

const SEED = [
	{ ResourceKey: RESOURCE_KEYS.audio.approved, Type: 0, State: 1, Name: 'Delivery reminder', Suffix: 'mp3', Duration: 12 },
	{ ResourceKey: RESOURCE_KEYS.audio.pending, Type: 0, State: 0, Name: 'Holiday greeting', Suffix: 'wav', Duration: 8 },
	{ ResourceKey: RESOURCE_KEYS.audio.rejected, Type: 0, State: 2, Name: 'Loud advert', Suffix: 'mp3', Duration: 30 },
	{ ResourceKey: RESOURCE_KEYS.tts.approved, Type: 1, State: 1, Name: 'Parcel arrival', TtsTemplateContent: 'Your parcel ${code} arrives at ${time}.' },
	{ ResourceKey: RESOURCE_KEYS.tts.approved2, Type: 1, State: 1, Name: 'Server alert', TtsTemplateContent: 'Server ${host} is down. Press 1 to acknowledge.' },
	{ ResourceKey: RESOURCE_KEYS.tts.pending, Type: 1, State: 0, Name: 'Appointment reminder', TtsTemplateContent: 'Your appointment is at ${time}.' },
	{ ResourceKey: RESOURCE_KEYS.tts.rejected, Type: 1, State: 2, Name: 'Prize draw', TtsTemplateContent: 'You won ${prize}!' },
	{ ResourceKey: RESOURCE_KEYS.ivr.approved, Type: 2, State: 1, Name: 'On-call acknowledge', Suffix: 'json' },
	{ ResourceKey: RESOURCE_KEYS.ivr.pending, Type: 2, State: 0, Name: 'Survey', Suffix: 'json' },
	{ ResourceKey: RESOURCE_KEYS.ivr.rejected, Type: 2, State: 2, Name: 'Collections', Suffix: 'json' },
];

/** A number on the seeded blacklist (outbound calls): QueryCanCall says status -1, notifications to it fail. */
const BLACKLISTED_NUMBER = '13999999999';
const SEED_CREATE_TIME = '2026-01-05 10:00:00';

// Audio uploads: the file's extension and the Content-Type its presigned PUT must carry.
const UPLOAD_TYPES = { mp3: ['audio/mpeg', 'audio/mp3'], wav: ['audio/wav', 'audio/x-wav', 'audio/wave'] };
const UPLOAD_PREFIX = '/_upload/';
const UPLOAD_TTL_SECONDS = 900;
const MAX_NAME = 64;

const BEIJING_MS = 8 * 3600 * 1000;
const beijing = (unixSeconds) => new Date(unixSeconds * 1000 + BEIJING_MS).toISOString().slice(0, 19).replace('T', ' ');

/** This state's resources, blacklist and uploads (created on first use, seeded). */
function storeOf(state) {
	if (!state.voiceResources) {
		state.voiceResources = {
			resources: new Map(SEED.map((r) => [r.ResourceKey, { Suffix: '', Duration: 0, Remark: '', CreateTime: SEED_CREATE_TIME, ...r }])),
			blacklist: new Map([[BLACKLISTED_NUMBER, { CustomerNumber: BLACKLISTED_NUMBER, Type: 1, Remark: 'seeded', reason: '黑名单' }]]),
			uploads: new Map(), // FileName -> { token, bytes, contentType }
			seq: 0,
		};
	}
	return state.voiceResources;
}

/** The resource as the API returns it. */
function publicResource(r) {
	const out = { ResourceKey: r.ResourceKey, Suffix: r.Suffix, Name: r.Name, Duration: r.Duration, State: r.State, CreateTime: r.CreateTime, Type: r.Type, Remark: r.Remark };
	if (r.Type === 1) out.TtsTemplateContent = r.TtsTemplateContent || '';
	return out;
}

/**
 * For notify/task handlers: why `key` cannot be played as a resource of `type` (0/1/2), or undefined when it
 * can (exists, is of that type and approved). `[code, message]`.
 */
function usableResource(state, key, type) {
	const r = storeOf(state).resources.get(String(key));
	if (!r) return ['ResourceNotFound', `Resource ${key} does not exist`];
	if (type !== undefined && type !== null && type !== '' && Number(type) !== r.Type) return ['ResourceNotFound', `Resource ${key} is of Type ${r.Type}, not ${type}`];
	if (r.State !== 1) return ['ResourceNotApproved', `Resource ${key} is ${r.State === 0 ? 'still under review' : 'rejected'}`];
	return undefined;
}

/** For notify/task handlers: the blacklist entry of `number` (outbound), or undefined. */
function blockedNumber(state, number) {
	return storeOf(state).blacklist.get(String(number));
}

/** Review a resource (control API and tests): state 1 approved or 2 rejected. Returns the resource. */
function review(state, key, finalState) {
	const r = storeOf(state).resources.get(String(key));
	if (!r) throw Object.assign(new Error(`No resource ${key}`), { status: 404 });
	const code = typeof finalState === 'string' && finalState in STATES ? STATES[finalState] : Number(finalState);
	if (code !== 1 && code !== 2) throw new Error(`state must be 1 (approved) or 2 (rejected), or their names, not ${finalState}`);
	r.State = code;
	return r;
}

module.exports = function voiceResourceActions(h) {
	const { form, json, query, page, intParam, str, given, list, phoneParam, textParam } = h;

	const store = (ctx) => storeOf(ctx.state);

	function typeParam(p, ctx) {
		return intParam(p, 'Type', ctx, { min: 0, max: 2 });
	}

	function nameParam(p, ctx) {
		const name = textParam(p, 'Name', ctx, MAX_NAME).trim();
		if (!name) ctx.fail('IllegalArgument', 'Missing required parameter: Name');
		if ([...store(ctx).resources.values()].some((r) => r.Name === name)) ctx.fail('ResourceNameDuplicated', `A resource named ${name} already exists`);
		return name;
	}

	function reqSourceType(p, ctx) {
		intParam(p, 'ReqSourceType', ctx, { min: 0 });
	}

	function addResource(ctx, fields) {
		const s = store(ctx);
		const ResourceKey = `R${ctx.now}${String(++s.seq).padStart(4, '0')}${crypto.randomBytes(3).toString('hex').toUpperCase()}`;
		const r = { ResourceKey, Suffix: '', Duration: 0, Remark: '', State: 0, CreateTime: beijing(ctx.now), ...fields };
		s.resources.set(ResourceKey, r);
		return r;
	}

	const basic = (r, UploadUrl = '') => ({ ResourceKey: r.ResourceKey, Suffix: r.Suffix, Name: r.Name, UploadUrl });

	function getResource(p, ctx) {
		const r = store(ctx).resources.get(str(p.ResourceKey));
		if (!r) ctx.fail('ResourceNotFound', `Resource ${p.ResourceKey} does not exist`);
		return r;
	}

	// ----- queries -----

	/** QueryUsableResource / V2: the approved resources of a type, as a bare list. */
	function queryUsableResource(p, ctx) {
		const type = typeParam(p, ctx);
		return [...store(ctx).resources.values()].filter((r) => r.Type === type && r.State === 1).map(publicResource);
	}

	function queryOpenGetResource(p, ctx) {
		const type = typeParam(p, ctx);
		const state = intParam(p, 'State', ctx, { min: 0, max: 2 });
		const keyword = str(p.Keyword);
		const found = [...store(ctx).resources.values()].filter(
			(r) => r.Type === type && (state === undefined || r.State === state) && (!keyword || r.Name.includes(keyword) || r.ResourceKey.includes(keyword)),
		);
		return page(found.map(publicResource), p, ctx);
	}

	// ----- creating -----

	function openCreateTts(p, ctx) {
		reqSourceType(p, ctx);
		const name = nameParam(p, ctx);
		const content = textParam(p, 'TtsTemplateContent', ctx, 1000);
		if (!content.trim()) ctx.fail('IllegalArgument', 'Missing required parameter: TtsTemplateContent');
		return basic(addResource(ctx, { Type: 1, Name: name, TtsTemplateContent: content, Remark: textParam(p, 'Remark', ctx, 255) }));
	}

	function fetchResource(p, ctx) {
		reqSourceType(p, ctx);
		const url = str(p.Url);
		let parsed;
		try {
			parsed = new URL(url);
		} catch {
			ctx.fail('IllegalArgument', `Invalid Url: ${url} (expected an http or https URL)`);
		}
		if (!/^https?:$/.test(parsed.protocol)) ctx.fail('IllegalArgument', `Invalid Url: ${url} (expected an http or https URL)`);
		const suffix = (/\.([A-Za-z0-9]+)$/.exec(parsed.pathname) || [])[1];
		if (!suffix || !UPLOAD_TYPES[suffix.toLowerCase()]) ctx.fail('IllegalArgument', `Invalid Url: ${url} (expected an .mp3 or .wav file)`);
		return basic(addResource(ctx, { Type: 0, Name: nameParam(p, ctx), Suffix: suffix.toLowerCase(), Duration: 10 }));
	}

	function uploadFileName(p, ctx) {
		const fileName = textParam(p, 'FileName', ctx, 128).trim();
		const suffix = ((/\.([A-Za-z0-9]+)$/.exec(fileName) || [])[1] || '').toLowerCase();
		if (!UPLOAD_TYPES[suffix]) ctx.fail('IllegalArgument', `Invalid FileName: ${fileName} (expected an .mp3 or .wav file name)`);
		return { fileName, suffix };
	}

	/** GetResourceUploadUrl: a presigned PUT URL for the file, served by this emulator (see serveUpload). */
	function getResourceUploadUrl(p, ctx) {
		reqSourceType(p, ctx);
		const { fileName, suffix } = uploadFileName(p, ctx);
		const s = store(ctx);
		if ([...s.resources.values()].some((r) => r.Name === fileName)) ctx.fail('ResourceNameDuplicated', `A resource named ${fileName} already exists`);
		const token = crypto.randomBytes(12).toString('hex');
		const expires = ctx.now + UPLOAD_TTL_SECONDS;
		s.uploads.set(fileName, { token, expires, bytes: undefined, contentType: undefined });
		const UploadUrl = `${ctx.baseUrl}${UPLOAD_PREFIX}${token}/${encodeURIComponent(fileName)}?x-expires=${expires}&x-signature=${token.slice(0, 8)}`;
		return { ResourceKey: '', Suffix: suffix, Name: fileName, UploadUrl };
	}

	/** CommitResourceUpload: the uploaded file becomes an audio resource under review. */
	function commitResourceUpload(p, ctx) {
		reqSourceType(p, ctx);
		const { fileName, suffix } = uploadFileName(p, ctx);
		const s = store(ctx);
		const upload = s.uploads.get(fileName);
		if (!upload) ctx.fail('IllegalArgument', `No upload URL was requested for ${fileName} (call GetResourceUploadUrl first)`);
		if (!upload.bytes) ctx.fail('FileNotUploaded', `${fileName} has not been uploaded to its upload URL`);
		s.uploads.delete(fileName);
		const r = addResource(ctx, { Type: 0, Name: fileName, Suffix: suffix, Duration: Math.max(1, Math.round(upload.bytes.length / 4000)), bytes: upload.bytes });
		return basic(r);
	}

	// ----- changing -----

	function openUpdateResource(p, ctx) {
		const r = getResource(p, ctx);
		const name = textParam(p, 'Name', ctx, MAX_NAME).trim();
		if ([...store(ctx).resources.values()].some((o) => o !== r && o.Name === name)) ctx.fail('ResourceNameDuplicated', `A resource named ${name} already exists`);
		r.Name = name;
		return undefined; // ResponseMetadata only
	}

	function openDeleteResource(p, ctx) {
		const r = getResource(p, ctx);
		store(ctx).resources.delete(r.ResourceKey);
		return undefined;
	}

	// ----- risk control -----

	/** QueryCanCall: one entry per number, keys in lowerCamel as the API page shows them (status 0 normal, -1 frozen). */
	function queryCanCall(p, ctx) {
		const numbers = list(p.CustomerNumberList);
		if (!numbers.length) ctx.fail('IllegalArgument', 'Missing required parameter: CustomerNumberList');
		if (numbers.length > 100) ctx.fail('IllegalArgument', 'Invalid CustomerNumberList: at most 100 numbers');
		const callType = intParam(p, 'CallType', ctx, { min: 1, max: 3 });
		const line = str(p.BusinessLineId);
		const businessLineId = /^\d+$/.test(line) ? Number(line) : line;
		return numbers.map((number) => {
			phoneParam({ CustomerNumber: number }, 'CustomerNumber', ctx);
			const entry = store(ctx).blacklist.get(number);
			const frozen = entry && (entry.Type === undefined || entry.Type === callType);
			return { customerNumber: number, businessLineId, status: frozen ? -1 : 0, reason: frozen ? entry.reason : '' };
		});
	}

	function customer(p, ctx) {
		const number = phoneParam(p, 'CustomerNumber', ctx);
		if (!number) ctx.fail('IllegalArgument', 'Missing required parameter: CustomerNumber');
		return number;
	}

	function addBlackList(p, ctx) {
		const number = customer(p, ctx);
		const entry = {
			CustomerNumber: number,
			ServiceType: intParam(p, 'ServiceType', ctx, { min: 0 }),
			SubServiceType: intParam(p, 'SubServiceType', ctx, { min: 0 }),
			Type: intParam(p, 'Type', ctx, { min: 1, max: 3, def: 1 }),
			FreezeTime: intParam(p, 'FreezeTime', ctx, { min: 0 }),
			Remark: textParam(p, 'Remark', ctx, 255),
			reason: '黑名单',
		};
		store(ctx).blacklist.set(number, entry);
		return 'success';
	}

	function deleteBlackList(p, ctx) {
		store(ctx).blacklist.delete(customer(p, ctx));
		return 'success';
	}

	// POST with every parameter in the query and an empty body (Go and Java; the generated SDK sends JSON).
	const postQuery = (required, handle, extra = {}) => ({ method: 'POST', encoding: 'query', required, handle, ...extra });

	return {
		QueryUsableResource: postQuery(['Type'], queryUsableResource, { set: 'classic' }),
		QueryUsableResourceV2: { ...query(['Type'], queryUsableResource), set: 'v2' },
		QueryOpenGetResource: json(['Type'], queryOpenGetResource),
		OpenCreateTts: json(['Name', 'TtsTemplateContent'], openCreateTts),
		FetchResource: json(['Url', 'Name'], fetchResource),
		GetResourceUploadUrl: json(['FileName'], getResourceUploadUrl),
		CommitResourceUpload: json(['FileName'], commitResourceUpload),
		OpenUpdateResource: postQuery(['ResourceKey', 'Name'], openUpdateResource),
		OpenDeleteResource: postQuery(['ResourceKey'], openDeleteResource),
		QueryCanCall: form(['CustomerNumberList', 'BusinessLineId', 'CallType'], queryCanCall),
		AddBlackList: form(['CustomerNumber'], addBlackList),
		DeleteBlackList: form(['CustomerNumber'], deleteBlackList),
	};
};

/**
 * The upload URL's PUT (`/_upload/<token>/<file name>`): stores the bytes when the token is the file's and the
 * Content-Type matches its extension, as a presigned object-storage URL would (else 403, nothing stored).
 */
function serveUpload(state, req, res, path, body, nowSeconds) {
	const send = (status, text) => {
		res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
		res.end(text);
	};
	const [token, encoded] = path.slice(UPLOAD_PREFIX.length).split('/');
	let fileName;
	try {
		fileName = decodeURIComponent(encoded || '');
	} catch {
		return send(404, 'NoSuchUpload');
	}
	const upload = storeOf(state).uploads.get(fileName);
	if (!upload || upload.token !== token) return send(404, 'NoSuchUpload');
	if (req.method !== 'PUT') return send(405, 'MethodNotAllowed: PUT the file');
	if (nowSeconds > upload.expires) return send(403, 'AccessDenied: the upload URL has expired');
	const suffix = fileName.split('.').pop().toLowerCase();
	const contentType = String(req.headers['content-type'] || '').split(';')[0].trim().toLowerCase();
	if (!UPLOAD_TYPES[suffix].includes(contentType)) {
		return send(403, `SignatureDoesNotMatch: Content-Type ${contentType || '(none)'} does not match .${suffix} (expected ${UPLOAD_TYPES[suffix][0]})`);
	}
	if (!body.length) return send(400, 'EmptyBody: the file is empty');
	Object.assign(upload, { bytes: body, contentType });
	return send(200, '');
}

/**
 * Control routes: `GET /_emulator/resources` (resources, blacklist), `POST /_emulator/resources/review`
 * `{ resourceKey, state: 1 | 2 | 'approved' | 'rejected', push? }` (pushes the review result when a push target
 * is set, unless `push: false`). `[status, payload]`, or undefined for another route.
 */
async function control(state, pusher, route, body, nowMs) {
	if (route === 'GET /_emulator/resources') {
		const s = storeOf(state);
		return [200, { resources: [...s.resources.values()].map(publicResource), blacklist: [...s.blacklist.values()] }];
	}
	if (route !== 'POST /_emulator/resources/review') return undefined;
	try {
		const input = JSON.parse(body.toString('utf8') || '{}');
		const r = review(state, input.resourceKey, input.state);
		let push;
		if (pusher.target && input.push !== false) {
			const message = { accountId: ACCOUNT_ID, name: r.Name, resourceKey: r.ResourceKey, finalState: r.State, timestamp: nowMs };
			push = await pusher.send({ rawBody: JSON.stringify(message), kind: 'resourceReview' });
		}
		return [200, { ok: true, resource: publicResource(r), push }];
	} catch (err) {
		return [err.status || 400, { ok: false, error: err.message }];
	}
}

Object.assign(module.exports, {
	TYPES,
	STATES,
	RESOURCE_KEYS,
	BLACKLISTED_NUMBER,
	UPLOAD_PREFIX,
	UPLOAD_TYPES,
	storeOf,
	usableResource,
	blockedNumber,
	review,
	publicResource,
	serveUpload,
	control,
});
