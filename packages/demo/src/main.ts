/**
 * `npm run demo`: the command line around `runDemo()`. Exit status 0 on success, 1 when the demo
 * could not run (port taken, URL unreachable), 2 for a bad command line.
 */
import { DemoError, runDemo } from './demo.js';
import { DemoUsageError, USAGE, parseOptions } from './options.js';
import { progressFor } from './progress.js';
import { formatTable } from './report.js';

async function main(argv: readonly string[]): Promise<number> {
  let options;
  try {
    options = parseOptions(argv);
  } catch (error) {
    if (!(error instanceof DemoUsageError)) throw error;
    console.error(`demo: ${error.message}`);
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  if (!options.json) {
    const what = options.url ?? `an embedded server on 127.0.0.1 answering after ${options.delay} s`;
    console.log(`Fetching ${options.counts.join(', ')} page(s) from ${what}, in each way:\n`);
  }
  try {
    const report = await runDemo(options, progressFor(process.stderr));
    if (options.json) console.log(JSON.stringify(report, null, 2));
    else console.log(`${formatTable(report.counts, report.measurements)}\n\n${report.conclusion}`);
    return 0;
  } catch (error) {
    if (!(error instanceof DemoError)) throw error;
    console.error(`demo: ${error.message}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
