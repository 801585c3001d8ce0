import { afterEach, describe, expect, it } from 'vitest';
import { createRng } from '../../internal/rng.js';
import { composeAffine, geometricMatrix, warpAffine, type Affine } from './affine-warp.js';
import { imageKernelEngine, useImageKernelEngine } from './image-kernels.js';
import { nearest } from './image-kernels-portable.js';
import { applyTransform, DEFAULT_IMAGE_TRANSFORM_RANGES, drawTransformParams, type RawImage } from './image-transforms.js';

/** Seeded noise pixels of an odd size, so edges, the last pixel and row ends are all exercised. */
function noiseImage(width: number, height: number, channels: RawImage['channels'], seed: number): RawImage {
  const rng = createRng(seed);
  return { data: Buffer.from(Array.from({ length: width * height * channels }, () => rng.int(256))), width, height, channels };
}

afterEach(() => {
  useImageKernelEngine('simd');
});

describe('image kernels', () => {
  it('runs the SIMD engine on this runtime', () => {
    expect(imageKernelEngine()).toBe('simd');
  });

  it('rounds halves to even, as WebAssembly f64.nearest does', () => {
    expect([2.5, 3.5, -2.5, -3.5, 2.4, -0.5, 7].map(nearest)).toEqual([2, 4, -2, -4, 2, -0, 7]);
  });

  it.each([
    ['rotate', { degrees: 9.7 }],
    ['crop', { left: 3, top: 5, width: 30, height: 17 }],
    ['scale', { factor: 0.87 }],
    ['translate', { dx: -4, dy: 6 }],
    ['flip', {}],
  ] as const)('the SIMD and portable resamplers write the same bytes (%s)', (name, params) => {
    const image = noiseImage(37, 23, 3, 1);
    const matrix = geometricMatrix(name, params, image.width, image.height) as Affine;
    useImageKernelEngine('simd');
    const fast = warpAffine(image, matrix, [255, 250, 245]);
    useImageKernelEngine('portable');
    const portable = warpAffine(image, matrix, [255, 250, 245]);
    expect(fast.data.equals(portable.data)).toBe(true);
  });

  it('the SIMD and portable colour maps write the same bytes, clipping at both ends', async () => {
    const image = noiseImage(41, 19, 3, 2);
    const rng = createRng(3);
    for (let trial = 0; trial < 5; trial++) {
      const params = drawTransformParams('colour-jitter', rng, image.width, image.height, { ...DEFAULT_IMAGE_TRANSFORM_RANGES, maxColourChange: 0.6, maxHueDegrees: 90 });
      useImageKernelEngine('simd');
      const fast = await applyTransform('colour-jitter', image, params, DEFAULT_IMAGE_TRANSFORM_RANGES);
      useImageKernelEngine('portable');
      const portable = await applyTransform('colour-jitter', image, params, DEFAULT_IMAGE_TRANSFORM_RANGES);
      expect(fast.data.equals(portable.data)).toBe(true);
    }
  });

  it('a composed identity and a whole-pixel shift copy pixels exactly, in every channel layout', () => {
    for (const channels of [1, 2, 3, 4] as const) {
      const image = noiseImage(16, 9, channels, 4);
      const there = geometricMatrix('rotate', { degrees: 11 }, 16, 9) as Affine;
      const back = geometricMatrix('rotate', { degrees: -11 }, 16, 9) as Affine;
      expect(warpAffine(image, composeAffine(there, back), [0, 0, 0]).data.equals(image.data)).toBe(true);
      const shifted = warpAffine(image, [1, 0, 2, 0, 1, 1], [0, 0, 0]);
      const at = (data: Buffer, x: number, y: number) => [...data.subarray((y * 16 + x) * channels, (y * 16 + x + 1) * channels)];
      expect(at(shifted.data, 5, 4)).toEqual(at(image.data, 3, 3));
    }
  });

  it('interpolates halfway between two pixels to their mean', () => {
    const image: RawImage = { data: Buffer.from([0, 100, 200, 100, 200, 0]), width: 2, height: 1, channels: 3 };
    // Scaling 2x about the left edge puts output pixel 1's centre (1.5) on source 0.75, a quarter
    // of the way from pixel 0's centre (0.5) to pixel 1's: 0.75 x 0 + 0.25 x 100 = 25, and so on.
    for (const choice of ['simd', 'portable'] as const) {
      useImageKernelEngine(choice);
      const wide: RawImage = { data: Buffer.concat([image.data, image.data]), width: 2, height: 2, channels: 3 };
      const scaled = warpAffine(wide, [2, 0, 0, 0, 1, 0], [9, 9, 9]);
      expect([...scaled.data.subarray(0, 6)]).toEqual([0, 100, 200, 25, 125, 150]);
    }
  });
});
