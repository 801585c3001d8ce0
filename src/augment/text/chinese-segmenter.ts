/** Chinese word segmentation with jieba (jieba-rs compiled to WebAssembly, package `jieba-wasm`), HMM on for unknown words. */
import { cut } from 'jieba-wasm';
import type { WordSegmenter } from './text-units.js';

/** Segments Chinese text into words; spaces and punctuation come back as their own tokens. */
export const segmentChinese: WordSegmenter = (text) => (text.length === 0 ? [] : cut(text, true));
