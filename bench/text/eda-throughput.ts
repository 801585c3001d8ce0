/**
 * EDA throughput on one core: Banking77 training texts, English, WordNet synonyms, 9 outputs per
 * input, alpha 0.1. Baseline in the same run: the same edits without per-input preparation, i.e.
 * re-splitting the text, re-finding protected spans and re-looking up synonyms for every output
 * (what a straightforward port of the reference implementation does).
 *
 *   npx vite-node bench/text/eda-throughput.ts
 */
import { createEdaAugmenter } from '../../src/augment/text/eda.js';
import { EDA_OPERATIONS } from '../../src/augment/text/eda-operations.js';
import { createEnglishRules } from '../../src/augment/text/language-rules.js';
import { loadWordNetThesaurus } from '../../src/augment/text/wordnet-thesaurus.js';
import { createRng } from '../../src/internal/rng.js';
import type { TextSample } from '../../src/types.js';
import { loadBanking77 } from './read-datasets.js';

const OUTPUTS = 9;
const { train } = await loadBanking77();
const samples: TextSample[] = train.map((sample, i) => ({ id: `b77-${i}`, text: sample.text, label: sample.label, language: 'en' }));

const loadStarted = performance.now();
const thesaurus = await loadWordNetThesaurus();
console.log(`WordNet load: ${(performance.now() - loadStarted).toFixed(0)} ms (parse ${thesaurus.loadMilliseconds.toFixed(0)} ms), ${thesaurus.size} words with synonyms`);
const rules = createEnglishRules({ thesaurus });

/** Inputs per second of wall time and per second of this process's CPU time (the same on an idle core; CPU time stays meaningful on a shared, overloaded machine). */
async function measure(label: string, run: (batch: TextSample[]) => Promise<number>): Promise<{ wall: number; cpu: number }> {
  await run(samples.slice(0, 1000));
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  const outputs = await run(samples);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const rate = { wall: samples.length / seconds, cpu: samples.length / cpuSeconds };
  console.log(
    `${label}: ${samples.length} inputs -> ${outputs} outputs in ${seconds.toFixed(3)} s wall, ${cpuSeconds.toFixed(3)} s CPU = ` +
      `${Math.round(rate.wall)} inputs/s wall, ${Math.round(rate.cpu)} inputs/CPU-s`,
  );
  return rate;
}

const eda = createEdaAugmenter({ rules, alpha: 0.1, outputsPerInput: OUTPUTS });
const oneShot = new Map(EDA_OPERATIONS.map((operation) => [operation, createEdaAugmenter({ rules, alpha: 0.1, outputsPerInput: 1, operations: [operation] })]));

const baselineRate = await measure('baseline (re-prepare per output)', async (batch) => {
  let count = 0;
  const rng = createRng(7);
  for (const sample of batch) {
    for (let i = 0; i < OUTPUTS; i++) {
      const augmenter = oneShot.get(EDA_OPERATIONS[i % 4]);
      count += (await augmenter!.augment([{ ...sample, id: `${sample.id}/${i}` }], { rng, seed: 7 })).length;
    }
  }
  return count;
});
const ourRate = await measure('SampleForge text/eda (batch)', async (batch) => (await eda.augment(batch, { rng: createRng(7), seed: 7 })).length);
console.log(
  `throughput: ${Math.round(ourRate.wall)} inputs/s wall (${Math.round(ourRate.cpu)} per CPU-second) vs baseline ${Math.round(baselineRate.wall)} wall ` +
    `(${Math.round(baselineRate.cpu)} per CPU-second): ${(ourRate.cpu / baselineRate.cpu).toFixed(2)}x; bar >= 20000/s on one core: ` +
    `wall ${ourRate.wall >= 20000 ? 'PASS' : 'FAIL'}, CPU ${ourRate.cpu >= 20000 ? 'PASS' : 'FAIL'}`,
);
