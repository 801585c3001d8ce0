/**
 * SASRec training checkpoints: one folder per saved epoch (`epoch-000012/` with the weights, the
 * best weights so far, Adam's moments and `state.json`), written under a temporary name and renamed
 * into place, then `latest.json` is replaced atomically to point at it. A killed process leaves the
 * previous checkpoint intact. Randomness is derived from (seed, epoch), so the seed and the next
 * epoch are the whole random state.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { SampleForgeError } from '../../errors.js';
import { writeJsonAtomic } from '../../internal/atomic-write.js';
import type { AdamState } from '../../models/kernels/adam.js';

/** One epoch's record in the training history. */
export interface EpochRecord {
  epoch: number;
  /** Mean training loss over the epoch's steps (main loss plus weighted contrastive loss). */
  loss: number;
  /** Validation NDCG@10, or null when the epoch was not validated. */
  validNdcg10: number | null;
  /** Wall-clock seconds of training steps (validation excluded). */
  seconds: number;
}

/** Everything besides the weights that resuming needs. */
export interface CheckpointState {
  format: 1;
  /** Epochs completed (1-based count); training resumes at this epoch index. */
  epochsDone: number;
  bestEpoch: number;
  bestValidNdcg10: number;
  /** Validations since the last improvement. */
  validationsWithoutImprovement: number;
  history: EpochRecord[];
  adamStep: number;
  /** The run's seed; with `epochsDone` it fixes every later random draw. */
  seed: number;
  /** Fingerprint of the options that shape training; resuming with different options is refused. */
  optionsKey: string;
}

/** A checkpoint in memory. */
export interface Checkpoint {
  state: CheckpointState;
  parameters: Float32Array;
  bestParameters: Float32Array;
  adam: AdamState;
}

const FILES = ['parameters.bin', 'best-parameters.bin', 'adam-first-moment.bin', 'adam-second-moment.bin'] as const;

async function writeSynced(path: string, data: Uint8Array | string): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

const bytesOf = (values: Float32Array): Uint8Array => new Uint8Array(values.buffer, values.byteOffset, values.byteLength);

/** Saves `checkpoint` under `directory` and keeps only it (older epoch folders are removed). */
export async function writeCheckpoint(directory: string, checkpoint: Checkpoint): Promise<string> {
  await mkdir(directory, { recursive: true });
  const name = `epoch-${String(checkpoint.state.epochsDone).padStart(6, '0')}`;
  const temporary = join(directory, `.${name}.${randomBytes(4).toString('hex')}.partial`);
  await mkdir(temporary);
  const arrays = [checkpoint.parameters, checkpoint.bestParameters, checkpoint.adam.firstMoment, checkpoint.adam.secondMoment];
  for (let i = 0; i < FILES.length; i++) await writeSynced(join(temporary, FILES[i]), bytesOf(arrays[i]));
  await writeSynced(join(temporary, 'state.json'), `${JSON.stringify({ ...checkpoint.state, adamStep: checkpoint.adam.step }, null, 2)}\n`);
  await rm(join(directory, name), { recursive: true, force: true });
  await rename(temporary, join(directory, name));
  await writeJsonAtomic(join(directory, 'latest.json'), { folder: name });
  for (const entry of await readdir(directory)) {
    if (entry !== name && (entry.startsWith('epoch-') || entry.endsWith('.partial'))) await rm(join(directory, entry), { recursive: true, force: true });
  }
  return join(directory, name);
}

async function readFloats(path: string, length: number): Promise<Float32Array> {
  const bytes = await readFile(path);
  if (bytes.byteLength !== length * 4) {
    throw new SampleForgeError('E_RESUME', `${path} holds ${bytes.byteLength / 4} values, the model needs ${length}; the checkpoint belongs to another model shape`, {
      details: { file: path },
    });
  }
  const values = new Float32Array(length);
  new Uint8Array(values.buffer).set(bytes);
  return values;
}

/** Loads the latest checkpoint under `directory`, or undefined when there is none. */
export async function readLatestCheckpoint(directory: string, parameterCount: number): Promise<Checkpoint | undefined> {
  let folder: string;
  try {
    folder = (JSON.parse(await readFile(join(directory, 'latest.json'), 'utf8')) as { folder: string }).folder;
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SampleForgeError('E_RESUME', `cannot read ${join(directory, 'latest.json')}: ${(cause as Error).message}; delete the checkpoint folder to start over`, {
      details: { file: join(directory, 'latest.json') },
      cause,
    });
  }
  const path = join(directory, folder);
  const state = JSON.parse(await readFile(join(path, 'state.json'), 'utf8')) as CheckpointState;
  const [parameters, bestParameters, firstMoment, secondMoment] = await Promise.all(FILES.map((file) => readFloats(join(path, file), parameterCount)));
  return { state, parameters, bestParameters, adam: { firstMoment, secondMoment, step: state.adamStep } };
}
