/**
 * The core records of DESIGN.md and the lineage every synthetic record carries.
 */

/** A catalog item. `category` is a path from the root, e.g. `['beauty', 'skin care', 'serum']`. */
export interface Item {
  itemId: string;
  title: string;
  category: string[];
  attributes: Record<string, string>;
  imagePath?: string;
  price?: number;
}

export type InteractionEvent = 'view' | 'click' | 'cart' | 'purchase' | 'rating';

export const INTERACTION_EVENTS: readonly InteractionEvent[] = Object.freeze(['view', 'click', 'cart', 'purchase', 'rating']);

/** One user-item event. `timestamp` is milliseconds since the Unix epoch. */
export interface Interaction {
  userId: string;
  itemId: string;
  event: InteractionEvent;
  /** Rating, quantity or any event weight; 1 when the log has none. */
  value: number;
  timestamp: number;
  query?: string;
  dwellMs?: number;
  sessionId?: string;
}

/** A labelled (or unlabelled, `label` absent) piece of text: a query, an utterance, a review. */
export interface TextSample {
  id: string;
  text: string;
  label?: string;
  language: 'en' | 'zh' | string;
}

/** A user's chronologically ordered item ids; the unit of sequential recommendation. */
export interface Sequence {
  userId: string;
  items: string[];
}

/** Token and cache accounting of one LLM call, recorded on the samples it produced. */
export interface LlmLineage {
  provider: string;
  model: string;
  promptId: string;
  promptVersion: string;
  promptHash: string;
  tokensIn: number;
  tokensOut: number;
  cacheHit: boolean;
  costUsd?: number;
}

/** A filter's decision on one synthetic sample. */
export interface FilterVerdict {
  filter: string;
  kept: boolean;
  reason?: string;
  score?: number;
}

/**
 * Where a synthetic record came from. Every synthetic record carries one; a user can answer
 * "where did this sample come from, and why was it kept or dropped?" for every row.
 */
export interface Lineage {
  parentIds: string[];
  augmenter: string;
  params: Record<string, unknown>;
  seed: number;
  llm?: LlmLineage;
  verdicts: FilterVerdict[];
}

/** A synthetic record with its lineage. */
export interface Augmented<T> {
  id: string;
  sample: T;
  lineage: Lineage;
}

/** What an augmenter may use besides its input: the seeded randomness and a way to stop. */
export interface AugmentContext {
  /** The only source of randomness an augmenter may use (STYLE.md). */
  rng: import('./internal/rng.js').Rng;
  /** The seed `rng` was created from; recorded on every output's lineage. */
  seed: number;
  /** Stops long work (LLM calls, big batches) early. */
  signal?: AbortSignal;
}

/**
 * Batch in, batch out, one type. A factory closes over its resource and options; the same seed
 * gives the same outputs on any machine and in any worker.
 */
export interface Augmenter<T> {
  /** Registry key, e.g. `sequence/crop`, `text/eda-swap`, `llm/paraphrase`. */
  readonly name: string;
  augment(samples: readonly T[], context: AugmentContext): Promise<Augmented<T>[]>;
}
