/**
 * The package in n8n queue mode (`npm run test:queue`; see test/queue/README.md): PostgreSQL, Redis,
 * one main, two workers, webhook processors. One file, one stack, tests in order.
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/queue'],
	testMatch: ['**/*.test.js'],
	transform: {},
	maxWorkers: 1,
	testTimeout: 10 * 60 * 1000,
	slowTestThreshold: 120,
};
