// Mutation testing (StrykerJS, jest runner): `npm run mutate`, not part of CI. See docs/mutation.md.
//
// The in-process tests load the package from dist/, so the sandbox's dist/ is rebuilt from the
// instrumented sources (buildCommand): a mutant is active in the unit tests (which import the source)
// and in the in-process tests (which load dist/) alike, switched by the same global.
//
// `npm run mutate` mutates the security core (CORE below) and runs only the tests that reach it;
// `npm run mutate -- --mutate credentials/volcengine/signing.ts` one of them, with its own tests;
// any other file: `MUTATE_TESTS="test/a.test.ts test/b.test.ts" npm run mutate -- --mutate nodes/x.ts`.

/** The security core and the tests that reach it (unit tests on the source, in-process tests on dist/). */
const CORE = {
	'credentials/volcengine/signing.ts': [
		'test/credentials/signing.test.ts',
		'test/credentials/VolcengineVmsApi.credentials.test.ts',
		'test/credentials/credential-test.inprocess.test.ts',
	],
	'nodes/VolcengineVmsTrigger/verify.ts': [
		'test/nodes/VolcengineVmsTrigger/verify.test.ts',
		'test/nodes/VolcengineVmsTrigger/verify.forged.test.ts',
		'test/nodes/VolcengineVmsTrigger/webhook.test.ts',
	],
	'nodes/VolcengineVmsTrigger/dedup.ts': [
		'test/nodes/VolcengineVmsTrigger/dedup.test.ts',
		'test/nodes/VolcengineVmsTrigger/webhook.test.ts',
	],
	'nodes/VolcengineVms/transport/limiter.ts': [
		// Not rate.test.ts or load.test.ts (in process, real time, minutes each): limiter.unit.test.ts runs the same
		// scenarios in simulated time.
		'test/nodes/VolcengineVms/limiter.unit.test.ts',
		'test/nodes/VolcengineVms/transport.unit.test.ts',
	],
	'nodes/VolcengineVms/helpers/phone.ts': [
		// Not inputs.unit.test.ts: its phone cases are in phone.unit.test.ts, and its year-long time zone loops
		// would run for each of phone's regular expressions (static mutants run every test).
		'test/nodes/VolcengineVms/phone.unit.test.ts',
		'test/nodes/VolcengineVms/axn.bind.bad-input.test.ts',
	],
};

/** The files given with --mutate (-m), without mutation ranges; the whole core when none. */
function mutatedFiles(argv) {
	const at = argv.findIndex((arg) => arg === '--mutate' || arg === '-m');
	if (at === -1 || !argv[at + 1]) return Object.keys(CORE);
	return argv[at + 1].split(',').map((file) => file.replace(/:[\d:-]+$/, ''));
}

function testsFor(files) {
	if (process.env.MUTATE_TESTS) return process.env.MUTATE_TESTS.split(/[\s,]+/).filter(Boolean);
	const unknown = files.filter((file) => !CORE[file]);
	if (unknown.length > 0) {
		throw new Error(`No tests are known for ${unknown.join(', ')}: name them in MUTATE_TESTS (space-separated)`);
	}
	return [...new Set(files.flatMap((file) => CORE[file]))];
}

const tests = testsFor(mutatedFiles(process.argv));

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
	mutate: Object.keys(CORE),
	testRunner: 'jest',
	jest: {
		projectType: 'custom',
		configFile: 'jest.config.js',
		config: { testMatch: tests.map((file) => `<rootDir>/${file}`) },
		enableFindRelatedTests: false,
	},
	// Coverage per test: each mutant runs only the tests that execute its code.
	coverageAnalysis: 'perTest',
	buildCommand: 'npx tsc -p tsconfig.json',
	// The machine is shared: two test processes at most.
	concurrency: 2,
	timeoutMS: 20000,
	ignorePatterns: ['dist', 'docs', 'examples', 'test/e2e', 'test/queue', 'test/browser', 'coverage', 'test-output'],
	tempDirName: '.stryker-tmp',
	reporters: ['clear-text', 'progress', 'html', 'json'],
	htmlReporter: { fileName: 'reports/mutation/index.html' },
	jsonReporter: { fileName: 'reports/mutation/mutation.json' },
	clearTextReporter: { allowColor: false, logTests: false },
	thresholds: { high: 95, low: 90, break: null },
};
