/**
 * Image features from a local ONNX model (for instance a ResNet or a CLIP image tower exported to
 * ONNX), run with onnxruntime-node on the CPU. Each item image is decoded with sharp, laid on white
 * (transparent product shots), resized to `size` x `size` by covering and centre-cropping (the
 * usual evaluation crop), scaled to [0, 1], normalised per channel with `mean` and `std` (ImageNet's
 * by default) and fed as one `[1, 3, size, size]` float tensor. The output named `output` (the
 * model's first by default) is the feature vector: a `[1, D]` output as it is, a `[1, C, h, w]` one
 * averaged over its spatial positions.
 *
 * The model file is read from the user's disk only; nothing is downloaded. Items without an image
 * get a zero row; unreadable files also a warning (`W_IMAGE_UNREADABLE`). onnxruntime is loaded
 * only when this block runs, and with one intra-op thread by default: on a 2-core machine its
 * default thread count competes with everything else in the process.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import sharp from 'sharp';
import type { Warning } from '../../errors.js';
import { SampleForgeError } from '../../errors.js';
import type { Item } from '../../types.js';
import { createFeatureBlock, type FeatureBlock } from '../feature-block.js';

/** Options of {@link onnxImageBlock}. */
export interface OnnxImageBlockOptions {
  /** The `.onnx` file (a relative path resolves against `root`), or its bytes. */
  model: string | Uint8Array;
  /** Input tensor name (the model's first input). */
  input?: string;
  /** Output tensor name (the model's first output). */
  output?: string;
  /** Side of the square input in pixels (224). */
  size?: number;
  /** Per-channel mean subtracted from [0, 1] pixels (ImageNet's [0.485, 0.456, 0.406]). */
  mean?: readonly [number, number, number];
  /** Per-channel standard deviation divided by (ImageNet's [0.229, 0.224, 0.225]). */
  std?: readonly [number, number, number];
  /** Folder relative `imagePath`s resolve against (the working directory). */
  root?: string;
  /** onnxruntime intra-op threads (1). */
  threads?: number;
  signal?: AbortSignal;
}

const MAX_WARNINGS = 20;
const IMAGENET_MEAN = [0.485, 0.456, 0.406] as const;
const IMAGENET_STD = [0.229, 0.224, 0.225] as const;

type Ort = typeof import('onnxruntime-node');

/** An image as the model's input: `[3, size, size]` floats, channel-major, normalised. */
export async function imageTensorData(file: string, size: number, mean: readonly number[], std: readonly number[]): Promise<Float32Array> {
  const { data } = await sharp(file, { failOn: 'error' })
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .resize({ width: size, height: size, fit: 'cover', position: 'centre' })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const pixels = size * size;
  const out = new Float32Array(3 * pixels);
  for (let c = 0; c < 3; c++) {
    const scale = 1 / (255 * std[c]);
    const shift = mean[c] / std[c];
    for (let p = 0; p < pixels; p++) out[c * pixels + p] = data[p * 3 + c] * scale - shift;
  }
  return out;
}

/** The `onnx-image` block of `items`. */
export async function onnxImageBlock(items: readonly Item[], options: OnnxImageBlockOptions): Promise<FeatureBlock> {
  const size = options.size ?? 224;
  const mean = options.mean ?? IMAGENET_MEAN;
  const std = options.std ?? IMAGENET_STD;
  if (!Number.isInteger(size) || size < 1 || std.some((value) => !(value > 0))) {
    throw new SampleForgeError('E_USAGE', `onnx-image: size must be a positive integer and std positive, got size ${size}, std ${JSON.stringify(std)}`, { details: { size, std } });
  }
  const root = options.root ?? process.cwd();
  const modelName = typeof options.model === 'string' ? options.model : `${options.model.length} bytes`;
  let bytes: Uint8Array;
  try {
    bytes = typeof options.model === 'string' ? await readFile(isAbsolute(options.model) ? options.model : resolve(root, options.model)) : options.model;
  } catch (cause) {
    throw new SampleForgeError('E_IO', `onnx-image: cannot read the model ${modelName} (${(cause as Error).message}); give the path of a local .onnx file`, { cause, details: { model: modelName } });
  }
  const ort: Ort = await import('onnxruntime-node');
  let session: import('onnxruntime-node').InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: options.threads ?? 1, interOpNumThreads: 1 });
  } catch (cause) {
    throw new SampleForgeError('E_CONFIG', `onnx-image: ${modelName} is not a model onnxruntime can load (${(cause as Error).message})`, { cause, details: { model: modelName } });
  }
  try {
    const input = options.input ?? session.inputNames[0];
    const output = options.output ?? session.outputNames[0];
    if (!session.inputNames.includes(input) || !session.outputNames.includes(output)) {
      throw new SampleForgeError('E_CONFIG', `onnx-image: ${modelName} has inputs [${session.inputNames.join(', ')}] and outputs [${session.outputNames.join(', ')}]; input ${input} or output ${output} is not among them`, {
        details: { model: modelName, input, output },
      });
    }
    const warnings: Warning[] = [];
    const rows: (Float32Array | undefined)[] = [];
    let dim = 0;
    let missing = 0;
    let unreadable = 0;
    for (const item of items) {
      if (options.signal?.aborted) throw new SampleForgeError('E_CANCELLED', 'onnx-image: cancelled');
      const path = item.imagePath;
      if (!path) {
        missing++;
        rows.push(undefined);
        continue;
      }
      const file = isAbsolute(path) ? path : resolve(root, path);
      let pixels: Float32Array;
      try {
        pixels = await imageTensorData(file, size, mean, std);
      } catch (cause) {
        unreadable++;
        rows.push(undefined);
        if (warnings.length < MAX_WARNINGS) {
          warnings.push({ code: 'W_IMAGE_UNREADABLE', message: `item ${item.itemId}: cannot read image ${file} (${(cause as Error).message}); its ONNX image features are zero`, details: { itemId: item.itemId, file } });
        }
        continue;
      }
      const result = await session.run({ [input]: new ort.Tensor('float32', pixels, [1, 3, size, size]) });
      const row = pooledOutput(result[output], modelName, output);
      if (dim === 0) dim = row.length;
      else if (row.length !== dim) throw new SampleForgeError('E_DATA', `onnx-image: ${modelName} gave ${row.length} features for item ${item.itemId} and ${dim} before; the output must have one size`);
      rows.push(row);
    }
    if (dim === 0) {
      throw new SampleForgeError('E_DATA', `onnx-image: none of the ${items.length} items has a readable image (${missing} without a path, ${unreadable} unreadable); drop the block or fix items.image_path`, { details: { missing, unreadable } });
    }
    const values = new Float32Array(items.length * dim);
    rows.forEach((row, index) => row && values.set(row, index * dim));
    return createFeatureBlock({
      name: 'onnx-image',
      rows: items.length,
      dim,
      values,
      info: { model: modelName, input, output, size, missingImages: missing, unreadableImages: unreadable },
      warnings,
    });
  } finally {
    await session.release();
  }
}

/** One image's feature vector from an output tensor `[1, D]` or `[1, C, ...spatial]` (averaged over the spatial positions). */
function pooledOutput(tensor: import('onnxruntime-node').Tensor, model: string, name: string): Float32Array {
  const dims = tensor.dims;
  if (tensor.type !== 'float32' || dims.length < 2 || dims[0] !== 1) {
    throw new SampleForgeError('E_CONFIG', `onnx-image: output ${name} of ${model} is ${tensor.type} [${dims.join(', ')}]; it must be float32 [1, D] or [1, C, h, w]`, { details: { model, output: name } });
  }
  const data = tensor.data as Float32Array;
  const channels = dims[1];
  const spatial = dims.slice(2).reduce((product, value) => product * value, 1);
  if (spatial === 1) return Float32Array.from(data);
  const out = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    let sum = 0;
    for (let p = 0; p < spatial; p++) sum += data[c * spatial + p];
    out[c] = sum / spatial;
  }
  return out;
}
