/**
 * Rebuilds the WebAssembly SIMD matrix kernel from src/models/kernels/gemm-simd.wat and prints the
 * base64 string to paste into `GEMM_SIMD_WASM` in src/models/kernels/gemm.ts. Needs `wat2wasm`
 * (Debian package `wabt`, 1.0.32 here).
 *
 *   npx vite-node bench/sasrec/build-gemm-simd.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const source = path.resolve(process.cwd(), 'src/models/kernels/gemm-simd.wat');
const folder = mkdtempSync(path.join(tmpdir(), 'gemm-simd-'));
try {
  const output = path.join(folder, 'gemm-simd.wasm');
  execFileSync('wat2wasm', [source, '-o', output], { stdio: 'inherit' });
  const base64 = readFileSync(output).toString('base64');
  const current = readFileSync(path.resolve(process.cwd(), 'src/models/kernels/gemm.ts'), 'utf8');
  console.log(base64);
  console.log(current.includes(base64) ? 'gemm.ts is up to date' : 'gemm.ts differs: paste the string above into GEMM_SIMD_WASM');
} finally {
  rmSync(folder, { recursive: true, force: true });
}
