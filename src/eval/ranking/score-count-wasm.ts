/**
 * Emits, byte by byte, a WebAssembly SIMD module whose one function `tile` scores a few users
 * (default 2) against blocks of 8 items and counts, per user and SIMD lane, the items scoring above
 * and equal to the user's threshold (the target's score). The module is specialised to the
 * embedding size, so the dot-product loop is fully unrolled with constant load offsets.
 *
 * Why hand-emitted wasm: a scalar JS loop over Float32Array scores about 0.5 G multiply-adds per
 * CPU second here, the SIMD tile about 8 G (bench/eval-ranking/full-ranking.ts and kernel-tiles.ts
 * print both). Among the register tiles measured (users x items: 4x8, 4x12, 3x8, 2x8, 2x12, 2x16, 1x16,
 * 4x4, 6x4), 2x8 was the fastest by CPU time: 4 f32x4 accumulators, 2 item vectors and 2 user
 * splats stay in registers, while 4x8's 14 live vectors spill under V8. WAT text would need an
 * assembler we do not ship, and the module needs only the dozen opcodes listed below with their
 * spec numbers. No FMA (relaxed SIMD is not enabled in Node 20), so each lane computes
 * `acc = fround(acc + fround(u * v))` in order d = 0..dim-1, which {@link scoreLikeKernel}
 * reproduces bit for bit in JS.
 *
 * Memory layout (imported as `env.memory`): users row-major, `tileUsers` consecutive rows of `dim`
 * floats; items in blocks of 8: block b holds, for each d, the 8 floats of items 8b..8b+7;
 * `tileUsers` thresholds; counters: one i32x4 per user for "greater", then one per user for "equal".
 */

/** A compiled WebAssembly module, opaque here: the project's `lib` setting has no WebAssembly types. */
export interface WasmModule {
  readonly __brand?: 'WasmModule';
}

/** The WebAssembly constructors used here. */
export interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Memory: new (descriptor: { initial: number }) => { readonly buffer: ArrayBuffer };
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => { readonly exports: Record<string, unknown> };
  validate(bytes: Uint8Array): boolean;
}

/** The global WebAssembly object, typed. */
export const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const I32 = 0x7f;
const V128 = 0x7b;

const op = {
  end: 0x0b,
  block: 0x02,
  loop: 0x03,
  brIf: 0x0d,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Const: 0x41,
  i32GeU: 0x4f,
  i32LtU: 0x49,
  i32Add: 0x6a,
  i32Mul: 0x6c,
  simd: 0xfd,
} as const;

/** SIMD opcodes (after the 0xfd prefix), from the WebAssembly SIMD spec's opcode table. */
const simd = {
  v128Load: 0x00,
  v128Load32Splat: 0x09,
  v128Store: 0x0b,
  f32x4Eq: 0x41,
  f32x4Gt: 0x44,
  i32x4Sub: 0xb1,
  f32x4Add: 0xe4,
  f32x4Mul: 0xe6,
} as const;

function unsignedLeb(value: number): number[] {
  const bytes: number[] = [];
  let rest = value >>> 0;
  do {
    let byte = rest & 0x7f;
    rest >>>= 7;
    if (rest !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (rest !== 0);
  return bytes;
}

function signedLeb(value: number): number[] {
  const bytes: number[] = [];
  let rest = value | 0;
  for (;;) {
    const byte = rest & 0x7f;
    rest >>= 7;
    const done = (rest === 0 && (byte & 0x40) === 0) || (rest === -1 && (byte & 0x40) !== 0);
    bytes.push(done ? byte : byte | 0x80);
    if (done) return bytes;
  }
}

function section(id: number, body: number[]): number[] {
  return [id, ...unsignedLeb(body.length), ...body];
}

function name(text: string): number[] {
  const bytes = [...new TextEncoder().encode(text)];
  return [...unsignedLeb(bytes.length), ...bytes];
}

/** Users per tile and items per block; the JS side pads to these. */
export const TILE_USERS = 2;
export const TILE_ITEMS = 8;

/** The module bytes for embeddings of size `dim` (1..4096) and a `tileUsers` x `tileItems` register tile (`tileItems` a multiple of 4). */
export function createScoreCountModule(dim: number, tileUsers = TILE_USERS, tileItems = TILE_ITEMS, splatPerUse = false): Uint8Array {
  if (!Number.isInteger(dim) || dim < 1 || dim > 4096) throw new RangeError(`score-count module: dim must be an integer in [1, 4096], got ${dim}`);
  const vectors = tileItems / 4;
  const [up, ip, blocks, thr, cnt, end] = [0, 1, 2, 3, 4, 5];
  const acc = (user: number, half: number): number => 6 + user * vectors + half;
  const itemHalf = (half: number): number => 6 + tileUsers * vectors + half;
  const userSplat = (user: number): number => 6 + tileUsers * vectors + vectors + user;
  const blockBytes = dim * tileItems * 4;

  const code: number[] = [];
  const emit = (...bytes: number[]): void => {
    for (const byte of bytes) code.push(byte);
  };
  const get = (local: number): void => emit(op.localGet, local);
  const set = (local: number): void => emit(op.localSet, local);
  const simdOp = (opcode: number, ...immediates: number[]): void => emit(op.simd, ...unsignedLeb(opcode), ...immediates);
  const memarg = (alignLog2: number, offset: number): number[] => [alignLog2, ...unsignedLeb(offset)];

  get(ip);
  get(blocks);
  emit(op.i32Const, ...signedLeb(blockBytes), op.i32Mul, op.i32Add);
  set(end);
  emit(op.block, 0x40);
  get(ip);
  get(end);
  emit(op.i32GeU, op.brIf, 0);
  emit(op.loop, 0x40);
  for (let d = 0; d < dim; d++) {
    for (let half = 0; half < vectors; half++) {
      get(ip);
      simdOp(simd.v128Load, ...memarg(4, d * tileItems * 4 + half * 16));
      set(itemHalf(half));
    }
    for (let user = 0; user < tileUsers && !splatPerUse; user++) {
      get(up);
      simdOp(simd.v128Load32Splat, ...memarg(2, user * dim * 4 + d * 4));
      set(userSplat(user));
    }
    for (let user = 0; user < tileUsers; user++) {
      for (let half = 0; half < vectors; half++) {
        if (d > 0) get(acc(user, half));
        get(itemHalf(half));
        if (splatPerUse) {
          get(up);
          simdOp(simd.v128Load32Splat, ...memarg(2, user * dim * 4 + d * 4));
        } else get(userSplat(user));
        simdOp(simd.f32x4Mul);
        if (d > 0) simdOp(simd.f32x4Add);
        set(acc(user, half));
      }
    }
  }
  for (let user = 0; user < tileUsers; user++) {
    get(thr);
    simdOp(simd.v128Load32Splat, ...memarg(2, user * 4));
    set(userSplat(user));
    for (const [compare, base] of [
      [simd.f32x4Gt, 0],
      [simd.f32x4Eq, tileUsers * 16],
    ] as const) {
      get(cnt);
      get(cnt);
      simdOp(simd.v128Load, ...memarg(4, base + user * 16));
      for (let half = 0; half < vectors; half++) {
        get(acc(user, half));
        get(userSplat(user));
        simdOp(compare);
        // A true lane is all ones (-1), so subtracting the mask counts it.
        simdOp(simd.i32x4Sub);
      }
      simdOp(simd.v128Store, ...memarg(4, base + user * 16));
    }
  }
  get(ip);
  emit(op.i32Const, ...signedLeb(blockBytes), op.i32Add, op.localTee, ip);
  get(end);
  emit(op.i32LtU, op.brIf, 0, op.end, op.end, op.end);

  const locals = [2, 1, I32, ...unsignedLeb(tileUsers * vectors + vectors + tileUsers), V128];
  const body = [...locals, ...code];
  const functionBody = [...unsignedLeb(body.length), ...body];
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 5, I32, I32, I32, I32, I32, 0]),
    ...section(2, [1, ...name('env'), ...name('memory'), 0x02, 0x00, 1]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...name('tile'), 0x00, 0]),
    ...section(10, [1, ...functionBody]),
  ];
  return Uint8Array.from(bytes);
}

/**
 * The score the kernel computes for one user row and one item row, reproduced in JS with the same
 * float32 rounding and order, so a target's threshold and a masked item's score compare exactly as
 * in the kernel.
 */
export function scoreLikeKernel(users: Float32Array, userOffset: number, items: Float32Array, itemOffset: number, dim: number): number {
  let sum = Math.fround(users[userOffset] * items[itemOffset]);
  for (let d = 1; d < dim; d++) sum = Math.fround(sum + Math.fround(users[userOffset + d] * items[itemOffset + d]));
  return sum;
}
