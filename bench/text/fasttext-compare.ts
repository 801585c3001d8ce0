/**
 * Banking77 with all training data: our fastText-style classifier against fastText's own C++ binary
 * (Debian `fasttext`, `-wordNgrams 2 -epoch 25 -lr 0.5`) on the same split, both accuracies and
 * both training times printed. fastText gets a seeded-shuffled training file (the CSV is sorted by
 * label), once on the raw text and once on our tokenisation, so neither side wins on preprocessing.
 *
 *   npx vite-node bench/text/fasttext-compare.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { classificationMetrics } from '../../src/eval/classification/classification-metrics.js';
import { tokenizeText } from '../../src/features/text/tokenize-text.js';
import { createRng } from '../../src/internal/rng.js';
import { trainTextClassifier, type LabelledText } from '../../src/models/text/text-classifier.js';
import { loadBanking77 } from './read-datasets.js';

const SEED = 1;
const { train, test } = await loadBanking77();
const folder = mkdtempSync(path.join(os.tmpdir(), 'sf-fasttext-'));

function fastTextLines(samples: readonly LabelledText[], tokenize: boolean): string {
  return samples.map((sample) => `__label__${sample.label} ${tokenize ? tokenizeText(sample.text).join(' ') : sample.text.replace(/\s+/g, ' ')}`).join('\n') + '\n';
}

function runFastText(tokenize: boolean): { accuracy: number; seconds: number } {
  const shuffled = createRng(SEED).shuffle([...train]);
  const trainFile = path.join(folder, `train-${tokenize}.txt`);
  const testFile = path.join(folder, `test-${tokenize}.txt`);
  const modelPrefix = path.join(folder, `model-${tokenize}`);
  writeFileSync(trainFile, fastTextLines(shuffled, tokenize));
  writeFileSync(testFile, fastTextLines(test, tokenize));
  const started = performance.now();
  execFileSync('fasttext', ['supervised', '-input', trainFile, '-output', modelPrefix, '-wordNgrams', '2', '-epoch', '25', '-lr', '0.5', '-verbose', '0']);
  const seconds = (performance.now() - started) / 1000;
  const output = execFileSync('fasttext', ['predict', `${modelPrefix}.bin`, testFile], { maxBuffer: 64 * 1024 * 1024 }).toString();
  const predicted = output.trim().split('\n').map((line) => line.replace(/^__label__/, ''));
  return { accuracy: classificationMetrics(test.map((sample) => sample.label), predicted).accuracy, seconds };
}

try {
  console.log(`Banking77: ${train.length} train, ${test.length} test, ${new Set(train.map((sample) => sample.label)).size} intents; seed ${SEED}`);
  const raw = runFastText(false);
  console.log(`fastText C++ (raw text):          accuracy ${raw.accuracy.toFixed(4)}  train ${raw.seconds.toFixed(2)} s`);
  const tokenized = runFastText(true);
  console.log(`fastText C++ (our tokenisation):  accuracy ${tokenized.accuracy.toFixed(4)}  train ${tokenized.seconds.toFixed(2)} s`);
  const started = performance.now();
  const model = trainTextClassifier(train, { seed: SEED, wordNgrams: 2, epochs: 25, lr: 0.5 });
  const seconds = (performance.now() - started) / 1000;
  const metrics = classificationMetrics(test.map((sample) => sample.label), model.predictBatch(test.map((sample) => sample.text)).map((prediction) => prediction.label));
  console.log(`SampleForge fasttext (TS, 1 core): accuracy ${metrics.accuracy.toFixed(4)}  train ${seconds.toFixed(2)} s  (macro F1 ${metrics.macroF1.toFixed(4)})`);
  const best = Math.max(raw.accuracy, tokenized.accuracy);
  const fastest = Math.min(raw.seconds, tokenized.seconds);
  console.log(`accuracy: ours ${metrics.accuracy.toFixed(4)} vs best fastText ${best.toFixed(4)} -> ${metrics.accuracy >= best ? 'PASS' : 'FAIL'} (bar: ours >= fastText)`);
  console.log(`time: ours ${seconds.toFixed(2)} s vs fastest fastText ${fastest.toFixed(2)} s = ${(seconds / fastest).toFixed(2)}x -> ${seconds <= 2 * fastest ? 'PASS' : 'FAIL'} (bar: <= 2x)`);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
