/**
 * Dense float32 matrix kernels for the built-in trainers.
 *
 * `gemm` runs a WebAssembly SIMD kernel (gemm-simd.wat: 4x8 tiles of f32x4 accumulators) and falls
 * back to the JavaScript register-tiled kernel (gemm-portable.ts) where SIMD is missing. On this
 * 2-core EPYC (Node 20) `npx vite-node bench/sasrec/epoch.ts` printed, for a 750x64 times 64x256
 * product of a Beauty step, 21.3 GFLOP/s of CPU time for the SIMD kernel (operand copies included)
 * against 3.2 for the JavaScript kernel; tfjs-wasm's matMul runs at about 4 (MEASURED.md). Operands are
 * copied in and out, so callers keep ordinary Float32Arrays and the kernel never aliases them.
 */
import { createKernelEngineSwitch, type KernelEngine } from '../../internal/kernel-engine.js';
import { gemmPortable } from './gemm-portable.js';

/** `gemm-simd.wat` compiled with `wat2wasm` (wabt 1.0.32); regenerate with bench/sasrec/build-gemm-simd.ts. */
const GEMM_SIMD_WASM = 'AGFzbQEAAAABFgJgCX9/f39/f39/fwBgBn9/f39/fwADAwIAAQUDAQABBxECBm1lbW9yeQIABGdlbW0AAQqRBwKyAQMDfwF9An8gAyEJAkADQCAJIARODQEgBSEKAkADQCAKIAZODQFDAAAAACEMIAAgCSAHbEECdGohDSABIApBAnRqIQ5BACELAkADQCALIAdODQEgDCANKgIAIA4qAgCUkiEMIA1BBGohDSAOIAhBAnRqIQ4gC0EBaiELDAALCyACIAkgCGwgCmpBAnRqIQ4gDiAOKgIAIAySOAIAIApBAWohCgwACwsgCUEBaiEJDAALCwvaBQINfwt7IANBfHEhCCAFQXhxIQkgBUECdCEKIARBAnQhC0EAIQYCQANAIAYgCE4NASAAIAZBAGogC2xqIQwgACAGQQFqIAtsaiENIAAgBkECaiALbGohDiAAIAZBA2ogC2xqIQ9BACEHAkADQCAHIAlODQH9DAAAAAAAAAAAAAAAAAAAAAAhE/0MAAAAAAAAAAAAAAAAAAAAACEU/QwAAAAAAAAAAAAAAAAAAAAAIRX9DAAAAAAAAAAAAAAAAAAAAAAhFv0MAAAAAAAAAAAAAAAAAAAAACEX/QwAAAAAAAAAAAAAAAAAAAAAIRj9DAAAAAAAAAAAAAAAAAAAAAAhGf0MAAAAAAAAAAAAAAAAAAAAACEaIAEgB0ECdGohEUEAIRACQANAIBAgC04NASAR/QAEACEbIBH9AAQQIRwgDCAQaioCAP0TIR0gEyAdIBv95gH95AEhEyAUIB0gHP3mAf3kASEUIA0gEGoqAgD9EyEdIBUgHSAb/eYB/eQBIRUgFiAdIBz95gH95AEhFiAOIBBqKgIA/RMhHSAXIB0gG/3mAf3kASEXIBggHSAc/eYB/eQBIRggDyAQaioCAP0TIR0gGSAdIBv95gH95AEhGSAaIB0gHP3mAf3kASEaIBEgCmohESAQQQRqIRAMAAsLIAIgBiAFbCAHakECdGohEiASIBL9AAQAIBP95AH9CwQAIBIgEv0ABBAgFP3kAf0LBBAgEiAKaiESIBIgEv0ABAAgFf3kAf0LBAAgEiAS/QAEECAW/eQB/QsEECASIApqIRIgEiAS/QAEACAX/eQB/QsEACASIBL9AAQQIBj95AH9CwQQIBIgCmohEiASIBL9AAQAIBn95AH9CwQAIBIgEv0ABBAgGv3kAf0LBBAgB0EIaiEHDAALCyAGQQRqIQYMAAsLIAAgASACQQAgCCAJIAUgBCAFEAAgACABIAIgCCADQQAgBSAEIAUQAAs=';

/** The matrix-product engines: WebAssembly SIMD or portable JavaScript. */
export type GemmEngine = KernelEngine;

/** The slice of the WebAssembly API used here; the project's `lib` setting has no WebAssembly types. */
interface WasmMemory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

interface SimdKernel {
  memory: WasmMemory;
  gemm: (a: number, b: number, c: number, m: number, k: number, n: number) => void;
  view: Float32Array;
}

function loadSimd(): SimdKernel | undefined {
  try {
    const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
    if (wasm === undefined) return undefined;
    const module = new wasm.Module(Buffer.from(GEMM_SIMD_WASM, 'base64'));
    const exports = new wasm.Instance(module, {}).exports as unknown as Pick<SimdKernel, 'memory' | 'gemm'>;
    return { memory: exports.memory, gemm: exports.gemm, view: new Float32Array(exports.memory.buffer) };
  } catch {
    return undefined;
  }
}

const kernels = createKernelEngineSwitch(loadSimd);

/** The engine `gemm` uses: 'simd' when this runtime supports WebAssembly SIMD, else 'portable'. */
export function gemmEngine(): GemmEngine {
  return kernels.engine();
}

/**
 * Chooses the engine for this process; only benchmarks and tests need it (to measure or compare
 * both). Returns the engine now in use; 'simd' stays 'portable' where SIMD is missing.
 */
export function useGemmEngine(choice: GemmEngine): GemmEngine {
  return kernels.use(choice);
}

/**
 * `c[m x n] = a[m x k] * b[k x n]` (row-major), or `c += a * b` when `accumulate` is true.
 * `c` must not overlap `a` or `b`.
 */
export function gemm(a: Float32Array, b: Float32Array, c: Float32Array, m: number, k: number, n: number, accumulate = false): void {
  const simd = kernels.active();
  if (simd === undefined) {
    gemmPortable(a, b, c, m, k, n, accumulate);
    return;
  }
  const sizeA = m * k;
  const sizeB = k * n;
  const sizeC = m * n;
  const bytes = (sizeA + sizeB + sizeC) * 4;
  if (simd.memory.buffer.byteLength < bytes) {
    simd.memory.grow(Math.ceil((bytes - simd.memory.buffer.byteLength) / 65536));
    simd.view = new Float32Array(simd.memory.buffer);
  }
  const view = simd.view;
  view.set(a.length === sizeA ? a : a.subarray(0, sizeA), 0);
  view.set(b.length === sizeB ? b : b.subarray(0, sizeB), sizeA);
  const offsetC = sizeA + sizeB;
  if (accumulate) view.set(c.length === sizeC ? c : c.subarray(0, sizeC), offsetC);
  else view.fill(0, offsetC, offsetC + sizeC);
  simd.gemm(0, sizeA * 4, offsetC * 4, m, k, n);
  c.set(view.subarray(offsetC, offsetC + sizeC));
}

/** Writes the transpose of `a` (`rows x columns`) into `out` (`columns x rows`). */
export function transpose(a: Float32Array, out: Float32Array, rows: number, columns: number): void {
  for (let i = 0; i < rows; i++) {
    const row = i * columns;
    for (let j = 0; j < columns; j++) out[j * rows + i] = a[row + j];
  }
}

/** Adds `bias[n]` to every row of `c[m x n]`. */
export function addBias(c: Float32Array, bias: Float32Array, m: number, n: number): void {
  for (let i = 0, o = 0; i < m; i++, o += n) {
    for (let j = 0; j < n; j++) c[o + j] += bias[j];
  }
}

/** Accumulates the column sums of `dy[m x n]` into `dBias[n]` (the gradient of a bias). */
export function accumulateBiasGradient(dy: Float32Array, dBias: Float32Array, m: number, n: number): void {
  for (let i = 0, o = 0; i < m; i++, o += n) {
    for (let j = 0; j < n; j++) dBias[j] += dy[o + j];
  }
}
