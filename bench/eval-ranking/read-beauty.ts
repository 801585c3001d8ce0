import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LeaveOneOutData } from '../../src/models/recommender.js';

/** Path of the S3-Rec Beauty file, read in place (never copied into the project). */
export const BEAUTY_PATH = resolve(process.cwd(), '../shared/data/amazon-seqrec-s3rec/Beauty.txt');

/** Parses `user item item ...` lines into dense sequences (items are already 1-based dense ids). */
export function readBeautySequences(path = BEAUTY_PATH): { numItems: number; sequences: Int32Array[] } {
  const sequences: Int32Array[] = [];
  let numItems = 0;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const parts = line.trim().split(' ');
    const items = Int32Array.from(parts.slice(1), Number);
    for (const item of items) if (item > numItems) numItems = item;
    sequences.push(items);
  }
  return { numItems, sequences };
}

/** Leave-one-out split of the S3-Rec / ICLRec protocol: last item test, second-last validation. */
export function leaveOneOut(numItems: number, sequences: readonly Int32Array[]): LeaveOneOutData {
  return {
    numItems,
    train: sequences.map((items) => items.slice(0, Math.max(0, items.length - 2))),
    validTarget: Int32Array.from(sequences, (items) => (items.length >= 2 ? items[items.length - 2] : -1)),
    testTarget: Int32Array.from(sequences, (items) => (items.length >= 1 ? items[items.length - 1] : -1)),
  };
}
