/**
 * The contract between sequential-recommendation models, trainers and the ranking evaluator.
 *
 * Items are dense integer ids `1..numItems`; `0` is padding and is never recommended. Users are
 * `0..numUsers-1`. Loaders and splits map the string ids of the tables to these indices once.
 */

/** Interaction sequences in dense ids, one chronological sequence per user. */
export interface SequenceData {
  numItems: number;
  /** `sequences[user]`: item ids in time order. */
  sequences: Int32Array[];
}

/** Leave-one-out data of the S3-Rec / ICLRec protocol for `numUsers` users. */
export interface LeaveOneOutData {
  numItems: number;
  /** Items before the validation target (all but the last two). */
  train: Int32Array[];
  /** Second-last item of each user; -1 when the user has none. */
  validTarget: Int32Array;
  /** Last item of each user; -1 when the user has none. */
  testTarget: Int32Array;
}

/** Dense user and item vectors whose dot product is the score; lets the evaluator use its fast kernel. */
export interface Embeddings {
  dim: number;
  /** `histories.length * dim` user vectors, row-major. */
  users: Float32Array;
  /** `(numItems + 1) * dim` item vectors, row-major; row 0 is padding. */
  items: Float32Array;
}

/** A trained model that scores every item for a user's history. */
export interface Recommender {
  /** Registry key, e.g. `pop`, `item-knn`, `bpr-mf`, `sasrec`. */
  readonly name: string;
  readonly numItems: number;
  /**
   * Writes scores for all items into `out` (`histories.length * (numItems + 1)`, row-major; column 0
   * is padding). Higher is better. `users` are the user indices of the histories (for user-factor
   * models); histories are the items known before the target.
   */
  scoreBatch(users: Int32Array, histories: readonly Int32Array[], out: Float32Array): void;
  /** Optional dot-product form of `scoreBatch` for models that have one (MF, SASRec). */
  embed?(users: Int32Array, histories: readonly Int32Array[]): Embeddings;
}
