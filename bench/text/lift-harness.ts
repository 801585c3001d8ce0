/** The experiment behind lift.ts: for each training size, a baseline and an augmented variant over the same seeds. */
import path from 'node:path';
import { loadCilinThesaurus } from '../../src/augment/text/cilin-thesaurus.js';
import { createChineseCharNoiseAugmenter } from '../../src/augment/text/chinese-char-noise.js';
import { createEdaAugmenter } from '../../src/augment/text/eda.js';
import { createChineseRules, createEnglishRules } from '../../src/augment/text/language-rules.js';
import { createTypoAugmenter } from '../../src/augment/text/typo.js';
import { loadWordNetThesaurus } from '../../src/augment/text/wordnet-thesaurus.js';
import type { ClassifierConfigInput } from '../../src/config/classifier.js';
import { evaluateTextVariant } from '../../src/eval/classification/evaluate-text-variant.js';
import { sampleKPerLabel, stratifiedSplit } from '../../src/eval/classification/few-shot.js';
import { compareVariants } from '../../src/eval/stats/compare-variants.js';
import { createRng, deriveSeed } from '../../src/internal/rng.js';
import type { LabelledText } from '../../src/models/text/text-classifier.js';
import { exactDuplicateFilter } from '../../src/quality/filters/exact-duplicate.js';
import { labelConsistencyFilter } from '../../src/quality/filters/label-consistency.js';
import { nearDuplicateFilter } from '../../src/quality/filters/near-duplicate.js';
import { applyFilters, type SampleFilter } from '../../src/quality/filters/sample-filter.js';
import { similarityBoundsFilter } from '../../src/quality/filters/similarity-bounds.js';
import type { Augmenter, TextSample } from '../../src/types.js';
import { DATA_ROOT } from './read-datasets.js';

export interface LiftDataset {
  name: string;
  language: 'en' | 'zh';
  train: LabelledText[];
  test: LabelledText[];
}

export interface LiftOptions {
  dataset: LiftDataset;
  sizes: ({ k: number } | { fraction: number } | { all: true })[];
  seeds: number[];
  outputsPerInput: number;
  alpha: number;
  noiseOutputs: number;
  filters: string[];
  classifier: ClassifierConfigInput;
}

async function createAugmenters(options: LiftOptions): Promise<Augmenter<TextSample>[]> {
  if (options.dataset.language === 'zh') {
    const thesaurus = await loadCilinThesaurus({ path: path.join(DATA_ROOT, 'hanlp-core-synonym', 'CoreSynonym.txt') });
    const rules = createChineseRules({ thesaurus });
    const augmenters = [createEdaAugmenter({ rules, alpha: options.alpha, outputsPerInput: options.outputsPerInput })];
    if (options.noiseOutputs > 0) augmenters.push(createChineseCharNoiseAugmenter({ rules, alpha: options.alpha, outputsPerInput: options.noiseOutputs }));
    return augmenters;
  }
  const thesaurus = await loadWordNetThesaurus();
  const rules = createEnglishRules({ thesaurus });
  const augmenters = [createEdaAugmenter({ rules, alpha: options.alpha, outputsPerInput: options.outputsPerInput })];
  if (options.noiseOutputs > 0) augmenters.push(createTypoAugmenter({ rules, alpha: options.alpha, outputsPerInput: options.noiseOutputs }));
  return augmenters;
}

function createFilters(names: string[]): SampleFilter<TextSample>[] {
  return names.map((name) => {
    if (name === 'exact') return exactDuplicateFilter();
    if (name === 'near') return nearDuplicateFilter();
    if (name === 'bounds') return similarityBoundsFilter();
    if (name === 'label') return labelConsistencyFilter({ minConfidence: 0.3 });
    throw new Error(`unknown filter ${name}; use exact, near, bounds or label`);
  });
}

const format = (value: number): string => value.toFixed(4);

export async function runLift(options: LiftOptions): Promise<void> {
  const { dataset } = options;
  const augmenters = await createAugmenters(options);
  const filters = createFilters(options.filters);
  console.log(
    `${dataset.name}: ${dataset.train.length} train, ${dataset.test.length} test, ${new Set(dataset.train.map((s) => s.label)).size} labels; ` +
      `seeds ${options.seeds.join(',')}; augmenters ${augmenters.map((a) => a.name).join('+')} (outputs ${options.outputsPerInput}, noise ${options.noiseOutputs}, alpha ${options.alpha}); ` +
      `filters ${options.filters.join(',') || 'none'}; classifier ${JSON.stringify(options.classifier)}`,
  );
  for (const size of options.sizes) {
    const sizeName = 'k' in size ? `k=${size.k}` : 'fraction' in size ? `fraction=${size.fraction}` : 'all';
    const realFor = (seed: number): TextSample[] => {
      const rng = createRng(deriveSeed(seed, 'few-shot', sizeName));
      const picked = 'k' in size ? sampleKPerLabel(dataset.train, size.k, rng) : 'fraction' in size ? stratifiedSplit(dataset.train, size.fraction, rng).second : dataset.train;
      return picked.map((sample, i) => ({ id: `real-${i}`, text: sample.text, label: sample.label, language: dataset.language }));
    };
    const started = performance.now();
    const baseline = await evaluateTextVariant({
      name: 'baseline',
      seeds: options.seeds,
      test: dataset.test,
      classifier: options.classifier,
      buildTrainingSet: (seed) => ({ train: realFor(seed).map(toLabelled), synthetic: 0 }),
    });
    let droppedTotal = 0;
    const augmented = await evaluateTextVariant({
      name: 'augmented',
      augmenters: augmenters.map((augmenter) => augmenter.name),
      seeds: options.seeds,
      test: dataset.test,
      classifier: options.classifier,
      buildTrainingSet: async (seed) => {
        const real = realFor(seed);
        const synthetic = [];
        for (const augmenter of augmenters) {
          const augmentSeed = deriveSeed(seed, augmenter.name);
          synthetic.push(...(await augmenter.augment(real, { rng: createRng(augmentSeed), seed: augmentSeed })));
        }
        const { kept, dropped } = await applyFilters(synthetic, filters, { real, seed });
        droppedTotal += dropped.length;
        return { train: [...real, ...kept.map((sample) => sample.sample)].map(toLabelled), synthetic: kept.length };
      },
    });
    const [comparison] = compareVariants(baseline, augmented, { metrics: ['accuracy'] });
    const macro = compareVariants(baseline, augmented, { metrics: ['macroF1'] })[0];
    const b = baseline.metrics.test.accuracy;
    const a = augmented.metrics.test.accuracy;
    console.log(
      `${dataset.name} ${sizeName}: baseline accuracy ${format(b.mean)} +- ${format(b.std)} | augmented ${format(a.mean)} +- ${format(a.std)} | ` +
        `lift ${(comparison.lift * 100).toFixed(2)} points, paired t p=${comparison.pValue.toPrecision(3)} | ` +
        `macro F1 ${format(baseline.metrics.test.macroF1.mean)} -> ${format(augmented.metrics.test.macroF1.mean)} (p=${macro.pValue.toPrecision(3)}) | ` +
        `train ${baseline.trainSamples} real + ${augmented.syntheticSamples} synthetic (dropped ${Math.round(droppedTotal / options.seeds.length)}/seed) | ` +
        `${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    console.log(`  per seed baseline ${b.values.map(format).join(' ')} | augmented ${a.values.map(format).join(' ')}`);
  }
}

function toLabelled(sample: TextSample): LabelledText {
  return { text: sample.text, label: sample.label as string };
}
