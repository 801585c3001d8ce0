/**
 * The shared part of the Beauty long-tail comparisons (`attributes-longtail.ts`,
 * `features-longtail.ts`): SASRec without item side information against SASRec with it, same seeds
 * and options, early stopping on validation NDCG@10, reported on the evaluator's `long-tail` slice
 * (test targets with fewer than 10 training interactions) and overall, as mean ± spread over seeds
 * with a paired t-test.
 *
 * Trainings take hours here, so each finished seed is written to `--results` at once (atomically),
 * and a run started again with the same `--results` file and the same options skips the seeds that
 * file already holds: a killed run loses at most the training in progress. `--only` runs one
 * variant per process (one per core) and `--combine a.json,b.json` reports their files together
 * (a variant may come from several files, one per seed set).
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { evaluateRanking } from '../../src/eval/ranking/evaluate-ranking.js';
import { pairedTTest } from '../../src/eval/stats/paired-t-test.js';
import { summarize } from '../../src/eval/stats/summarize.js';
import type { LeaveOneOutData } from '../../src/models/recommender.js';
import type { SasrecModel } from '../../src/models/sasrec/sasrec-model.js';
import { trainSasrec, type TrainSasrecOptions } from '../../src/train/sasrec/train-sasrec.js';

export interface VariantResult {
  seeds: number[];
  tail: number[];
  overall: number[];
  overallHr: number[];
  tailUsers: number;
}
export type Results = Record<string, VariantResult>;

export interface LongTailComparison {
  /** The treatment's name (the baseline is always `baseline`), e.g. `attributes`. */
  treatment: string;
  /** What the bar says, for the verdict line. */
  barText: string;
  /** Extra command-line options of the bench (all strings), with defaults. */
  extraOptions?: Record<string, { type: 'string'; default: string }>;
  /** Loads the data and builds the treatment's extra training options (called once, not for --combine). */
  setup(values: Record<string, string | undefined>, treatmentRuns: boolean): Promise<{ data: LeaveOneOutData; treatment: Partial<TrainSasrecOptions> }>;
  /** Extra text for a trained model's result line (e.g. learned block weights). */
  describe?(model: SasrecModel): string;
}

const signed = (value: number): string => `${value >= 0 ? '+' : ''}${value.toFixed(4)}`;
const pText = (value: number): string => (Number.isNaN(value) ? 'n/a' : value.toFixed(4));

/** Parses the shared options, trains (or combines) and prints the report. */
export async function runLongTailComparison(spec: LongTailComparison): Promise<Results> {
  const { values } = parseArgs({
    options: {
      seeds: { type: 'string', default: '1,2,3' },
      epochs: { type: 'string', default: '200' },
      patience: { type: 'string', default: '10' },
      'valid-every': { type: 'string', default: '2' },
      loss: { type: 'string', default: 'bce' },
      only: { type: 'string' },
      results: { type: 'string' },
      combine: { type: 'string' },
      ...spec.extraOptions,
    },
    allowPositionals: true,
  });
  const names = ['baseline', spec.treatment];
  if (values.only !== undefined && !names.includes(values.only)) throw new Error(`--only ${values.only}: expected one of ${names.join(', ')}`);
  const results = values.combine ? combineFiles(values.combine.split(',')) : await train(spec, values as Record<string, string | undefined>, names);
  report(spec, names, results);
  return results;
}

/** The options that must match for a results file to be resumed (everything but the file names). */
function trainingOptions(values: Record<string, string | undefined>): Record<string, string | undefined> {
  const { results: _results, combine: _combine, seeds: _seeds, ...rest } = values;
  return rest;
}

function readResults(file: string, options: Record<string, string | undefined>): Results {
  if (!existsSync(file)) return {};
  const saved = JSON.parse(readFileSync(file, 'utf8')) as { trainingOptions?: Record<string, string | undefined>; results: Results };
  if (JSON.stringify(saved.trainingOptions) !== JSON.stringify(options)) {
    throw new Error(`${file} holds results of other options (${JSON.stringify(saved.trainingOptions)}, now ${JSON.stringify(options)}); pass another --results file or delete it`);
  }
  return saved.results;
}

function writeResults(file: string, options: Record<string, string | undefined>, results: Results): void {
  writeFileSync(`${file}.tmp`, JSON.stringify({ trainingOptions: options, results }, null, 2));
  renameSync(`${file}.tmp`, file);
}

async function train(spec: LongTailComparison, values: Record<string, string | undefined>, names: string[]): Promise<Results> {
  const options = trainingOptions(values);
  const results = values.results ? readResults(values.results, options) : {};
  const variants = names.filter((name) => values.only === undefined || values.only === name);
  const { data, treatment } = await spec.setup(values, variants.includes(spec.treatment));
  const common: Omit<TrainSasrecOptions, 'seed'> = {
    loss: values.loss as 'bce' | 'ce',
    epochs: Number(values.epochs),
    patience: Number(values.patience),
    validEvery: Number(values['valid-every']),
  };
  for (const seed of (values.seeds ?? '').split(',').map(Number)) {
    for (const name of variants) {
      if (results[name]?.seeds.includes(seed)) {
        console.log(`seed ${seed} ${name.padEnd(10)} already in ${values.results}; skipped`);
        continue;
      }
      const started = performance.now();
      const { model, bestEpoch, history } = await trainSasrec(data, { ...common, ...(name === 'baseline' ? {} : treatment), seed });
      const test = await evaluateRanking(model, data, { split: 'test', ks: [10], slices: { longTailBelow: 10 } });
      const tail = test.slices['long-tail'];
      const entry = (results[name] ??= { seeds: [], tail: [], overall: [], overallHr: [], tailUsers: tail.users });
      entry.seeds.push(seed);
      entry.tail.push(tail.metrics['ndcg@10']);
      entry.overall.push(test.metrics['ndcg@10']);
      entry.overallHr.push(test.metrics['hr@10']);
      if (values.results) writeResults(values.results, options, results);
      const perEpoch = history.reduce((sum, record) => sum + record.seconds, 0) / history.length;
      console.log(
        `seed ${seed} ${name.padEnd(10)} best epoch ${bestEpoch} of ${history.length}, ${((performance.now() - started) / 60000).toFixed(1)} min (${perEpoch.toFixed(1)} s per epoch): ` +
          `test NDCG@10 ${test.metrics['ndcg@10'].toFixed(4)}, HR@10 ${test.metrics['hr@10'].toFixed(4)}, long-tail NDCG@10 ${tail.metrics['ndcg@10'].toFixed(4)} (${tail.users} users)${spec.describe?.(model) ?? ''}`,
      );
    }
  }
  return results;
}

function combineFiles(files: string[]): Results {
  const merged: Results = {};
  for (const file of files) {
    const { results: part } = JSON.parse(readFileSync(file, 'utf8')) as { results: Results };
    for (const [name, entry] of Object.entries(part)) {
      const into = merged[name];
      if (into === undefined) {
        merged[name] = { ...entry, seeds: [...entry.seeds], tail: [...entry.tail], overall: [...entry.overall], overallHr: [...entry.overallHr] };
        continue;
      }
      // The same variant from several processes (e.g. one per seed): seeds must not repeat.
      const repeated = entry.seeds.filter((seed) => into.seeds.includes(seed));
      if (repeated.length > 0) throw new Error(`${file}: variant ${name} seed ${repeated.join(',')} is already in an earlier file; pass each seed once`);
      into.seeds.push(...entry.seeds);
      into.tail.push(...entry.tail);
      into.overall.push(...entry.overall);
      into.overallHr.push(...entry.overallHr);
    }
  }
  return merged;
}

/** Pairs a variant's values with the baseline's by seed (the seeds both ran), in the baseline's order. */
function paired(baseline: VariantResult, other: VariantResult, key: 'tail' | 'overall' | 'overallHr'): { seeds: number[]; a: number[]; b: number[] } {
  const seeds = baseline.seeds.filter((seed) => other.seeds.includes(seed));
  return {
    seeds,
    a: seeds.map((seed) => baseline[key][baseline.seeds.indexOf(seed)]),
    b: seeds.map((seed) => other[key][other.seeds.indexOf(seed)]),
  };
}

function report(spec: LongTailComparison, names: string[], results: Results): void {
  const line = (numbers: number[]): string => {
    const summary = summarize(numbers);
    return `${summary.mean.toFixed(4)} ± ${summary.std.toFixed(4)}`;
  };
  const present = names.filter((name) => results[name]);
  for (const name of present) {
    const entry = results[name];
    console.log(
      `mean of ${entry.seeds.length} seeds (${entry.seeds.join(',')}), ${name.padEnd(10)} long-tail NDCG@10 ${line(entry.tail)} (${entry.tailUsers} users); overall NDCG@10 ${line(entry.overall)}, HR@10 ${line(entry.overallHr)}`,
    );
  }
  if (present.length < 2) return;
  const tail = paired(results.baseline, results[spec.treatment], 'tail');
  const overall = paired(results.baseline, results[spec.treatment], 'overall');
  const tailTest = pairedTTest(tail.a, tail.b);
  const overallTest = pairedTTest(overall.a, overall.b);
  console.log(
    `${spec.treatment} - baseline over seeds ${tail.seeds.join(',')}: long-tail ${signed(tailTest.meanDifference)} (paired t p = ${pText(tailTest.pValue)}), ` +
      `overall ${signed(overallTest.meanDifference)} (p = ${pText(overallTest.pValue)})`,
  );
  const n = tail.seeds.length;
  const verdict = n < 3 ? `not decided (${n} paired seed${n === 1 ? '' : 's'}; the bar asks for 3)` : tailTest.meanDifference > 0 ? 'met' : 'NOT met';
  console.log(`bar: ${spec.barText}, mean of 3 seeds -> ${verdict}`);
}
