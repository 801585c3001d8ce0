/**
 * The intent `train` stage: for every training size, the baseline (real texts only), the
 * all-steps variant and one variant per step (ablation), each trained with every seed on exactly
 * the training sets the `augment` stage wrote, tested on the test split, and set against the
 * baseline of the same size with a paired test over seeds.
 *
 * With alignment on, `<size>/aligned` trains on the aligned multiset of all steps' samples, each
 * synthetic copy with its importance weight (real texts weigh 1), and is compared with both the
 * baseline and `<size>/augmented` (the same samples before alignment, unweighted).
 *
 * Variant names are `<size>/<variant>`, e.g. `k10/baseline`, `k10/augmented`, `k10/only-eda`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { IntentConfig } from '../../config/schema.js';
import { SampleForgeError } from '../../errors.js';
import { evaluateTextVariant } from '../../eval/classification/evaluate-text-variant.js';
import { compareVariants } from '../../eval/stats/compare-variants.js';
import { writeJsonAtomic } from '../../internal/atomic-write.js';
import type { LabelledText } from '../../models/text/text-classifier.js';
import type { Comparison, VariantResult } from '../../types.js';
import type { Stage } from '../run-stages.js';
import { VARIANTS_FILE } from '../run-files.js';
import { planVariants, withAlignedVariant, type PlannedVariant } from '../variants.js';
import { textAlignmentEnabled } from './text-alignment.js';
import { TRAINING_SETS_FILE, type TrainingSetLine } from './augment-stage.js';
import { readSplitTexts, resolveSize } from './intent-data.js';

interface TrainingSet {
  real: LabelledText[];
  synthetic: { step: number; sample: LabelledText; copies: number; weight: number }[];
}

async function readTrainingSets(folder: string, byId: ReadonlyMap<string, LabelledText>): Promise<Map<string, TrainingSet>> {
  const file = join(folder, TRAINING_SETS_FILE);
  const sets = new Map<string, TrainingSet>();
  const text = await readFile(file, 'utf8');
  let lineNumber = 0;
  for (const line of text.split('\n')) {
    lineNumber++;
    if (line === '') continue;
    const entry = JSON.parse(line) as TrainingSetLine;
    const key = `${entry.size}/${entry.seed}`;
    let set = sets.get(key);
    if (set === undefined) {
      set = { real: [], synthetic: [] };
      sets.set(key, set);
    }
    if (entry.kind === 'real') {
      for (const id of entry.ids) {
        const sample = byId.get(id);
        if (sample === undefined) {
          throw new SampleForgeError('E_RESUME', `${file}:${lineNumber}: training text ${id} is not in the split's train table; rerun the augment stage (--force)`, { details: { file, line: lineNumber, id } });
        }
        set.real.push(sample);
      }
    } else {
      // Lines from before importance weights carry no weight: 1, as they were trained.
      const weight = entry.weight ?? 1;
      if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) {
        throw new SampleForgeError('E_RESUME', `${file}:${lineNumber}: weight ${JSON.stringify(entry.weight)} is not a finite number >= 0; rerun the augment stage (--force)`, { details: { file, line: lineNumber, weight: entry.weight } });
      }
      set.synthetic.push({ step: entry.step, sample: { text: entry.text, label: entry.label }, copies: entry.copies, weight });
    }
  }
  return sets;
}

/** The stage. Results go to `variants.json`: `{ variants: VariantResult[], comparisons: Comparison[] }`. */
export function intentTrainStage(config: IntentConfig): Stage {
  return {
    name: 'train',
    dependsOn: { classifier: config.classifier, seeds: config.seeds, sizes: config.sizes, ablation: config.augment.ablation, aligned: textAlignmentEnabled(config.align) },
    async run(context) {
      const texts = await readSplitTexts(context.inputOf('split'));
      const byId = new Map(texts.train.map((sample) => [sample.id, { text: sample.text, label: sample.label }]));
      const sets = await readTrainingSets(context.inputOf('augment'), byId);
      const test = texts.test.map((sample) => ({ text: sample.text, label: sample.label }));
      // With alignment on, `aligned` trains on all steps' samples after alignment, next to `augmented` (before it).
      const planned = planVariants(config.augment.steps, config.augment.ablation);
      const aligned = textAlignmentEnabled(config.align) && planned.length > 1;
      const variants: PlannedVariant[] = aligned ? withAlignedVariant(planned) : planned;
      const results: VariantResult[] = [];
      const comparisons: Comparison[] = [];
      const total = config.sizes.length * variants.length;
      let done = 0;
      const reused: string[] = [];
      for (const entry of config.sizes) {
        const { name, epochs } = resolveSize(entry);
        const setOf = (seed: number): TrainingSet => {
          const set = sets.get(`${name}/${seed}`);
          if (set === undefined) throw new SampleForgeError('E_RESUME', `no training set for size ${name}, seed ${seed} in the augment stage; rerun it (--force)`, { details: { size: name, seed } });
          return set;
        };
        let baseline: VariantResult | undefined;
        let unaligned: VariantResult | undefined;
        for (const variant of variants) {
          if (context.signal?.aborted) throw new SampleForgeError('E_CANCELLED', `training cancelled before ${name}/${variant.name}`);
          const steps = new Set(variant.steps);
          // Alignment that changed nothing (every copy count and weight 1) would retrain `augmented` exactly.
          const unchanged =
            variant.aligned === true &&
            unaligned !== undefined &&
            config.seeds.every((seed) => setOf(seed).synthetic.every((entry) => !steps.has(entry.step) || (entry.copies === 1 && (entry.weight ?? 1) === 1)));
          if (unchanged) reused.push(`${name}/${variant.name}`);
          const result = unchanged && unaligned !== undefined ? { ...unaligned, name: `${name}/${variant.name}` } : await evaluateTextVariant({
            name: `${name}/${variant.name}`,
            augmenters: variant.steps.map((index) => config.augment.steps[index].augmenter),
            seeds: config.seeds,
            test,
            classifier: epochs === undefined ? config.classifier : { ...config.classifier, epochs },
            buildTrainingSet: (seed) => {
              const set = setOf(seed);
              const synthetic: LabelledText[] = [];
              for (const entry of set.synthetic) {
                if (!steps.has(entry.step)) continue;
                const copies = variant.aligned === true ? entry.copies : 1;
                const sample = variant.aligned === true ? { ...entry.sample, weight: entry.weight } : entry.sample;
                for (let copy = 0; copy < copies; copy++) synthetic.push(sample);
              }
              return { train: [...set.real, ...synthetic], synthetic: synthetic.length };
            },
          });
          results.push(result);
          if (baseline === undefined) baseline = result;
          else comparisons.push(...compareVariants(baseline, result, { metrics: ['accuracy', 'macroF1'] }));
          if (variant.name === 'augmented') unaligned = result;
          // What alignment itself changed, paired by seed.
          if (variant.aligned === true && unaligned !== undefined) comparisons.push(...compareVariants(unaligned, result, { metrics: ['accuracy', 'macroF1'] }));
          done++;
          context.progress(done, total, 'variants trained');
        }
      }
      await writeJsonAtomic(join(context.output, VARIANTS_FILE), { variants: results, comparisons });
      const primary = comparisons.filter((comparison) => comparison.metric === 'accuracy');
      return {
        summary: {
          variants: results.length,
          lifts: Object.fromEntries(primary.map((comparison) => [comparison.variant, { lift: comparison.lift, pValue: comparison.pValue }])),
          ...(reused.length === 0 ? {} : { alignedReused: { variants: reused, reason: 'alignment changed no training set, so aligned = augmented (not retrained)' } }),
        },
      };
    },
  };
}
