/**
 * The per-pixel work of image augmentation: bilinear resampling under an affine map, and affine
 * colour maps. RGB images run a WebAssembly SIMD kernel (image-kernels.wat: one dot product per
 * pixel row pair for the resampler, one 4-lane multiply-add per input channel for colour);
 * other channel counts, and runtimes without SIMD, run image-kernels-portable.ts, whose integer
 * arithmetic is the same step for step, so every engine writes the same bytes. Pixels are copied
 * into the module's memory and out again; callers keep ordinary Buffers.
 */
import { createKernelEngineSwitch, type KernelEngine } from '../../internal/kernel-engine.js';
import { colourPortable, warpPortable } from './image-kernels-portable.js';
import type { RawImage } from './image-transforms.js';

/** `image-kernels.wat` compiled with `wat2wasm` (wabt 1.0.32); regenerate with bench/image/build-image-kernels.ts. */
const IMAGE_KERNELS_WASM = 'AGFzbQEAAAABOQVgBX9/f39/AGAHf39/fn5/fwBgBH5+fn8BfmALf39/f3x8fHx8fH8AYA1/f39/f39/f39/f39/AAMGBQABAgMEBQMBAAEHIgMGbWVtb3J5AgAId2FycF9yZ2IAAwpjb2xvdXJfcmdiAAQK0AoFwQECAn8Be0GAASACayEFQYABIANrIQYgAP1dAwD9DAAAAAAAAAAAAAAAAAAAAAD9DQAQAxABEAQQAhAFEBAQEBAgBSAGbCACIAZsQRB0cv0R/boBIAH9XQMA/QwAAAAAAAAAAAAAAAAAAAAA/Q0AEAMQARAEEAIQBRAQEBAQIAUgA2wgAiADbEEQdHL9Ef26Af2uASEHIAdBgMAA/RH9rgFBDv2tASEHIAcgB/2GASEHIAcgB/1mIQcgBCAH/VoCAAALtwEBB38gA0KAgH5TIARCgIB+U3IgAyABrUIQhkKAgAJ9VSAEIAKtQhCGQoCAAn1VcnIEQCAGIAU2AgAPCyADpyEHIASnIQggB0EASgRAIAdBEHUhCSAJQQFqIAFJBEAgB0EJdUH/AHEhCwsLIAhBAEoEQCAIQRB1IQogCkEBaiACSQRAIAhBCXVB/wBxIQwLCyAAIAogAWwgCWpBA2xqIQ0gDSANIAFBA2xqIA0gDBsgCyAMIAYQAAuQAQEDfCABUARAIABCAFkgACACU3EEQCADrUIghg8FQgAPCwtCACAAfbkgAbmjIQQgAiAAfbkgAbmjIQUgBCAFZARAIAQhBiAFIQQgBiEFC0QAAAAAAAAAACAEm0QAAAAAAADwP6ClIQQgA7ggBZxEAAAAAAAA8D+hpCEFIAQgBWYEQEIADwsgBLEgBbFCIIaEC+MECAR/BH4DfwF8BH8BewJ+An8gAkEDbCEOIAREAAAAAAAA8ECinvwGIREgB0QAAAAAAADwQKKe/AYhEiABIQ1BACEMAkADQCAMIANPDQEgDLhEAAAAAAAA4D+gIRYgBEQAAAAAAADgP6IgBSAWoqAgBqBEAAAAAAAA4D+hRAAAAAAAAPBAop78BiEPIAdEAAAAAAAA4D+iIAggFqKgIAmgRAAAAAAAAOA/oUQAAAAAAADwQKKe/AYhECAPIBEgAkEBa61CEIYgAhACIRwgECASIANBAWutQhCGIAIQAiEdIBwgHSAcQv////8PgyAdQv////8Pg1YbpyEeIBwgHSAcIB1UG0IgiKchHyAfIB4gHyAeSxshH0EAIQsCQANAIAsgAk8NASALIB5rIB8gHmtJBEAgD6chEyAQpyEUIAAgFEEQdiACbCATQRB2akEDbGohFSATQQl2Qf8AcSEXIBRBCXZB/wBxIRhBgAEgF2shGUGAASAYayEaIBX9XQMA/QwAAAAAAAAAAAAAAAAAAAAA/Q0AEAMQARAEEAIQBRAQEBAQIBkgGmwgFyAabEEQdHL9Ef26ASAVIA5q/V0DAP0MAAAAAAAAAAAAAAAAAAAAAP0NABADEAEQBBACEAUQEBAQECAZIBhsIBcgGGxBEHRy/RH9ugH9rgEhGyAbQYDAAP0R/a4BQQ79rQEhGyAbIBv9hgEhGyAbIBv9ZiEbIA0gG/1aAgAABSAAIAIgAyAPIBAgCiANEAELIA1BA2ohDSAPIBF8IQ8gECASfCEQIAtBAWohCwwACwsgDEEBaiEMDAALCwvaAQIDfwV7IAP9ESAE/RwBIAX9HAIhECAQQQD9HAMhECAG/REgB/0cASAI/RwCIREgEUEA/RwDIREgCf0RIAr9HAEgC/0cAiESIBJBAP0cAyESIAz9ESETIAAhDSABIQ4gACACQQNsaiEPAkADQCANIA9PDQEgECANLQAA/RH9tQEgESANLQAB/RH9tQH9rgEgEiANLQAC/RH9tQEgE/2uAf2uASEUIBRBDP2sASEUIBQgFP2FASEUIBQgFP1mIRQgDiAU/VoCAAAgDUEDaiENIA5BA2ohDgwACwsL';

/** The pixel engines: WebAssembly SIMD or portable JavaScript. */
export type ImageKernelEngine = KernelEngine;

/** The slice of the WebAssembly API used here; the project's `lib` setting has no WebAssembly types. */
interface WasmMemory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
interface SimdKernels {
  memory: WasmMemory;
  warp_rgb: (source: number, target: number, width: number, height: number, a: number, b: number, c: number, d: number, e: number, f: number, fill: number) => void;
  colour_rgb: (source: number, target: number, pixels: number, ...columnsThenOffset: number[]) => void;
}

function loadSimd(): SimdKernels | undefined {
  try {
    const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
    if (wasm === undefined) return undefined;
    const module = new wasm.Module(Buffer.from(IMAGE_KERNELS_WASM, 'base64'));
    return new wasm.Instance(module, {}).exports as unknown as SimdKernels;
  } catch {
    return undefined;
  }
}

const kernels = createKernelEngineSwitch(loadSimd);

/** The engine in use: 'simd' when this runtime supports WebAssembly SIMD, else 'portable'. */
export function imageKernelEngine(): ImageKernelEngine {
  return kernels.engine();
}

/** Chooses the engine for this process (benchmarks and tests compare both); returns the engine now in use. */
export function useImageKernelEngine(choice: ImageKernelEngine): ImageKernelEngine {
  return kernels.use(choice);
}

/** Slack after each region: the kernels load 8 bytes at the last pixel and store 4 for 3. */
const SLACK = 16;
const PAGE = 65536;

/** Copies `source` into the module's memory with room for an output of the same size; returns the output's offset. */
function stage(kernels: SimdKernels, source: Uint8Array): number {
  const region = Math.ceil((source.length + SLACK) / 16) * 16;
  const needed = 2 * region;
  if (kernels.memory.buffer.byteLength < needed) kernels.memory.grow(Math.ceil((needed - kernels.memory.buffer.byteLength) / PAGE));
  new Uint8Array(kernels.memory.buffer, 0, source.length).set(source);
  return region;
}

function unstage(kernels: SimdKernels, offset: number, length: number): Buffer {
  const data = Buffer.allocUnsafe(length);
  data.set(new Uint8Array(kernels.memory.buffer, offset, length));
  return data;
}

/**
 * Resamples `image` bilinearly under `inverse` (`[a, b, c, d, e, f]`: output pixel index to source
 * pixel index) into an image of the same size; uncovered pixels get `fill` (one value per channel).
 */
export function warpPixels(image: RawImage, inverse: readonly number[], fill: readonly number[]): Buffer {
  const simd = kernels.active();
  if (image.channels === 3 && simd !== undefined) {
    const target = stage(simd, image.data);
    const [a, b, c, d, e, f] = inverse;
    simd.warp_rgb(0, target, image.width, image.height, a, b, c, d, e, f, fill[0] | (fill[1] << 8) | (fill[2] << 16));
    return unstage(simd, target, image.data.length);
  }
  const data = Buffer.allocUnsafe(image.data.length);
  warpPortable(image, inverse, fill, data);
  return data;
}

/**
 * Applies `clamp((M p + offset) >> 12)` per pixel: `matrix` is row-major 3 x 3 in 12-bit fixed point
 * (grey images use `matrix[0]`), alpha is kept.
 */
export function colourPixels(image: RawImage, matrix: readonly number[], offset: number): Buffer {
  const simd = kernels.active();
  if (image.channels === 3 && simd !== undefined) {
    const target = stage(simd, image.data);
    const [m00, m01, m02, m10, m11, m12, m20, m21, m22] = matrix;
    simd.colour_rgb(0, target, image.width * image.height, m00, m10, m20, m01, m11, m21, m02, m12, m22, offset);
    return unstage(simd, target, image.data.length);
  }
  const data = Buffer.allocUnsafe(image.data.length);
  colourPortable(image, matrix, offset, data);
  return data;
}
