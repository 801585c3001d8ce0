import { createRng } from '../../internal/rng.js';
import type { Embeddings, Recommender } from '../recommender.js';

/** Options of {@link trainBprMf}. */
export interface BprMfOptions {
  /** Factor size; default 64. */
  dim?: number;
  /** Passes over the training interactions; default 20. */
  epochs?: number;
  /** SGD step; default 0.05. */
  learningRate?: number;
  /** L2 penalty on the touched factors; default 0.0025. */
  regularization?: number;
  /** Default 0. */
  seed?: number;
  /** Called after each epoch with the mean BPR loss, e.g. for curves or early stopping. */
  onEpoch?: (epoch: number, loss: number) => void;
}

/**
 * BPR-MF (Rendle et al., UAI 2009): user and item factors trained by SGD on the pairwise loss
 * -log sigmoid(p_u . (q_i - q_j)), one uniform negative j (not in the user's training items) per
 * training interaction, interactions visited in a seeded random order. Users are the row indices of
 * `train`; `embed` returns the learned factors, so the ranking kernel scores it. The factors do not
 * see items added after training (the validation item at test time).
 */
export function trainBprMf(train: readonly Int32Array[], numItems: number, options: BprMfOptions = {}): Recommender {
  const dim = options.dim ?? 64;
  const epochs = options.epochs ?? 20;
  const learningRate = options.learningRate ?? 0.05;
  const regularization = options.regularization ?? 0.0025;
  const rng = createRng(options.seed ?? 0);
  const init = rng.fork('init');
  const users = Float32Array.from({ length: train.length * dim }, () => init.normal() * 0.1);
  const items = Float32Array.from({ length: (numItems + 1) * dim }, () => init.normal() * 0.1);
  items.fill(0, 0, dim);
  const known = train.map((sequence) => new Set(sequence));
  const pairUsers: number[] = [];
  const pairItems: number[] = [];
  train.forEach((sequence, user) => {
    for (const item of sequence) {
      if (item <= 0 || item > numItems) continue;
      pairUsers.push(user);
      pairItems.push(item);
    }
  });
  const order = Array.from(pairUsers.keys());
  for (let epoch = 0; epoch < epochs; epoch++) {
    const epochRng = rng.fork(`epoch-${epoch}`);
    epochRng.shuffle(order);
    let loss = 0;
    for (const pair of order) {
      const user = pairUsers[pair];
      const positive = pairItems[pair];
      let negative = 1 + epochRng.int(numItems);
      while (known[user].has(negative)) negative = 1 + epochRng.int(numItems);
      const u = user * dim;
      const p = positive * dim;
      const n = negative * dim;
      let x = 0;
      for (let d = 0; d < dim; d++) x += users[u + d] * (items[p + d] - items[n + d]);
      // sigmoid(-x) is the gradient scale of -log sigmoid(x).
      const scale = 1 / (1 + Math.exp(x));
      loss += x > 0 ? Math.log1p(Math.exp(-x)) : -x + Math.log1p(Math.exp(x));
      for (let d = 0; d < dim; d++) {
        const userValue = users[u + d];
        const positiveValue = items[p + d];
        const negativeValue = items[n + d];
        users[u + d] += learningRate * (scale * (positiveValue - negativeValue) - regularization * userValue);
        items[p + d] += learningRate * (scale * userValue - regularization * positiveValue);
        items[n + d] += learningRate * (-scale * userValue - regularization * negativeValue);
      }
    }
    options.onEpoch?.(epoch, order.length === 0 ? 0 : loss / order.length);
  }
  const embed = (rows: Int32Array): Embeddings => {
    const out = new Float32Array(rows.length * dim);
    rows.forEach((user, row) => {
      if (user >= 0 && user < train.length) out.set(users.subarray(user * dim, (user + 1) * dim), row * dim);
    });
    return { dim, users: out, items };
  };
  return {
    name: 'bpr-mf',
    numItems,
    embed,
    scoreBatch(rows, _histories, out) {
      const width = numItems + 1;
      const vectors = embed(rows);
      for (let row = 0; row < rows.length; row++) {
        for (let item = 0; item < width; item++) {
          let sum = 0;
          for (let d = 0; d < dim; d++) sum += vectors.users[row * dim + d] * items[item * dim + d];
          out[row * width + item] = sum;
        }
      }
    },
  };
}
