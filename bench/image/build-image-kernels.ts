/**
 * Rebuilds the WebAssembly SIMD image kernels from src/augment/image/image-kernels.wat and prints
 * the base64 string to paste into `IMAGE_KERNELS_WASM` in src/augment/image/image-kernels.ts. Needs
 * `wat2wasm` (Debian package `wabt`, 1.0.32 here).
 *
 *   npx vite-node bench/image/build-image-kernels.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const source = path.resolve(process.cwd(), 'src/augment/image/image-kernels.wat');
const folder = mkdtempSync(path.join(tmpdir(), 'image-kernels-'));
try {
  const output = path.join(folder, 'image-kernels.wasm');
  execFileSync('wat2wasm', [source, '-o', output], { stdio: 'inherit' });
  const base64 = readFileSync(output).toString('base64');
  const current = readFileSync(path.resolve(process.cwd(), 'src/augment/image/image-kernels.ts'), 'utf8');
  console.log(base64);
  console.log(current.includes(base64) ? 'image-kernels.ts is up to date' : 'image-kernels.ts differs: paste the string above into IMAGE_KERNELS_WASM');
} finally {
  rmSync(folder, { recursive: true, force: true });
}
