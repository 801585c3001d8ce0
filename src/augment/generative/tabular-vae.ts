/**
 * A variational autoencoder for feature tables, the second synthesizer next to the Gaussian copula:
 * rows encoded as one-hot categories and standardised numbers, an MLP encoder to a Gaussian
 * posterior, the reparameterisation trick, an MLP decoder to a Gaussian per numeric column (with a
 * learned standard deviation) and a softmax per categorical column, trained with Adam on mini-batches,
 * seeded throughout. With `conditionOn`, a conditional VAE: that column's one-hot is an input of
 * the encoder and the decoder, so "users of this segment" are sampled directly, not by rejection.
 * After TVAE (Xu, Skoularidou, Cuesta-Infante and Veeramachaneni, "Modeling Tabular Data using
 * Conditional GAN", NeurIPS 2019) with plain standardisation in place of its mode-specific
 * normalisation; written here from the paper.
 */
import { SampleForgeError } from '../../errors.js';
import { createRng, type Rng } from '../../internal/rng.js';
import { adamStep, createAdamState } from '../../models/kernels/adam.js';
import type { AugmentContext, Augmenter } from '../../types.js';
import { concatenateRows, denseBackward, denseForward, initialiseDenseStack, planDenseStack, type DenseLayer } from './dense-network.js';
import { drawTabularRows, inferColumns, tabularRowKey, type TabularColumn, type TabularRow, type TabularSample, type TabularSampleOptions } from './tabular.js';
import { categoricalSlot, categoryIndex, dealInProportion, fitTabularEncoding, sampleNumeric, sampleSoftmax, type CategoricalSlot, type TabularEncoding } from './tabular-encoding.js';
import { decoderSigma, klDivergence, reconstructionLoss } from './vae-loss.js';

export const TABULAR_VAE_NAME = 'generative/tabular-vae';

export interface TabularVaeFitOptions {
  /** Columns to model; inferred from the rows when absent. */
  columns?: TabularColumn[];
  /** Seed of the initial weights, the batch order and the noise of training; default 0. */
  seed?: number;
  /** A categorical column to condition on (a conditional VAE); default none. */
  conditionOn?: string;
  /** Passes over the rows; default 300 (TVAE's default). */
  epochs?: number;
  /** Rows per Adam step; default 128. */
  batchSize?: number;
  /** Hidden layer widths of the encoder and of the decoder; default [128, 128] (TVAE's). */
  hidden?: number[];
  /** Dimensions of the latent code; default 16. */
  latent?: number;
  /** Adam learning rate; default 1e-3. */
  learningRate?: number;
  /** L2 penalty on every parameter; default 1e-5 (TVAE's `l2scale`). */
  weightDecay?: number;
  /** Weight of the reconstruction against the KL term; default 2 (TVAE's `loss_factor`). */
  reconstructionWeight?: number;
  /** Id of the source table, recorded as the parent of every sampled row. */
  sourceId?: string;
  signal?: AbortSignal;
}

/** Sample options (`idPrefix` default `vae`); the `conditionOn` column is fed to the decoder, others are met by rejection. */
export type TabularVaeSampleOptions = TabularSampleOptions;

export type TabularVaeSample = TabularSample;

export interface TabularVaeModel {
  readonly columns: readonly TabularColumn[];
  readonly encoding: TabularEncoding;
  /** Mean loss per row (reconstruction + KL) of each epoch. */
  readonly lossHistory: readonly number[];
  sample(count: number, context: Pick<AugmentContext, 'rng' | 'seed'>, options?: TabularVaeSampleOptions): TabularVaeSample;
}

/** The parameters of a tabular VAE and where each part lies in them. */
export interface VaeNetwork {
  parameters: Float32Array;
  encoder: DenseLayer[];
  decoder: DenseLayer[];
  /** Offset of the numeric columns' log standard deviations. */
  logSigma: number;
  latent: number;
  /** Width of the condition one-hot (0 without `conditionOn`). */
  conditionWidth: number;
}

const buffers = (layers: readonly DenseLayer[], batch: number): Float32Array[] => layers.map((layer) => new Float32Array(batch * layer.outputs));

/** Encoder and decoder of the given sizes, initialised from `rng`, log standard deviations at log 0.1 (TVAE's start). */
export function createVaeNetwork(encoding: TabularEncoding, conditionWidth: number, hidden: readonly number[], latent: number, rng: Rng): VaeNetwork {
  const width = encoding.width;
  const numericCount = encoding.slots.filter((slot) => slot.kind === 'numeric').length;
  const encoderPlan = planDenseStack([width + conditionWidth, ...hidden, 2 * latent], 0);
  const decoderPlan = planDenseStack([latent + conditionWidth, ...hidden, width], encoderPlan.end);
  const network: VaeNetwork = {
    parameters: new Float32Array(decoderPlan.end + numericCount),
    encoder: encoderPlan.layers,
    decoder: decoderPlan.layers,
    logSigma: decoderPlan.end,
    latent,
    conditionWidth,
  };
  initialiseDenseStack(network.parameters, network.encoder, rng.fork('encoder'));
  initialiseDenseStack(network.parameters, network.decoder, rng.fork('decoder'));
  network.parameters.fill(Math.log(0.1), network.logSigma);
  return network;
}

/** Fits a (conditional) VAE to `rows`; throws on an empty table or a bad `conditionOn`. */
export function fitTabularVae(rows: readonly TabularRow[], options: TabularVaeFitOptions = {}): TabularVaeModel {
  if (rows.length === 0) throw new SampleForgeError('E_DATA', 'fitTabularVae: the table is empty; pass at least one row');
  const columns = options.columns ?? inferColumns(rows);
  const encoding = fitTabularEncoding(rows, columns);
  const condition = options.conditionOn === undefined ? undefined : categoricalSlot(encoding, options.conditionOn, 'conditionOn');
  const epochs = options.epochs ?? 300;
  const batchSize = Math.max(1, Math.min(options.batchSize ?? 128, rows.length));
  const hidden = options.hidden ?? [128, 128];
  const latent = options.latent ?? 16;
  const reconstructionWeight = options.reconstructionWeight ?? 2;
  const adam = { lr: options.learningRate ?? 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: options.weightDecay ?? 1e-5 };
  const conditionWidth = condition?.values.length ?? 0;
  const width = encoding.width;

  const rng = createRng(options.seed ?? 0);
  const network = createVaeNetwork(encoding, conditionWidth, hidden, latent, rng);

  const data = new Float32Array(rows.length * width);
  rows.forEach((row, r) => encoding.encode(row, data, r * width));
  const lossHistory = trainNetwork(network, encoding, data, rows.length, condition, { epochs, batchSize, reconstructionWeight, adam, rng: rng.fork('train'), signal: options.signal });

  const realKeys = new Set(rows.map((row) => tabularRowKey(columns, row)));
  const parentIds = options.sourceId === undefined ? [] : [options.sourceId];
  const conditionShares = condition === undefined ? [] : condition.values.map((_, k) => rows.filter((_, r) => data[r * width + condition.offset + k] > 0).length / rows.length);
  return {
    columns,
    encoding,
    lossHistory,
    sample(count, context, sampleOptions = {}) {
      const conditions = sampleOptions.conditions ?? {};
      const rejections = Object.entries(conditions).filter(([name]) => name !== condition?.column.name);
      for (const [name, value] of rejections) categoryIndex(categoricalSlot(encoding, name, 'conditions'), value, 'conditions');
      const fixed = condition !== undefined && condition.column.name in conditions ? categoryIndex(condition, conditions[condition.column.name], 'conditions') : undefined;
      const schedule = condition === undefined ? [] : fixed !== undefined ? Array.from({ length: count }, () => fixed) : dealInProportion(conditionShares, count, context.rng);
      const refuseCopies = sampleOptions.refuseCopies ?? true;
      const prefix = sampleOptions.idPrefix ?? 'vae';
      const params: Record<string, unknown> = { epochs, hidden, latent, reconstructionWeight, conditions, ...(condition === undefined ? {} : { conditionOn: condition.column.name }) };
      // A slot of the schedule is used until a row for it is kept, so the condition's counts stay exact.
      return drawTabularRows({
        count,
        draw: (slot) => decodeRow(network, encoding, condition, schedule[slot], context.rng),
        outsideConditions: (row) => rejections.some(([name, value]) => row[name] !== value),
        realKeys: refuseCopies ? realKeys : undefined,
        columns,
        emit: (row, index) => ({
          id: `${prefix}-${context.seed}-${index}`,
          sample: row,
          lineage: {
            parentIds,
            augmenter: TABULAR_VAE_NAME,
            params,
            seed: context.seed,
            verdicts: refuseCopies ? [{ filter: 'copy-refusal', kept: true, reason: 'differs from every training row' }] : [],
          },
        }),
      });
    },
  };
}

interface TrainingOptions {
  epochs: number;
  batchSize: number;
  reconstructionWeight: number;
  adam: { lr: number; beta1: number; beta2: number; epsilon: number; weightDecay: number };
  rng: Rng;
  signal?: AbortSignal;
}

/** Mini-batch training; returns the mean loss per row of each epoch. */
function trainNetwork(network: VaeNetwork, encoding: TabularEncoding, data: Float32Array, count: number, condition: CategoricalSlot | undefined, options: TrainingOptions): number[] {
  const { parameters, latent, conditionWidth } = network;
  const width = encoding.width;
  const gradients = new Float32Array(parameters.length);
  const state = createAdamState(parameters.length);
  const order = Array.from({ length: count }, (_, r) => r);
  const history: number[] = [];
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    if (options.signal?.aborted) throw new SampleForgeError('E_CANCELLED', `tabular VAE training cancelled at epoch ${epoch}`, { details: { epoch } });
    options.rng.shuffle(order);
    let epochLoss = 0;
    for (let start = 0; start < count; start += options.batchSize) {
      const batch = Math.min(options.batchSize, count - start);
      const target = new Float32Array(batch * width);
      const conditions = new Float32Array(batch * conditionWidth);
      for (let r = 0; r < batch; r++) {
        const row = order[start + r] * width;
        target.set(data.subarray(row, row + width), r * width);
        if (condition !== undefined) conditions.set(data.subarray(row + condition.offset, row + condition.offset + conditionWidth), r * conditionWidth);
      }
      const noise = new Float32Array(batch * latent);
      for (let i = 0; i < noise.length; i++) noise[i] = options.rng.normal();
      gradients.fill(0);
      const loss = vaeBatchLoss(network, encoding, target, conditions, noise, batch, options.reconstructionWeight, gradients);
      for (let i = 0; i < gradients.length; i++) gradients[i] /= batch;
      adamStep(parameters, gradients, state, options.adam);
      epochLoss += loss;
    }
    history.push(epochLoss / count);
  }
  return history;
}

/**
 * The summed loss of one batch (reconstruction + KL) with the given standard-normal `noise`
 * (`batch x latent`) for the reparameterised draw; adds the gradient of every parameter into `gradients`.
 */
export function vaeBatchLoss(
  network: VaeNetwork,
  encoding: TabularEncoding,
  target: Float32Array,
  conditions: Float32Array,
  noise: Float32Array,
  batch: number,
  reconstructionWeight: number,
  gradients: Float32Array,
): number {
  const { parameters, encoder, decoder, latent, conditionWidth } = network;
  const width = encoding.width;
  // Encoder to the posterior, one reparameterised draw, decoder back to the row.
  const encoderInput = concatenateRows(target, width, conditions, conditionWidth, batch);
  const encoderOutputs = buffers(encoder, batch);
  const posterior = denseForward(parameters, encoder, encoderInput, batch, encoderOutputs);
  const code = new Float32Array(batch * latent);
  for (let r = 0; r < batch; r++) {
    for (let j = 0; j < latent; j++) code[r * latent + j] = posterior[r * 2 * latent + j] + Math.exp(0.5 * posterior[r * 2 * latent + latent + j]) * noise[r * latent + j];
  }
  const decoderInput = concatenateRows(code, latent, conditions, conditionWidth, batch);
  const decoderOutputs = buffers(decoder, batch);
  const output = denseForward(parameters, decoder, decoderInput, batch, decoderOutputs);

  const dOutput = new Float32Array(batch * width);
  let loss = reconstructionLoss(encoding, output, target, batch, parameters.subarray(network.logSigma), reconstructionWeight, dOutput, gradients.subarray(network.logSigma));
  const dPosterior = new Float32Array(batch * 2 * latent);
  loss += klDivergence(posterior, batch, latent, 1, dPosterior);
  const dDecoderInput = new Float32Array(batch * (latent + conditionWidth));
  denseBackward(parameters, gradients, decoder, decoderInput, decoderOutputs, dOutput, batch, dDecoderInput);
  for (let r = 0; r < batch; r++) {
    for (let j = 0; j < latent; j++) {
      const dCode = dDecoderInput[r * (latent + conditionWidth) + j];
      const spread = Math.exp(0.5 * posterior[r * 2 * latent + latent + j]);
      dPosterior[r * 2 * latent + j] += dCode;
      dPosterior[r * 2 * latent + latent + j] += dCode * noise[r * latent + j] * 0.5 * spread;
    }
  }
  denseBackward(parameters, gradients, encoder, encoderInput, encoderOutputs, dPosterior, batch);
  return loss;
}

/** One synthetic row: a latent code from N(0, I), the condition's one-hot, the decoder, then sampling. */
function decodeRow(network: VaeNetwork, encoding: TabularEncoding, condition: CategoricalSlot | undefined, conditionIndex: number | undefined, rng: Rng): TabularRow {
  const { parameters, decoder, latent, conditionWidth } = network;
  const input = new Float32Array(latent + conditionWidth);
  for (let j = 0; j < latent; j++) input[j] = rng.normal();
  if (conditionIndex !== undefined) input[latent + conditionIndex] = 1;
  const output = denseForward(parameters, decoder, input, 1, buffers(decoder, 1));
  const row: TabularRow = {};
  let numeric = 0;
  for (const slot of encoding.slots) {
    if (slot.kind === 'categorical') {
      const index = slot === condition && conditionIndex !== undefined ? conditionIndex : sampleSoftmax(output, slot.offset, slot.values.length, rng);
      row[slot.column.name] = slot.values[index];
      continue;
    }
    const sigma = decoderSigma(parameters[network.logSigma + numeric++]);
    const missing = slot.missingOffset >= 0 && sampleSoftmax(output, slot.missingOffset, 2, rng) === 1;
    row[slot.column.name] = missing ? null : sampleNumeric(slot, output[slot.offset], sigma, rng);
  }
  return row;
}

export interface TabularVaeAugmenterOptions extends Omit<TabularVaeFitOptions, 'seed' | 'signal'>, TabularVaeSampleOptions {
  /** Rows to sample per input row; default 1. */
  ratio?: number;
}

/** An augmenter that fits a tabular VAE on its input batch and samples `ratio` times as many rows. */
export function tabularVaeAugmenter(options: TabularVaeAugmenterOptions = {}): Augmenter<TabularRow> {
  return {
    name: TABULAR_VAE_NAME,
    async augment(samples, context) {
      if (samples.length === 0) return [];
      const model = fitTabularVae(samples, { ...options, seed: context.seed, signal: context.signal });
      return model.sample(Math.round(samples.length * (options.ratio ?? 1)), context, options).rows;
    },
  };
}
