import type { Rng } from '../../internal/rng.js';
import type { Augmenter, Sequence } from '../../types.js';
import { cropSequence } from './crop.js';
import { insertSequence } from './insert.js';
import type { ItemCorrelation } from './item-correlation.js';
import { maskSequence } from './mask.js';
import { createPerSequenceAugmenter } from './per-sequence-augmenter.js';
import { reorderSequence } from './reorder.js';
import type { SequenceVocabulary } from './sequence-vocabulary.js';
import { substituteSequence } from './substitute.js';

/** The operations the random chooser draws from. */
export type SequenceOperation = 'crop' | 'mask' | 'reorder' | 'substitute' | 'insert';

/** Rates and resources of {@link createRandomSequenceAugmentation}; defaults CL4SRec's and CoSeRec's. */
export interface RandomAugmentationPolicy {
  /** Default 0.6. */
  cropRate?: number;
  /** Default 0.3. */
  maskRate?: number;
  /** Mask item id (CL4SRec: numItems + 1). */
  maskToken: number;
  /** Default 0.6. */
  reorderRate?: number;
  /** Default 0.1. */
  substituteRate?: number;
  /** Default 0.4. */
  insertRate?: number;
  /** Enables substitute and insert; without it short sequences are treated like long ones. */
  correlation?: ItemCorrelation;
  /** Sequences with at most this many items only get substitute or insert (CoSeRec's augment_threshold); default 4. */
  shortThreshold?: number;
  /** Operations for long sequences; default all five with a correlation, else crop, mask, reorder. */
  operations?: readonly SequenceOperation[];
}

/** A fast seeded augmentation for trainers: returns the view and the operation applied. */
export type RandomSequenceAugmentation = (items: Int32Array, rng: Rng, out?: Int32Array) => { items: Int32Array; operation: SequenceOperation };

/**
 * CoSeRec's `random` mode (Liu et al., arXiv:2108.06479): one operation drawn uniformly per call;
 * sequences of at most `shortThreshold` items draw only from substitute and insert, which do not
 * shorten an already short history.
 */
export function createRandomSequenceAugmentation(policy: RandomAugmentationPolicy): RandomSequenceAugmentation {
  const correlation = policy.correlation;
  const long: SequenceOperation[] = [...(policy.operations ?? (correlation ? ['crop', 'mask', 'reorder', 'substitute', 'insert'] : ['crop', 'mask', 'reorder']))];
  const short: SequenceOperation[] = correlation ? ['substitute', 'insert'] : long;
  const shortThreshold = policy.shortThreshold ?? 4;
  return (items, rng, out) => {
    const choices = items.length <= shortThreshold ? short : long;
    const operation = choices[rng.int(choices.length)];
    switch (operation) {
      case 'crop':
        return { operation, items: cropSequence(items, policy.cropRate ?? 0.6, rng, out) };
      case 'mask':
        return { operation, items: maskSequence(items, policy.maskRate ?? 0.3, policy.maskToken, rng, out) };
      case 'reorder':
        return { operation, items: reorderSequence(items, policy.reorderRate ?? 0.6, rng, out) };
      case 'substitute':
        return { operation, items: correlation ? substituteSequence(items, policy.substituteRate ?? 0.1, correlation, rng, out) : items };
      case 'insert':
        return { operation, items: correlation ? insertSequence(items, policy.insertRate ?? 0.4, correlation, rng, out) : items };
    }
  };
}

/**
 * `sequence/random` as a seeded `Augmenter<Sequence>`; the lineage's params name the operation
 * drawn. The mask token maps back to `maskLabel` (default `String(policy.maskToken)`).
 */
export function createRandomAugmenter(policy: RandomAugmentationPolicy & { vocabulary: SequenceVocabulary; count?: number; maskLabel?: string }): Augmenter<Sequence> {
  const augmentation = createRandomSequenceAugmentation(policy);
  const maskLabel = policy.maskLabel ?? String(policy.maskToken);
  const params = { shortThreshold: policy.shortThreshold ?? 4, correlation: policy.correlation?.source ?? 'none' };
  return createPerSequenceAugmenter('sequence/random', params, policy.count ?? 1, (items, rng) => {
    const result = augmentation(policy.vocabulary.toDense(items), rng);
    const mapped = policy.vocabulary.fromDense(result.items.map((id) => (id === policy.maskToken ? 0 : id)), items);
    const out = Array.from(result.items, (id, index) => (id === policy.maskToken ? maskLabel : mapped[index]));
    return { items: out, params: { operation: result.operation } };
  });
}
