/**
 * Banking77 with all training data: our fastText-style classifier against fastText's own C++ binary
 * (Debian `fasttext`, `-wordNgrams 2 -epoch 25 -lr 0.5`) on the same split, both accuracies and
 * both training times printed. fastText gets a seeded-shuffled training file (the CSV is sorted by
 * label), once on the raw text and once on our tokenisation, so neither side wins on preprocessing.
 * One seed is not enough to call a difference of a few test examples, so both run with seeds 1..N
 * (fastText `-seed s -thread 2`, the machine's cores; our trainer on one core) and the bar compares
 * means, with the per-seed values and a paired t-test printed.
 *
 *   npx vite-node bench/text/fasttext-compare.ts [seeds=5]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { classificationMetrics } from '../../src/eval/classification/classification-metrics.js';
import { pairedTTest } from '../../src/eval/stats/paired-t-test.js';
import { summarize } from '../../src/eval/stats/summarize.js';
import { tokenizeText } from '../../src/features/text/tokenize-text.js';
import { createRng } from '../../src/internal/rng.js';
import { trainTextClassifier, type LabelledText } from '../../src/models/text/text-classifier.js';
import { loadBanking77 } from './read-datasets.js';

const SEEDS = Array.from({ length: Number(process.argv[2] ?? 5) }, (_, i) => i + 1);
const { train, test } = await loadBanking77();
const folder = mkdtempSync(path.join(os.tmpdir(), 'sf-fasttext-'));

function fastTextLines(samples: readonly LabelledText[], tokenize: boolean): string {
  return samples.map((sample) => `__label__${sample.label} ${tokenize ? tokenizeText(sample.text).join(' ') : sample.text.replace(/\s+/g, ' ')}`).join('\n') + '\n';
}

function runFastText(tokenize: boolean, seed: number): { accuracy: number; seconds: number } {
  const shuffled = createRng(seed).shuffle([...train]);
  const trainFile = path.join(folder, `train-${tokenize}-${seed}.txt`);
  const testFile = path.join(folder, `test-${tokenize}.txt`);
  const modelPrefix = path.join(folder, `model-${tokenize}-${seed}`);
  writeFileSync(trainFile, fastTextLines(shuffled, tokenize));
  writeFileSync(testFile, fastTextLines(test, tokenize));
  const started = performance.now();
  execFileSync('fasttext', ['supervised', '-input', trainFile, '-output', modelPrefix, '-wordNgrams', '2', '-epoch', '25', '-lr', '0.5', '-thread', '2', '-seed', String(seed), '-verbose', '0']);
  const seconds = (performance.now() - started) / 1000;
  const output = execFileSync('fasttext', ['predict', `${modelPrefix}.bin`, testFile], { maxBuffer: 64 * 1024 * 1024 }).toString();
  const predicted = output.trim().split('\n').map((line) => line.replace(/^__label__/, ''));
  return { accuracy: classificationMetrics(test.map((sample) => sample.label), predicted).accuracy, seconds };
}

function runOurs(seed: number): { accuracy: number; seconds: number; macroF1: number } {
  const started = performance.now();
  const model = trainTextClassifier(train, { seed, wordNgrams: 2, epochs: 25, lr: 0.5 });
  const seconds = (performance.now() - started) / 1000;
  const metrics = classificationMetrics(test.map((sample) => sample.label), model.predictBatch(test.map((sample) => sample.text)).map((prediction) => prediction.label));
  return { accuracy: metrics.accuracy, seconds, macroF1: metrics.macroF1 };
}

const f = (value: number): string => value.toFixed(4);
try {
  console.log(`Banking77: ${train.length} train, ${test.length} test, ${new Set(train.map((sample) => sample.label)).size} intents; seeds ${SEEDS.join(',')}`);
  const raw = runFastText(false, SEEDS[0]);
  console.log(`fastText C++ on raw text (seed ${SEEDS[0]}, for reference): accuracy ${f(raw.accuracy)}  train ${raw.seconds.toFixed(2)} s`);
  const theirs: { accuracy: number; seconds: number }[] = [];
  const ours: { accuracy: number; seconds: number; macroF1: number }[] = [];
  for (const seed of SEEDS) {
    theirs.push(runFastText(true, seed));
    ours.push(runOurs(seed));
    console.log(`seed ${seed}: fastText C++ (our tokenisation) ${f(theirs.at(-1)!.accuracy)} in ${theirs.at(-1)!.seconds.toFixed(2)} s | SampleForge ${f(ours.at(-1)!.accuracy)} in ${ours.at(-1)!.seconds.toFixed(2)} s (macro F1 ${f(ours.at(-1)!.macroF1)})`);
  }
  const a = summarize(ours.map((run) => run.accuracy));
  const b = summarize(theirs.map((run) => run.accuracy));
  const oursSeconds = summarize(ours.map((run) => run.seconds)).mean;
  const theirSeconds = summarize(theirs.map((run) => run.seconds)).mean;
  const paired = SEEDS.length > 1 ? pairedTTest(theirs.map((run) => run.accuracy), ours.map((run) => run.accuracy)) : undefined;
  console.log(`accuracy: ours ${f(a.mean)} +- ${f(a.std)} vs fastText ${f(b.mean)} +- ${f(b.std)} (${SEEDS.length} seeds${paired ? `, paired t p=${paired.pValue.toPrecision(3)}` : ''}) -> ${a.mean >= b.mean ? 'PASS' : 'FAIL'} (bar: ours >= fastText)`);
  console.log(`time: ours ${oursSeconds.toFixed(2)} s (1 core) vs fastText ${theirSeconds.toFixed(2)} s (2 threads) = ${(oursSeconds / theirSeconds).toFixed(2)}x -> ${oursSeconds <= 2 * theirSeconds ? 'PASS' : 'FAIL'} (bar: <= 2x)`);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
