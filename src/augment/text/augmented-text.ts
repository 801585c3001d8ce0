/** Builds one augmented text sample with its lineage. */
import type { Augmented, TextSample } from '../../types.js';

/** Whether a sample has only the four TextSample fields, so outputs can be built as plain literals (call once per parent). */
export function isPlainTextSample(sample: TextSample): boolean {
  return Object.keys(sample).length === (sample.label === undefined ? 3 : 4) && 'language' in sample;
}

/**
 * Output ids are `<parent id>~<augmenter name>~<index>`; params objects may be shared between
 * outputs. `plainParent` (from {@link isPlainTextSample}) skips the object spread in the hot path.
 */
export function createAugmentedText(
  parent: TextSample,
  augmenter: string,
  index: number,
  text: string,
  params: Record<string, unknown>,
  seed: number,
  plainParent = false,
): Augmented<TextSample> {
  const id = `${parent.id}~${augmenter}~${index}`;
  const sample: TextSample = !plainParent
    ? { ...parent, id, text }
    : parent.label === undefined
      ? { id, text, language: parent.language }
      : { id, text, label: parent.label, language: parent.language };
  return { id, sample, lineage: { parentIds: [parent.id], augmenter, params, seed, verdicts: [] } };
}
