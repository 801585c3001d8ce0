/**
 * Few-shot lift of classical text augmentation: baseline and augmented variants trained with the
 * same seeds on the same few-shot samples, mean +- std over seeds and a paired t-test.
 *
 *   npx vite-node bench/text/lift.ts --dataset banking77 --k 10 --seeds 5 --epochs 100 --outputs 16   (also --k 5, --k 20)
 *   npx vite-node bench/text/lift.ts --dataset banking77 --k all --seeds 5 --epochs 25 --outputs 4     (EDA paper: n_aug 4 for large sets)
 *   npx vite-node bench/text/lift.ts --dataset bitext --k 10 --seeds 5 --epochs 100 --outputs 16
 *   npx vite-node bench/text/lift.ts --dataset zh --fraction 0.01 --seeds 5 --epochs 30 --dim 32 --outputs 16
 *
 * Options: --outputs N (EDA outputs per input), --alpha A, --epochs E, --filters a,b (exact,near,label,bounds),
 * --noise N (typo / Chinese character-noise outputs per input), --dim D.
 */
import { parseArgs } from 'node:util';
import { runLift, type LiftDataset } from './lift-harness.js';
import { loadBanking77, loadBitext, loadOnlineShopping } from './read-datasets.js';
import { stratifiedSplit } from '../../src/eval/classification/few-shot.js';
import { createRng } from '../../src/internal/rng.js';

const { values } = parseArgs({
  options: {
    dataset: { type: 'string', default: 'banking77' },
    k: { type: 'string', default: '10' },
    fraction: { type: 'string' },
    seeds: { type: 'string', default: '5' },
    outputs: { type: 'string', default: '9' },
    alpha: { type: 'string', default: '0.1' },
    epochs: { type: 'string', default: '50' },
    dim: { type: 'string', default: '100' },
    filters: { type: 'string', default: 'exact' },
    noise: { type: 'string', default: '0' },
    lr: { type: 'string', default: '0.5' },
  },
});

let dataset: LiftDataset;
if (values.dataset === 'banking77') dataset = { name: 'banking77', language: 'en', ...(await loadBanking77()) };
else if (values.dataset === 'bitext') dataset = { name: 'bitext', language: 'en', ...(await loadBitext()) };
else if (values.dataset === 'zh') {
  const all = await loadOnlineShopping();
  // A fixed seeded 20 % stratified test split; training subsets vary with the run seeds.
  const { first, second } = stratifiedSplit(all, 0.2, createRng(20260101));
  dataset = { name: 'online_shopping_10_cats', language: 'zh', train: first, test: second };
} else throw new Error(`unknown --dataset ${values.dataset}; use banking77, bitext or zh`);

const sizes = values.fraction !== undefined
  ? values.fraction.split(',').map((fraction) => ({ fraction: Number(fraction) }))
  : values.k.split(',').map((k) => (k === 'all' ? { all: true as const } : { k: Number(k) }));

await runLift({
  dataset,
  sizes,
  seeds: Array.from({ length: Number(values.seeds) }, (_, i) => i + 1),
  outputsPerInput: Number(values.outputs),
  alpha: Number(values.alpha),
  noiseOutputs: Number(values.noise),
  filters: values.filters === 'none' ? [] : values.filters.split(','),
  classifier: { epochs: Number(values.epochs), dim: Number(values.dim), lr: Number(values.lr) },
});
