import { SampleForgeError } from '../../errors.js';
import type { SequenceAugmentStep } from '../../config/augment-sequence.js';
import type { Rng } from '../../internal/rng.js';
import type { Augmenter, Sequence } from '../../types.js';
import { createCropAugmenter, cropSequence } from './crop.js';
import { createInsertAugmenter, insertSequence } from './insert.js';
import { createCooccurrenceCorrelation, createEmbeddingCorrelation, type ItemCorrelation } from './item-correlation.js';
import { createMaskAugmenter, maskSequence } from './mask.js';
import { createRandomAugmenter, createRandomSequenceAugmentation } from './random-augmentation.js';
import { createReorderAugmenter, reorderSequence } from './reorder.js';
import { createSequenceVocabulary } from './sequence-vocabulary.js';
import { createSubstituteAugmenter, substituteSequence } from './substitute.js';
import { createPrefixExpansion, createSlidingWindowExpansion } from './expand-sequences.js';

/** What the steps may need: the item count, the training sequences (co-occurrence) and trained item embeddings. */
export interface SequenceAugmentResources {
  numItems: number;
  /** Dense training sequences; needed by `correlation.source: cooccurrence`. */
  trainSequences?: readonly Int32Array[];
  /** `(numItems + 1) * dim` item embeddings; needed by `correlation.source: embeddings`. */
  itemEmbeddings?: { dim: number; items: Float32Array };
  /** `ids[denseId]` string item ids for `Augmenter<Sequence>`; default the decimal dense ids. */
  itemIds?: readonly string[];
}

type CorrelationConfig = Extract<SequenceAugmentStep, { correlation: unknown }>['correlation'];

const correlationCache = new WeakMap<object, Map<string, ItemCorrelation>>();

/** The correlation a step asks for, built once per resource object and settings. */
export function resolveCorrelation(config: CorrelationConfig, resources: SequenceAugmentResources): ItemCorrelation {
  const owner = (config.source === 'embeddings' ? resources.itemEmbeddings : resources.trainSequences) as object | undefined;
  if (owner === undefined) {
    const needed = config.source === 'embeddings' ? 'itemEmbeddings (a trained model)' : 'trainSequences';
    throw new SampleForgeError('E_CONFIG', `correlation.source "${config.source}" needs ${needed}; pass it, or set correlation.source to "${config.source === 'embeddings' ? 'cooccurrence' : 'embeddings'}"`, {
      details: { source: config.source },
    });
  }
  const key = `${config.source}:${config.topK}:${config.pick}`;
  let byKey = correlationCache.get(owner);
  if (byKey === undefined) correlationCache.set(owner, (byKey = new Map()));
  let correlation = byKey.get(key);
  if (correlation === undefined) {
    correlation =
      config.source === 'embeddings' && resources.itemEmbeddings
        ? createEmbeddingCorrelation(resources.itemEmbeddings.items, resources.itemEmbeddings.dim, config)
        : createCooccurrenceCorrelation(resources.trainSequences ?? [], resources.numItems, config);
    byKey.set(key, correlation);
  }
  return correlation;
}

/** A fast transform for trainers; `undefined` result means "leave this sequence as it is". */
export type SequenceTransformFunction = (items: Int32Array, rng: Rng, out?: Int32Array) => Int32Array | undefined;

/**
 * The fast Int32Array form of a per-sequence step (crop, mask, reorder, substitute, insert,
 * random), e.g. for building contrastive views inside a training loop. Expansion steps are not
 * per-sequence transforms: use `expandPrefixes` / `expandSlidingWindows`.
 */
export function createSequenceTransform(step: SequenceAugmentStep, resources: SequenceAugmentResources): SequenceTransformFunction {
  const skip = 'skipShorterThan' in step ? step.skipShorterThan : 0;
  switch (step.augmenter) {
    case 'crop':
      return (items, rng, out) => (items.length < skip ? undefined : cropSequence(items, step.rate, rng, out));
    case 'mask': {
      const token = step.maskToken ?? resources.numItems + 1;
      return (items, rng, out) => (items.length < skip ? undefined : maskSequence(items, step.rate, token, rng, out));
    }
    case 'reorder':
      return (items, rng, out) => (items.length < skip ? undefined : reorderSequence(items, step.rate, rng, out));
    case 'substitute': {
      const correlation = resolveCorrelation(step.correlation, resources);
      return (items, rng, out) => substituteSequence(items, step.rate, correlation, rng, out);
    }
    case 'insert': {
      const correlation = resolveCorrelation(step.correlation, resources);
      return (items, rng, out) => insertSequence(items, step.rate, correlation, rng, out);
    }
    case 'random': {
      const augmentation = createRandomSequenceAugmentation({ ...step, maskToken: step.maskToken ?? resources.numItems + 1, correlation: resolveCorrelation(step.correlation, resources) });
      return (items, rng, out) => augmentation(items, rng, out).items;
    }
    case 'prefix':
    case 'sliding-window':
      throw new SampleForgeError('E_USAGE', `"${step.augmenter}" is an expansion, not a per-sequence transform; use expandPrefixes or expandSlidingWindows`);
    case 'negatives':
      throw new SampleForgeError('E_USAGE', '"negatives" draws negative items inside training, not a per-sequence transform; the SASRec trainer takes it as its negative sampler');
  }
}

function skipShort(augmenter: Augmenter<Sequence>, minimum: number): Augmenter<Sequence> {
  if (minimum <= 0) return augmenter;
  return { name: augmenter.name, augment: (samples, context) => augmenter.augment(samples.filter((sample) => sample.items.length >= minimum), context) };
}

/** The `Augmenter<Sequence>` (with lineage) of a configured step. */
export function createSequenceAugmenter(step: SequenceAugmentStep, resources: SequenceAugmentResources): Augmenter<Sequence> {
  const ids = resources.itemIds ?? Array.from({ length: resources.numItems + 1 }, (_, id) => String(id));
  const vocabulary = createSequenceVocabulary(ids);
  switch (step.augmenter) {
    case 'crop':
      return skipShort(createCropAugmenter(step), step.skipShorterThan);
    case 'mask':
      return skipShort(createMaskAugmenter({ ...step, maskToken: step.maskToken === undefined ? undefined : String(step.maskToken), numItems: resources.numItems }), step.skipShorterThan);
    case 'reorder':
      return skipShort(createReorderAugmenter(step), step.skipShorterThan);
    case 'substitute':
      return createSubstituteAugmenter({ ...step, vocabulary, correlation: resolveCorrelation(step.correlation, resources) });
    case 'insert':
      return createInsertAugmenter({ ...step, vocabulary, correlation: resolveCorrelation(step.correlation, resources) });
    case 'random':
      return createRandomAugmenter({ ...step, vocabulary, maskToken: step.maskToken ?? resources.numItems + 1, correlation: resolveCorrelation(step.correlation, resources) });
    case 'prefix':
      return createPrefixExpansion(step);
    case 'sliding-window':
      return createSlidingWindowExpansion(step);
    case 'negatives':
      throw new SampleForgeError('E_USAGE', '"negatives" draws negative items inside training and makes no offline samples; the SASRec trainer takes it as its negative sampler');
  }
}
