/**
 * End-to-end: the packed package inside a real n8n (the pinned version, or E2E_N8N_VERSION) against the
 * VMS emulator. `npm run test:e2e`; see test/e2e/README.md. Plain CommonJS tests, no transform.
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.test.js'],
	transform: {},
	globalSetup: '<rootDir>/test/e2e/global-setup.js',
	globalTeardown: '<rootDir>/test/e2e/global-teardown.js',
	// One n8n user folder (SQLite) and one emulator are shared: run the files one after another.
	maxWorkers: 1,
	// Each `n8n execute` starts a whole n8n (about 10 s).
	testTimeout: 5 * 60 * 1000,
	slowTestThreshold: 60,
};
