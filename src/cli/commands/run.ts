/** `sampleforge run CONFIG`: the whole job, into a run directory, with progress and a report. */
import { defineCommand } from 'citty';
import { loadConfigFile } from '../../config/load.js';
import { configSchema } from '../../config/schema.js';
import { createLocalExecutor } from '../../pipeline/local-executor.js';
import { BUILTIN_SHARD_TASKS } from '../../pipeline/builtin-tasks.js';
import { runPipeline } from '../../pipeline/run-pipeline.js';
import { buildReport } from '../../report/build-report.js';
import { createDistributedExecutor } from '../../workers/distributed-executor.js';
import { printResult, type CliIo } from '../io.js';
import { createProgressRenderer } from '../progress.js';

export function runCommand(io: CliIo) {
  return defineCommand({
    meta: { name: 'run', description: 'Run the job a config describes: ingest, clean, label, split, augment, train, evaluate, report' },
    args: {
      config: { type: 'positional', description: 'YAML config file', required: true },
      force: { type: 'boolean', description: 'replace an existing run directory' },
      resume: { type: 'boolean', description: 'continue an existing run after its last completed stage' },
      output: { type: 'string', description: 'folder for run directories (overrides output.dir)' },
      json: { type: 'boolean', description: 'print the result as JSON' },
      quiet: { type: 'boolean', description: 'no progress on stderr' },
    },
    async run({ args }) {
      const loaded = await loadConfigFile(configSchema, args.config);
      const config = args.output ? { ...loaded, output: { ...loaded.output, dir: args.output } } : loaded;
      const distributed = config.queue.redis
        ? createDistributedExecutor({ redisUrl: config.queue.redis, queueName: config.queue.name, attempts: config.queue.attempts })
        : undefined;
      const listener = createProgressRenderer(io, { quiet: Boolean(args.quiet) || Boolean(args.json) });
      try {
        const result = await runPipeline(config, {
          force: Boolean(args.force),
          resume: Boolean(args.resume),
          listener,
          executor: distributed ?? createLocalExecutor(BUILTIN_SHARD_TASKS),
        });
        const report = await buildReport(result.runDir);
        printResult(io, Boolean(args.json), { runDir: result.runDir, runId: result.runId, report: report.path, metrics: result.metrics, warnings: result.warnings }, () => renderSummary(result.runDir, report.path, result.metrics));
      } finally {
        await distributed?.close();
      }
    },
  });
}

function renderSummary(runDir: string, reportPath: string, metrics: import('../../types.js').RunMetrics): string {
  const lines = [`run directory: ${runDir}`, `report:        ${reportPath}`];
  const metric = metrics.primaryMetric;
  for (const variant of metrics.variants) {
    const summary = variant.metrics.test?.[metric];
    if (summary) lines.push(`  ${variant.name.padEnd(20)} test ${metric} ${summary.mean.toFixed(4)} ± ${summary.std.toFixed(4)} (${variant.seeds.length} seeds)`);
  }
  for (const comparison of metrics.comparisons.filter((entry) => entry.metric === metric)) {
    const p = typeof comparison.pValue === 'number' && Number.isFinite(comparison.pValue) ? comparison.pValue.toPrecision(2) : 'n/a (needs 2+ seeds)';
    lines.push(`  ${comparison.variant} vs ${comparison.baseline}: ${(comparison.relativeLift * 100).toFixed(1)}% (${comparison.test} p = ${p})`);
  }
  for (const verdict of metrics.alignment ?? []) lines.push(`  alignment ${verdict.verdict} (${verdict.aligned}): ${verdict.reason}`);
  for (const [name, entry] of Object.entries(metrics.tableQuality ?? {})) {
    const mark = (passed: boolean) => (passed ? 'ok' : 'below bar');
    lines.push(
      `  table ${name}: ${entry.syntheticRows} rows (${entry.refusedCopies} copies refused); shapes ${entry.columnShapes.toFixed(4)} ${mark(entry.passed.columnShapes)}, ` +
        `pairs ${entry.pairTrends.toFixed(4)} ${mark(entry.passed.pairTrends)}, detection AUC ${entry.detectionAuc.toFixed(4)} ${mark(entry.passed.detectionAuc)}, copies ${entry.copies}; ` +
        `DCR median ${entry.privacy.synthetic.median.toFixed(4)} (real-real ${entry.privacy.realToReal.median.toFixed(4)}); bootstrap shapes ${entry.bootstrap.columnShapes.toFixed(4)}, pairs ${entry.bootstrap.pairTrends.toFixed(4)}`,
    );
  }
  return lines.join('\n');
}
