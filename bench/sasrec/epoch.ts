/**
 * SASRec training speed on Amazon Beauty (hidden 64, 2 blocks, 2 heads, length 50, batch 128,
 * BCE with one negative; 22,363 sequences = 175 steps per epoch).
 *
 *   npx vite-node bench/sasrec/epoch.ts [-- --baseline-steps 10]
 *
 * Prints one full epoch of the shipped trainer (ragged batches, WebAssembly SIMD matrix products)
 * next to baselines measured in the same run on the same batches: the padded layout (every
 * sequence left-padded to 50 positions, PyTorch's amount of work) and the portable JavaScript
 * kernel; and the PyTorch CPU figure quoted from /work/shared/MEASURED.md. Wall and CPU seconds are
 * both printed, because the machine is shared and wall time includes other processes' load.
 */
import { parseArgs } from 'node:util';
import { createRng } from '../../src/internal/rng.js';
import { gemm, useGemmEngine, type GemmEngine } from '../../src/models/kernels/gemm.js';
import { createSasrecTensors, initialiseSasrecParameters, sasrecParameterCount } from '../../src/models/sasrec/sasrec-parameters.js';
import { adamStep, createAdamState, DEFAULT_ADAM } from '../../src/models/kernels/adam.js';
import { createTrainingStep } from '../../src/train/sasrec/training-step.js';
import { trainableSequences } from '../../src/train/sasrec/training-samples.js';
import { trainSasrec } from '../../src/train/sasrec/train-sasrec.js';
import { loadBeautyLeaveOneOut } from './beauty-data.js';

const { values } = parseArgs({ options: { 'baseline-steps': { type: 'string', default: '10' } }, allowPositionals: true });
const baselineSteps = Number(values['baseline-steps']);
const PYTORCH_SECONDS_PER_EPOCH = 24.8;

const { data } = loadBeautyLeaveOneOut();
const samples = trainableSequences(data.train);
const batchSize = 128;
const stepsPerEpoch = Math.ceil(samples.length / batchSize);
const dimensions = { numItems: data.numItems, hidden: 64, blocks: 2, heads: 2, maxLength: 50 };
let realPositions = 0;
for (const sample of samples) realPositions += Math.min(sample.length - 1, 50);
console.log(
  `Beauty: ${samples.length} training sequences, ${stepsPerEpoch} steps of ${batchSize}; real positions ${realPositions} of ${samples.length * 50} padded (${((100 * realPositions) / (samples.length * 50)).toFixed(1)}%)`,
);

const cpuSeconds = (since: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};

/** Times `steps` training steps (plus Adam) on the first batches of a fixed shuffle. */
function timeSteps(engine: GemmEngine, padded: boolean, steps: number): { wallMs: number; cpuMs: number } {
  useGemmEngine(engine);
  const count = sasrecParameterCount(dimensions);
  const parameters = createSasrecTensors(dimensions, new Float32Array(count));
  const gradients = createSasrecTensors(dimensions, new Float32Array(count));
  initialiseSasrecParameters(parameters, createRng(1));
  const adam = createAdamState(count);
  const step = createTrainingStep(dimensions, parameters, gradients, { loss: 'bce', negatives: 1, dropout: 0.5, attentionDropout: 0.5, activation: 'gelu' }, padded);
  const rng = createRng(2);
  const order = rng.shuffle(Array.from(samples.keys()));
  const random = { negatives: rng.fork('negatives'), dropout: rng.fork('dropout'), views: rng.fork('views') };
  const run = (index: number): void => {
    const batch = order.slice(index * batchSize, (index + 1) * batchSize).map((i) => samples[i]);
    gradients.buffer.fill(0);
    step(batch, random);
    adamStep(parameters.buffer, gradients.buffer, adam, DEFAULT_ADAM);
  };
  run(0);
  run(1);
  const wall = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < steps; i++) run(2 + i);
  return { wallMs: (performance.now() - wall) / steps, cpuMs: (cpuSeconds(cpu) * 1000) / steps };
}

/** CPU GFLOP/s of one matrix product shape of a Beauty step (tokens x 64 times 64 x 256). */
function gemmThroughput(engine: GemmEngine): number {
  useGemmEngine(engine);
  const [m, k, n] = [750, 64, 256];
  const rng = createRng(3);
  const a = Float32Array.from({ length: m * k }, () => rng.normal());
  const b = Float32Array.from({ length: k * n }, () => rng.normal());
  const c = new Float32Array(m * n);
  for (let i = 0; i < 3; i++) gemm(a, b, c, m, k, n);
  const repeats = 40;
  const cpu = process.cpuUsage();
  for (let i = 0; i < repeats; i++) gemm(a, b, c, m, k, n);
  return (2 * m * k * n * repeats) / cpuSeconds(cpu) / 1e9;
}
console.log(`gemm 750x64 times 64x256: simd ${gemmThroughput('simd').toFixed(1)} GFLOP/s CPU, portable JS ${gemmThroughput('portable').toFixed(1)} GFLOP/s CPU`);

useGemmEngine('simd');
const cpuBefore = process.cpuUsage();
const result = await trainSasrec(data, { seed: 1, epochs: 1, batchSize, validate: () => 0 });
const epochCpu = cpuSeconds(cpuBefore);
const epochWall = result.history[0].seconds;
console.log(
  `sasrec ragged + simd (shipped): ${epochWall.toFixed(1)} s/epoch wall, ${epochCpu.toFixed(1)} s CPU (includes validation-free setup); ${((1000 * epochWall) / stepsPerEpoch).toFixed(1)} ms/step wall`,
);
for (const [label, engine, padded] of [
  ['baseline ragged + portable JS kernel', 'portable', false],
  ['baseline padded to 50 + simd (PyTorch amount of work)', 'simd', true],
] as const) {
  const timing = timeSteps(engine, padded, baselineSteps);
  console.log(
    `${label}: ${timing.wallMs.toFixed(1)} ms/step wall, ${timing.cpuMs.toFixed(1)} ms/step CPU -> ${((timing.wallMs * stepsPerEpoch) / 1000).toFixed(1)} s/epoch wall, ${((timing.cpuMs * stepsPerEpoch) / 1000).toFixed(1)} s/epoch CPU (${baselineSteps} steps)`,
  );
}
const shipped = timeSteps('simd', false, baselineSteps);
console.log(`sasrec ragged + simd, same ${baselineSteps} steps as the baselines: ${shipped.wallMs.toFixed(1)} ms/step wall, ${shipped.cpuMs.toFixed(1)} ms/step CPU`);
console.log(`reference (quoted from MEASURED.md, not measured here): PyTorch 1.13 CPU, 2 threads: ${PYTORCH_SECONDS_PER_EPOCH} s/epoch, about 140 ms/step`);
