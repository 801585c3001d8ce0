/**
 * A conditional GAN for feature tables, the third synthesizer after the Gaussian copula and the
 * VAE, after CTGAN (Xu, Skoularidou, Cuesta-Infante and Veeramachaneni, "Modeling Tabular Data
 * using Conditional GAN", NeurIPS 2019), written here from the paper:
 *
 * - mode-specific normalisation of numbers (a Gaussian mixture per column, see gan-encoding.ts);
 * - a generator MLP on `[noise | condition]` with tanh on scalars and Gumbel-softmax (temperature
 *   0.2) on mode and category one-hots;
 * - a critic MLP (leaky ReLU 0.2, optional dropout) over PacGAN packs of 10 rows, trained with
 *   the WGAN-GP loss (penalty 10). The penalty is exact, not approximated by finite differences
 *   nor swapped for a non-saturating loss: the input gradient of a leaky-ReLU critic is linear in
 *   each weight matrix (slopes fixed almost everywhere), so its double backward is one more linear
 *   pass (gan-losses.ts), gradient-checked in the tests;
 * - the condition vector with training-by-sampling: each row picks a categorical column, then a
 *   category with probability proportional to log(1 + count), so rare categories are trained on;
 *   real rows are drawn from that category and the generator pays a cross-entropy when its row
 *   does not carry the asked category;
 * - Adam with lr 2e-4, betas (0.5, 0.9), weight decay 1e-6, one critic step per generator step.
 *
 * Departures from CTGAN, for size and speed in plain TypeScript: plain ReLU generator layers
 * (CTGAN's are residual with batch normalisation), no critic dropout by default (CTGAN: 0.5, see
 * `criticDropout`), mixtures chosen by BIC over 1..5 modes by EM instead of a 10-mode variational
 * mixture. Seeded throughout: the same seed gives the same weights, and the same sampling seed
 * the same rows.
 */
import { SampleForgeError, type Warning } from '../../errors.js';
import { createRng, type Rng } from '../../internal/rng.js';
import { adamStep, createAdamState } from '../../models/kernels/adam.js';
import type { AugmentContext, Augmented, Augmenter } from '../../types.js';
import { decodeGanRow, encodeGanRow, fitGanEncoding, valueKey, type GanCategoricalColumn, type GanEncoding } from './gan-encoding.js';
import { concatenateRows } from './dense-network.js';
import { createGanNetwork, criticLoss, generatorForward, generatorLoss, type ConditionChoice, type GanNetwork } from './gan-losses.js';
import { inferColumns, tabularRowKey, type TabularColumn, type TabularRow, type TabularSample, type TabularSampleOptions, type TabularValue } from './tabular.js';
import { dealInProportion, sampleSoftmax } from './tabular-encoding.js';

export const TABULAR_GAN_NAME = 'generative/tabular-gan';

export interface TabularGanFitOptions {
  /** Columns to model; inferred from the rows when absent. */
  columns?: TabularColumn[];
  /** Seed of the weights, the mode draws, the conditions and the noise of training; default 0. */
  seed?: number;
  /**
   * The one categorical column of the condition vector; default: every categorical column (CTGAN).
   * With it, free samples carry that column's real shares exactly.
   */
  conditionOn?: string;
  /** Passes over the rows (`round(rows / batchSize)` steps each, at least one); default 300 (CTGAN's). */
  epochs?: number;
  /** Rows per step, rounded down to a multiple of `pac`; default 500 (CTGAN's). */
  batchSize?: number;
  /** Rows per critic input (PacGAN); default 10 (CTGAN's). */
  pac?: number;
  /** Width of the generator's noise; default 128 (CTGAN's embedding_dim). */
  noise?: number;
  /** Hidden widths of the generator; default [256, 256] (CTGAN's). */
  generatorHidden?: number[];
  /** Hidden widths of the critic; default [256, 256] (CTGAN's). */
  criticHidden?: number[];
  /** Adam learning rate of both networks; default 2e-4 (CTGAN's). */
  learningRate?: number;
  /** L2 penalty on every parameter; default 1e-6 (CTGAN's). */
  weightDecay?: number;
  /** Weight of the gradient penalty; default 10 (WGAN-GP's and CTGAN's). */
  gradientPenalty?: number;
  /**
   * Dropout rate of the critic's hidden layers; default 0. CTGAN uses 0.5, which at the step budgets
   * of the benches lowered every score (MovieLens users, seed 1: shapes 0.79 and pairs 0.54 against
   * 0.90 and 0.70 without; interactions: 0.86 and 0.77 against 0.91 and 0.80).
   */
  criticDropout?: number;
  /** Critic steps per generator step; default 1 (CTGAN's). */
  criticSteps?: number;
  /** Temperature of the Gumbel-softmax in training; default 0.2 (CTGAN's). */
  temperature?: number;
  /** Most mixture modes per numeric column; default 5; 1 turns mode-specific normalisation off. */
  maxModes?: number;
  /** Id of the source table, recorded as the parent of every sampled row. */
  sourceId?: string;
  signal?: AbortSignal;
}

/** Sample options (`idPrefix` default `gan`); conditions on condition-vector columns are fed to the generator, the rest met by rejection. */
export type TabularGanSampleOptions = TabularSampleOptions;

export type TabularGanSample = TabularSample;

export interface TabularGanModel {
  readonly columns: readonly TabularColumn[];
  readonly encoding: GanEncoding;
  /** Mean critic loss (with the penalty) of each epoch. */
  readonly criticLossHistory: readonly number[];
  /** Mean generator loss of each epoch. */
  readonly generatorLossHistory: readonly number[];
  sample(count: number, context: Pick<AugmentContext, 'rng' | 'seed'>, options?: TabularGanSampleOptions): TabularGanSample;
}

/** A categorical column of the condition vector and where its one-hot lies in that vector. */
interface ConditionColumn {
  column: GanCategoricalColumn;
  /** Offset in the condition vector. */
  offset: number;
  /** Training-by-sampling probabilities, proportional to log(1 + count). */
  logShares: number[];
  /** Real shares, for free samples. */
  shares: number[];
  /** Training rows of each category. */
  rows: number[][];
}

function drawIndex(probabilities: readonly number[], rng: Rng): number {
  let threshold = rng.float();
  for (let k = 0; k < probabilities.length; k++) {
    threshold -= probabilities[k];
    if (threshold < 0) return k;
  }
  return probabilities.length - 1;
}

function normals(count: number, rng: Rng): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = rng.normal();
  return out;
}

function gumbels(count: number, rng: Rng): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = -Math.log(-Math.log(rng.float() + 1e-20) + 1e-20);
  return out;
}

/** Fits a conditional tabular GAN to `rows`; throws on an empty table or a bad `conditionOn`. */
export function fitTabularGan(rows: readonly TabularRow[], options: TabularGanFitOptions = {}): TabularGanModel {
  if (rows.length === 0) throw new SampleForgeError('E_DATA', 'fitTabularGan: the table is empty; pass at least one row');
  const columns = options.columns ?? inferColumns(rows);
  const rng = createRng(options.seed ?? 0);
  const maxModes = options.maxModes ?? 5;
  const encoding = fitGanEncoding(rows, columns, rng.fork('modes'), { maxModes });
  const categorical = encoding.columns.filter((column): column is GanCategoricalColumn => column.kind === 'categorical');
  if (options.conditionOn !== undefined && !categorical.some((column) => column.column.name === options.conditionOn)) {
    throw new SampleForgeError('E_USAGE', `conditionOn: "${options.conditionOn}" is not a categorical column (categorical columns: ${categorical.map((column) => column.column.name).join(', ') || 'none'})`, {
      details: { column: options.conditionOn },
    });
  }
  let conditionWidth = 0;
  const conditionColumns: ConditionColumn[] = categorical
    .filter((column) => options.conditionOn === undefined || column.column.name === options.conditionOn)
    .map((column) => {
      const logWeights = column.counts.map((count) => Math.log1p(count));
      const logTotal = logWeights.reduce((a, b) => a + b, 0);
      const entry: ConditionColumn = {
        column,
        offset: conditionWidth,
        logShares: logWeights.map((weight) => weight / logTotal),
        shares: column.counts.map((count) => count / rows.length),
        rows: column.values.map(() => []),
      };
      conditionWidth += column.values.length;
      return entry;
    });
  for (const [r, row] of rows.entries()) {
    for (const condition of conditionColumns) condition.rows[condition.column.index.get(valueKey(row[condition.column.column.name])) ?? 0].push(r);
  }

  const pac = Math.max(1, options.pac ?? 10);
  const batchSize = Math.max(pac, Math.floor((options.batchSize ?? 500) / pac) * pac);
  const epochs = options.epochs ?? 300;
  const shape = { noise: options.noise ?? 128, conditionWidth, pac, generatorHidden: options.generatorHidden ?? [256, 256], criticHidden: options.criticHidden ?? [256, 256] };
  const network = createGanNetwork(encoding, shape, rng.fork('init'));
  const data = new Float32Array(rows.length * encoding.width);
  const modeRng = rng.fork('mode-draws');
  rows.forEach((row, r) => encodeGanRow(encoding, row, data, r * encoding.width, modeRng));

  const training = {
    epochs,
    batchSize,
    stepsPerEpoch: Math.max(1, Math.round(rows.length / batchSize)),
    adam: { lr: options.learningRate ?? 2e-4, beta1: 0.5, beta2: 0.9, epsilon: 1e-8, weightDecay: options.weightDecay ?? 1e-6 },
    gradientPenalty: options.gradientPenalty ?? 10,
    criticSteps: options.criticSteps ?? 1,
    criticDropout: options.criticDropout ?? 0,
    temperature: options.temperature ?? 0.2,
  };
  const history = trainGan(network, encoding, data, rows.length, conditionColumns, training, rng.fork('train'), options.signal);

  const realKeys = new Set(rows.map((row) => tabularRowKey(columns, row)));
  const parentIds = options.sourceId === undefined ? [] : [options.sourceId];
  const params: Record<string, unknown> = {
    epochs,
    batchSize,
    pac,
    maxModes,
    generatorHidden: shape.generatorHidden,
    criticHidden: shape.criticHidden,
    criticDropout: training.criticDropout,
    ...(options.conditionOn === undefined ? {} : { conditionOn: options.conditionOn }),
  };
  return {
    columns,
    encoding,
    criticLossHistory: history.critic,
    generatorLossHistory: history.generator,
    sample: (count, context, sampleOptions = {}) => sampleRows(network, encoding, conditionColumns, count, context, sampleOptions, { realKeys, parentIds, params, columns }),
  };
}

interface Training {
  epochs: number;
  batchSize: number;
  stepsPerEpoch: number;
  adam: { lr: number; beta1: number; beta2: number; epsilon: number; weightDecay: number };
  gradientPenalty: number;
  criticSteps: number;
  criticDropout: number;
  temperature: number;
}

/** Training-by-sampling: a condition vector per row and, for each, a real row that carries it. */
function drawConditions(conditionColumns: readonly ConditionColumn[], count: number, batch: number, rng: Rng): { conditions: Float32Array; choice: ConditionChoice; realRows: Int32Array } {
  const width = conditionColumns.reduce((sum, condition) => sum + condition.column.values.length, 0);
  const conditions = new Float32Array(batch * width);
  const choice: ConditionChoice = { offset: new Int32Array(batch), size: new Int32Array(batch), category: new Int32Array(batch).fill(-1) };
  const realRows = new Int32Array(batch);
  for (let r = 0; r < batch; r++) {
    if (conditionColumns.length === 0) {
      realRows[r] = rng.int(count);
      continue;
    }
    const condition = conditionColumns[rng.int(conditionColumns.length)];
    const category = drawIndex(condition.logShares, rng);
    conditions[r * width + condition.offset + category] = 1;
    choice.offset[r] = condition.column.offset;
    choice.size[r] = condition.column.values.length;
    choice.category[r] = category;
    const members = condition.rows[category];
    realRows[r] = members[rng.int(members.length)];
  }
  return { conditions, choice, realRows };
}

function trainGan(network: GanNetwork, encoding: GanEncoding, data: Float32Array, count: number, conditionColumns: readonly ConditionColumn[], training: Training, rng: Rng, signal: AbortSignal | undefined): { critic: number[]; generator: number[] } {
  const width = encoding.width;
  const { batchSize: batch, temperature } = training;
  const packs = batch / network.pac;
  const criticGradients = new Float32Array(network.criticParameters.length);
  const generatorGradients = new Float32Array(network.generatorParameters.length);
  const criticState = createAdamState(criticGradients.length);
  const generatorState = createAdamState(generatorGradients.length);
  const history = { critic: [] as number[], generator: [] as number[] };
  const dropout = { rate: training.criticDropout, rng: rng.fork('dropout') };
  for (let epoch = 0; epoch < training.epochs; epoch++) {
    if (signal?.aborted) throw new SampleForgeError('E_CANCELLED', `tabular GAN training cancelled at epoch ${epoch}`, { details: { epoch } });
    let criticTotal = 0;
    let generatorTotal = 0;
    for (let step = 0; step < training.stepsPerEpoch; step++) {
      for (let c = 0; c < training.criticSteps; c++) {
        const { conditions, realRows } = drawConditions(conditionColumns, count, batch, rng);
        const fake = generatorForward(network, encoding, normals(batch * network.noise, rng), conditions, gumbels(batch * width, rng), temperature, batch).activated;
        const real = new Float32Array(batch * width);
        for (let r = 0; r < batch; r++) real.set(data.subarray(realRows[r] * width, (realRows[r] + 1) * width), r * width);
        const alphas = Float32Array.from({ length: packs }, () => rng.float());
        criticGradients.fill(0);
        const realInput = concatenateRows(real, width, conditions, network.conditionWidth, batch);
        const fakeInput = concatenateRows(fake, width, conditions, network.conditionWidth, batch);
        criticTotal += criticLoss(network, realInput, fakeInput, alphas, training.gradientPenalty, packs, criticGradients, dropout).loss / training.criticSteps;
        adamStep(network.criticParameters, criticGradients, criticState, training.adam);
      }
      const { conditions, choice } = drawConditions(conditionColumns, count, batch, rng);
      generatorGradients.fill(0);
      generatorTotal += generatorLoss(network, encoding, normals(batch * network.noise, rng), conditions, choice, gumbels(batch * width, rng), temperature, batch, generatorGradients, dropout);
      adamStep(network.generatorParameters, generatorGradients, generatorState, training.adam);
    }
    history.critic.push(criticTotal / training.stepsPerEpoch);
    history.generator.push(generatorTotal / training.stepsPerEpoch);
  }
  return history;
}

interface SampleSetting {
  realKeys: Set<string>;
  parentIds: string[];
  params: Record<string, unknown>;
  columns: readonly TabularColumn[];
}

/** A slot of the sampling schedule: a condition-vector entry (column, category) to feed and require, or free. */
type Slot = { condition: ConditionColumn; category: number } | undefined;

/** Rows generated a chunk at a time; a rejected row's slot goes back into the queue, so asked counts stay exact. */
function sampleRows(
  network: GanNetwork,
  encoding: GanEncoding,
  conditionColumns: readonly ConditionColumn[],
  count: number,
  context: Pick<AugmentContext, 'rng' | 'seed'>,
  options: TabularGanSampleOptions,
  setting: SampleSetting,
): TabularGanSample {
  const conditions = options.conditions ?? {};
  const checked = Object.entries(conditions).map(([name, value]) => ({ name, value, index: categoryOf(encoding, name, value) }));
  const fed = checked.find((entry) => conditionColumns.some((condition) => condition.column.column.name === entry.name));
  const rejections = checked.filter((entry) => entry !== fed);
  const rng = context.rng;
  // Slots are taken from `head` on and rejected ones appended, so no chunk copies the whole queue.
  let queue: Slot[];
  let head = 0;
  if (fed !== undefined) {
    const condition = conditionColumns.find((candidate) => candidate.column.column.name === fed.name) as ConditionColumn;
    queue = Array.from({ length: count }, () => ({ condition, category: fed.index }));
  } else if (conditionColumns.length === 1) {
    const condition = conditionColumns[0];
    queue = dealInProportion(condition.shares, count, rng).map((category) => ({ condition, category }));
  } else {
    queue = Array.from({ length: count }, () => undefined);
  }
  const refuseCopies = options.refuseCopies ?? true;
  const prefix = options.idPrefix ?? 'gan';
  const params = { ...setting.params, conditions };
  const out: Augmented<TabularRow>[] = [];
  const warnings: Warning[] = [];
  let refusedCopies = 0;
  let rejected = 0;
  const budget = Math.max(1_000, count * 100);
  const width = encoding.width;
  const conditionWidth = network.conditionWidth;
  while (out.length < count) {
    if (refusedCopies + rejected > budget) {
      warnings.push({
        code: 'W_SYNTHESIS_SHORT',
        message: `gave up after ${refusedCopies} copies and ${rejected} rows outside the conditions; returned ${out.length} of ${count} rows`,
        details: { requested: count, returned: out.length, refusedCopies, rejected },
      });
      break;
    }
    const slots = queue.slice(head, head + 256);
    head += slots.length;
    const batch = slots.length;
    const vector = new Float32Array(batch * conditionWidth);
    const required = slots.map((slot) => {
      // A free slot draws its condition as CTGAN samples: a column at random, a category by real share.
      const chosen = slot ?? (conditionColumns.length === 0 ? undefined : (() => {
        const condition = conditionColumns[rng.int(conditionColumns.length)];
        return { condition, category: drawIndex(condition.shares, rng) };
      })());
      return { slot, chosen };
    });
    required.forEach(({ chosen }, r) => {
      if (chosen !== undefined) vector[r * conditionWidth + chosen.condition.offset + chosen.category] = 1;
    });
    const logits = generatorForward(network, encoding, normals(batch * network.noise, rng), vector, undefined, 1, batch).logits;
    const activated = new Float32Array(width);
    for (let r = 0; r < batch; r++) {
      activated.fill(0);
      for (const block of encoding.blocks) {
        if (block.kind === 'tanh') activated[block.offset] = Math.tanh(logits[r * width + block.offset]);
        else activated[block.offset + sampleSoftmax(logits, r * width + block.offset, block.size, rng)] = 1;
      }
      const row = decodeGanRow(encoding, activated, 0);
      const { slot } = required[r];
      const missesSlot = slot !== undefined && row[slot.condition.column.column.name] !== slot.condition.column.values[slot.category];
      if (missesSlot || rejections.some((entry) => row[entry.name] !== entry.value)) {
        rejected++;
        queue.push(slot);
        continue;
      }
      if (refuseCopies && setting.realKeys.has(tabularRowKey(setting.columns, row))) {
        refusedCopies++;
        queue.push(slot);
        continue;
      }
      out.push({
        id: `${prefix}-${context.seed}-${out.length}`,
        sample: row,
        lineage: {
          parentIds: setting.parentIds,
          augmenter: TABULAR_GAN_NAME,
          params,
          seed: context.seed,
          verdicts: refuseCopies ? [{ filter: 'copy-refusal', kept: true, reason: 'differs from every training row' }] : [],
        },
      });
    }
  }
  return { rows: out, refusedCopies, warnings };
}

/** Index of `value` in categorical column `name`, or a usage error listing the columns or values. */
function categoryOf(encoding: GanEncoding, name: string, value: TabularValue): number {
  const column = encoding.columns.find((candidate) => candidate.column.name === name);
  if (column === undefined || column.kind !== 'categorical') {
    const names = encoding.columns.filter((candidate) => candidate.kind === 'categorical').map((candidate) => candidate.column.name);
    throw new SampleForgeError('E_USAGE', `conditions: "${name}" is not a categorical column (categorical columns: ${names.join(', ') || 'none'})`, { details: { column: name } });
  }
  const position = column.index.get(valueKey(value));
  if (position === undefined) {
    throw new SampleForgeError('E_USAGE', `conditions: ${name} = ${JSON.stringify(value)} never occurs in the training rows (values: ${column.values.map((seen) => JSON.stringify(seen)).join(', ')})`, {
      details: { column: name, value },
    });
  }
  return position;
}

export interface TabularGanAugmenterOptions extends Omit<TabularGanFitOptions, 'seed' | 'signal'>, TabularGanSampleOptions {
  /** Rows to sample per input row; default 1. */
  ratio?: number;
}

/** An augmenter that fits a tabular GAN on its input batch and samples `ratio` times as many rows. */
export function tabularGanAugmenter(options: TabularGanAugmenterOptions = {}): Augmenter<TabularRow> {
  return {
    name: TABULAR_GAN_NAME,
    async augment(samples, context) {
      if (samples.length === 0) return [];
      const model = fitTabularGan(samples, { ...options, seed: context.seed, signal: context.signal });
      return model.sample(Math.round(samples.length * (options.ratio ?? 1)), context, options).rows;
    },
  };
}
