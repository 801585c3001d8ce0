/**
 * The portable float32 matrix product in plain JavaScript: the fallback where WebAssembly SIMD is
 * missing and the reference the SIMD kernel is tested against.
 *
 * A 2-row x 8-column register tile: 16 accumulators stay in registers and each `b` value is loaded
 * once for two rows, several times faster than the plain i-k-j loop (bench/sasrec/epoch.ts prints
 * its throughput next to the SIMD kernel's).
 */

/**
 * `c[m x n] = a[m x k] * b[k x n]` (row-major), or `c += a * b` when `accumulate` is true.
 * Uses a 2x8 register tile; edges fall back to narrower loops. Allocates nothing.
 */
export function gemmPortable(a: Float32Array, b: Float32Array, c: Float32Array, m: number, k: number, n: number, accumulate = false): void {
  // One store path: a branch between `=` and `+=` in the tile made V8's code much slower once both were hot.
  if (!accumulate) c.fill(0, 0, m * n);
  const n8 = n - (n % 8);
  let i = 0;
  for (; i + 1 < m; i += 2) {
    const a0 = i * k;
    const a1 = a0 + k;
    const r0 = i * n;
    const r1 = r0 + n;
    for (let j = 0; j < n8; j += 8) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c04 = 0, c05 = 0, c06 = 0, c07 = 0;
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0, c14 = 0, c15 = 0, c16 = 0, c17 = 0;
      let bo = j;
      for (let p = 0; p < k; p++, bo += n) {
        const x0 = a[a0 + p];
        const x1 = a[a1 + p];
        const b0 = b[bo], b1 = b[bo + 1], b2 = b[bo + 2], b3 = b[bo + 3];
        const b4 = b[bo + 4], b5 = b[bo + 5], b6 = b[bo + 6], b7 = b[bo + 7];
        c00 += x0 * b0; c01 += x0 * b1; c02 += x0 * b2; c03 += x0 * b3;
        c04 += x0 * b4; c05 += x0 * b5; c06 += x0 * b6; c07 += x0 * b7;
        c10 += x1 * b0; c11 += x1 * b1; c12 += x1 * b2; c13 += x1 * b3;
        c14 += x1 * b4; c15 += x1 * b5; c16 += x1 * b6; c17 += x1 * b7;
      }
      const o0 = r0 + j;
      const o1 = r1 + j;
        c[o0] += c00; c[o0 + 1] += c01; c[o0 + 2] += c02; c[o0 + 3] += c03;
        c[o0 + 4] += c04; c[o0 + 5] += c05; c[o0 + 6] += c06; c[o0 + 7] += c07;
        c[o1] += c10; c[o1 + 1] += c11; c[o1 + 2] += c12; c[o1 + 3] += c13;
        c[o1 + 4] += c14; c[o1 + 5] += c15; c[o1 + 6] += c16; c[o1 + 7] += c17;
      
    }
    for (let j = n8; j < n; j++) {
      let s0 = 0;
      let s1 = 0;
      for (let p = 0, bo = j; p < k; p++, bo += n) {
        s0 += a[a0 + p] * b[bo];
        s1 += a[a1 + p] * b[bo];
      }
      c[r0 + j] += s0;
      c[r1 + j] += s1;
    }
  }
  for (; i < m; i++) {
    const a0 = i * k;
    const r0 = i * n;
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0, bo = j; p < k; p++, bo += n) s += a[a0 + p] * b[bo];
      c[r0 + j] += s;
    }
  }
}
