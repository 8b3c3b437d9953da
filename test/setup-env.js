// Runs before each test file's imports: @n8n/config reads the environment once, on first use.
const os = require('node:os');
const path = require('node:path');

process.env.N8N_USER_FOLDER = path.join(os.tmpdir(), 'n8n-nodes-volcengine-vms-tests');
process.env.N8N_LOG_LEVEL = 'silent';
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
