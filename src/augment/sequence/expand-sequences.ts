import { SampleForgeError } from '../../errors.js';
import type { Augmenter, Sequence } from '../../types.js';

/** Expanded sequences as views of their parents, with which part each one is. */
export interface ExpandedSequences {
  sequences: Int32Array[];
  /** Index of the parent sequence. */
  parents: Int32Array;
  /** First position (inclusive) in the parent. */
  starts: Int32Array;
  /** Last position (exclusive) in the parent. */
  ends: Int32Array;
}

function collect(parts: { parent: number; start: number; end: number }[], sequences: readonly Int32Array[]): ExpandedSequences {
  return {
    sequences: parts.map((part) => sequences[part.parent].subarray(part.start, part.end)),
    parents: Int32Array.from(parts, (part) => part.parent),
    starts: Int32Array.from(parts, (part) => part.start),
    ends: Int32Array.from(parts, (part) => part.end),
  };
}

/**
 * Prefix expansion: every prefix `items[0..end)` with `end` from `minLength` (default 2: one input
 * item and its next-item target) to the full length, as in GRU4Rec-style training where each
 * prefix's last item is the target. An explicit step, never hidden in a trainer.
 */
export function expandPrefixes(sequences: readonly Int32Array[], options: { minLength?: number } = {}): ExpandedSequences {
  const minLength = Math.max(1, options.minLength ?? 2);
  const parts: { parent: number; start: number; end: number }[] = [];
  sequences.forEach((sequence, parent) => {
    for (let end = minLength; end <= sequence.length; end++) parts.push({ parent, start: 0, end });
  });
  return collect(parts, sequences);
}

/**
 * Sliding-window expansion: windows of `window` items (default 50, SASRec's maximum length) every
 * `stride` items (default 1); sequences no longer than the window are kept whole.
 */
export function expandSlidingWindows(sequences: readonly Int32Array[], options: { window?: number; stride?: number } = {}): ExpandedSequences {
  const window = options.window ?? 50;
  const stride = options.stride ?? 1;
  if (!(window >= 1) || !(stride >= 1)) throw new SampleForgeError('E_CONFIG', `sliding window: window and stride must be at least 1, got ${window} and ${stride}`, { details: { window, stride } });
  const parts: { parent: number; start: number; end: number }[] = [];
  sequences.forEach((sequence, parent) => {
    if (sequence.length <= window) {
      parts.push({ parent, start: 0, end: sequence.length });
      return;
    }
    let start = 0;
    for (; start + window < sequence.length; start += stride) parts.push({ parent, start, end: start + window });
    // The last window always ends at the sequence's end, so the latest items are never dropped.
    parts.push({ parent, start: sequence.length - window, end: sequence.length });
  });
  return collect(parts, sequences);
}

function expansionAugmenter(name: string, params: Record<string, unknown>, expand: (sequences: Int32Array[]) => ExpandedSequences): Augmenter<Sequence> {
  return {
    name,
    async augment(samples, context) {
      const positions = samples.map((sample) => Int32Array.from(sample.items.keys()));
      const expanded = expand(positions);
      return expanded.sequences.map((part, index) => {
        const parent = samples[expanded.parents[index]];
        const start = expanded.starts[index];
        const end = expanded.ends[index];
        return {
          id: `${parent.userId}~${name}#${start}-${end}`,
          sample: { userId: parent.userId, items: Array.from(part, (position) => parent.items[position]) },
          lineage: { parentIds: [parent.userId], augmenter: name, params: { ...params, start, end }, seed: context.seed, verdicts: [] },
        };
      });
    },
  };
}

/** `sequence/prefix` as an `Augmenter<Sequence>`; the lineage's `start`/`end` say which prefix. */
export function createPrefixExpansion(options: { minLength?: number } = {}): Augmenter<Sequence> {
  return expansionAugmenter('sequence/prefix', { minLength: options.minLength ?? 2 }, (sequences) => expandPrefixes(sequences, options));
}

/** `sequence/sliding-window` as an `Augmenter<Sequence>`; the lineage's `start`/`end` say which window. */
export function createSlidingWindowExpansion(options: { window?: number; stride?: number } = {}): Augmenter<Sequence> {
  return expansionAugmenter('sequence/sliding-window', { window: options.window ?? 50, stride: options.stride ?? 1 }, (sequences) => expandSlidingWindows(sequences, options));
}
