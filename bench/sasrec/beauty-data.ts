/**
 * Reads Amazon Beauty in the S3-Rec/ICLRec format (`user item item ...` per line, items in time
 * order) in place from ../shared/data and splits it leave-one-out: last item = test, second-last =
 * validation, the rest = training.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { LeaveOneOutData } from '../../src/models/recommender.js';

/** Path of the research-only dataset; never copied into the project. */
export const BEAUTY_PATH = path.resolve(process.cwd(), '../shared/data/amazon-seqrec-s3rec/Beauty.txt');

/** Beauty as leave-one-out data plus each user's training + validation history (for test ranking). */
export function loadBeautyLeaveOneOut(file = BEAUTY_PATH): { data: LeaveOneOutData; testHistories: Int32Array[]; interactions: number } {
  const lines = readFileSync(file, 'utf8').split('\n').filter((line) => line.trim().length > 0);
  const train: Int32Array[] = [];
  const testHistories: Int32Array[] = [];
  const validTarget = new Int32Array(lines.length).fill(-1);
  const testTarget = new Int32Array(lines.length).fill(-1);
  let numItems = 0;
  let interactions = 0;
  lines.forEach((line, user) => {
    const items = Int32Array.from(line.trim().split(/\s+/).slice(1), Number);
    interactions += items.length;
    for (const item of items) numItems = Math.max(numItems, item);
    const n = items.length;
    train.push(items.slice(0, Math.max(0, n - 2)));
    testHistories.push(items.slice(0, Math.max(0, n - 1)));
    if (n >= 2) validTarget[user] = items[n - 2];
    if (n >= 1) testTarget[user] = items[n - 1];
  });
  return { data: { numItems, train, validTarget, testTarget }, testHistories, interactions };
}
