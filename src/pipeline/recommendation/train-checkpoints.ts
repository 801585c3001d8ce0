/**
 * Finished trainings of the recommendation `train` stage, one file per job in the stage's
 * checkpoint folder, so a run killed after hours of training redoes only the jobs that had not
 * finished (`--resume`). The folder is keyed by the stage fingerprint (config, data, augment); a
 * file also names its job (variant, steps, seed) and is ignored when that does not match.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeJsonAtomic } from '../../internal/atomic-write.js';
import type { RankingEvaluation } from '../../eval/ranking/evaluate-ranking.js';
import type { SeedOutcome, TrainJob } from './train-seed.js';

/** What the pool asks of a checkpoint store. */
export interface TrainCheckpoints {
  load(index: number): Promise<SeedOutcome | undefined>;
  save(index: number, outcome: SeedOutcome): Promise<void>;
}

type StoredEvaluation = Omit<RankingEvaluation, 'ranks'> & { ranks: (number | null)[] };
interface StoredOutcome {
  job: string;
  outcome: Omit<SeedOutcome, 'valid' | 'test'> & { valid: StoredEvaluation; test: StoredEvaluation };
}

// JSON has no NaN (users without a target): stored as null.
const encode = (evaluation: RankingEvaluation): StoredEvaluation => ({ ...evaluation, ranks: Array.from(evaluation.ranks, (rank) => (Number.isNaN(rank) ? null : rank)) });
const decode = (stored: StoredEvaluation): RankingEvaluation => ({ ...stored, ranks: Float64Array.from(stored.ranks, (rank) => rank ?? Number.NaN) });

/** Checkpoints of `jobs` in `folder` (an existing folder). */
export function trainCheckpoints(folder: string, jobs: readonly TrainJob[]): TrainCheckpoints {
  const identity = (index: number) => JSON.stringify({ variant: jobs[index].variant.name, steps: jobs[index].variant.steps, seed: jobs[index].seed, extra: jobs[index].extra.length });
  const file = (index: number) => join(folder, `job-${index}.json`);
  return {
    async load(index) {
      if (!existsSync(file(index))) return undefined;
      const stored = JSON.parse(await readFile(file(index), 'utf8')) as StoredOutcome;
      if (stored.job !== identity(index)) return undefined;
      return { ...stored.outcome, valid: decode(stored.outcome.valid), test: decode(stored.outcome.test) };
    },
    async save(index, outcome) {
      const stored: StoredOutcome = { job: identity(index), outcome: { ...outcome, valid: encode(outcome.valid), test: encode(outcome.test) } };
      await writeJsonAtomic(file(index), stored);
    },
  };
}
