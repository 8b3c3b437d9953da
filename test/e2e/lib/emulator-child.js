'use strict';
// Runs test/emulator/cli.js (same arguments) as a forked child that exits when its parent goes away,
// so an interrupted test run leaves no emulator behind.
process.on('disconnect', () => process.exit(0));
require('../../emulator/cli.js');
