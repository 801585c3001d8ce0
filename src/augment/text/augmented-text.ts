/** Builds augmented text samples with their lineage. */
import type { Augmented, TextSample } from '../../types.js';

const PLAIN_KEYS = ['id', 'text', 'label', 'language'];
const PLAIN_UNLABELLED_KEYS = ['id', 'text', 'language'];

/**
 * Whether a sample has exactly the TextSample fields in declaration order (as parsed shard inputs
 * have), so that `{ id, text, label, language }` literals equal `{ ...parent, id, text }`, key
 * order included (JSON output depends on it).
 */
function isPlainTextSample(sample: TextSample): boolean {
  const keys = Object.keys(sample);
  const expected = sample.label === undefined ? PLAIN_UNLABELLED_KEYS : PLAIN_KEYS;
  return keys.length === expected.length && keys.every((key, index) => key === expected[index]);
}

/**
 * The outputs of one parent sample under one augmenter. Output ids are
 * `<parent id>~<augmenter name>~<index>`. What every output of the parent shares is made once per
 * parent rather than per output (text augmenters emit millions of outputs, 9-16 per parent, and
 * their garbage is what the worker's GC spends its time on):
 * - the id prefix `<parent id>~<augmenter>~`, so each id is one concatenation;
 * - the lineage's `parentIds`, one frozen array shared by the parent's outputs (nothing edits it;
 *   `verdicts`, which filters push to, stays one array per output);
 * - whether the parent has only the TextSample fields, so outputs are plain literals rather than a
 *   spread of the parent.
 * `params` objects may be shared between outputs too.
 */
export class AugmentedTextOutputs {
  private readonly idPrefix: string;
  private readonly parentIds: string[];
  private readonly plainParent: boolean;

  constructor(
    private readonly parent: TextSample,
    private readonly augmenter: string,
    private readonly seed: number,
  ) {
    this.idPrefix = `${parent.id}~${augmenter}~`;
    // Frozen so that an edit meant for one output fails loudly instead of changing its siblings.
    this.parentIds = Object.freeze([parent.id]) as string[];
    this.plainParent = isPlainTextSample(parent);
  }

  /** Output number `index` of the parent, with text `text`. */
  create(index: number, text: string, params: Record<string, unknown>): Augmented<TextSample> {
    const parent = this.parent;
    const id = this.idPrefix + index;
    const sample: TextSample = !this.plainParent
      ? { ...parent, id, text }
      : parent.label === undefined
        ? { id, text, language: parent.language }
        : { id, text, label: parent.label, language: parent.language };
    return { id, sample, lineage: { parentIds: this.parentIds, augmenter: this.augmenter, params, seed: this.seed, verdicts: [] } };
  }
}
