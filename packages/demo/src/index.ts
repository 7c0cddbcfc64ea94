export { runDemo, DemoError } from './demo.js';
export { parseOptions, DemoUsageError, USAGE, type DemoOptions } from './options.js';
export { formatTable, conclude, STYLES, type Style, type Measurement, type DemoReport } from './report.js';
export { startPageServer, PAGE, type PageServer } from './page-server.js';
export { type Progress, TerminalProgress, silentProgress, progressFor } from './progress.js';
