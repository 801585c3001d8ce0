/** `sampleforge report RUN_DIR` rebuilds report.html; `sampleforge compare RUN_A RUN_B` sets two runs side by side. */
import { defineCommand } from 'citty';
import { resolve } from 'node:path';
import { buildReport } from '../../report/build-report.js';
import { compareRuns } from '../../report/compare-runs.js';
import { printResult, type CliIo } from '../io.js';

export function reportCommand(io: CliIo) {
  return defineCommand({
    meta: { name: 'report', description: 'Rebuild report.html of a run directory' },
    args: {
      run: { type: 'positional', description: 'run directory', required: true },
      json: { type: 'boolean', description: 'print JSON' },
    },
    async run({ args }) {
      const result = await buildReport(resolve(args.run));
      printResult(io, Boolean(args.json), result, () => `${result.path} (${(result.bytes / 1e6).toFixed(2)} MB, ${result.samples} samples)`);
    },
  });
}

export function compareCommand(io: CliIo) {
  return defineCommand({
    meta: { name: 'compare', description: 'Set two runs side by side in one HTML page' },
    args: {
      a: { type: 'positional', description: 'first run directory', required: true },
      b: { type: 'positional', description: 'second run directory', required: true },
      out: { type: 'string', description: 'where to write the page', default: 'compare.html' },
      json: { type: 'boolean', description: 'print JSON' },
    },
    async run({ args }) {
      const result = await compareRuns(resolve(args.a), resolve(args.b), { outPath: resolve(args.out) });
      printResult(io, Boolean(args.json), { path: result.path }, () => `${result.path}`);
    },
  });
}
