/**
 * Targeted generation for recommendation runs (`align.budget`): how many synthetic sequences each
 * training sequence should yield, so that slices with the least real data get the most. Slices are
 * the user-activity bucket (`activity`: short histories of 5 items or fewer, long) or the popularity
 * bucket of the sequence's last item (`lastItemPopularity`: head, torso, tail = cold items). A
 * slice's real amount is its training interactions, not its users: a short-history slice holds few
 * interactions even when it holds many users, and interactions are what a sequential model learns
 * from. `generationBudget` turns those amounts into synthetic sequences per slice (inverse frequency
 * to `power`, `minPerSlice`, `maxRatio` synthetic sequences per real interaction); each slice's
 * budget is then spread evenly over its sequences, the remainder to a seeded random few.
 */
import type { AlignConfig } from '../../config/align.js';
import { SampleForgeError } from '../../errors.js';
import { createRng } from '../../internal/rng.js';
import { generationBudget } from '../../quality/align/generation-budget.js';
import type { Sequence } from '../../types.js';
import { sequenceShiftRecords } from './sequence-shift.js';

/** The slice fields a sequence budget can use. */
export const SEQUENCE_BUDGET_SLICES = ['activity', 'lastItemPopularity'] as const;

/** One slice of a sequence budget. */
export interface SequenceBudgetSlice {
  /** Training sequences in the slice. */
  sequences: number;
  /** Their interactions (the slice's real amount). */
  interactions: number;
  /** Synthetic sequences requested from the slice. */
  requested: number;
}

/** Outputs wanted per training sequence, and the budget per slice. */
export interface SequenceBudget {
  field: (typeof SEQUENCE_BUDGET_SLICES)[number];
  /** Aligned with the training sequences given. */
  outputsPerInput: number[];
  slices: Record<string, SequenceBudgetSlice>;
}

/** Checks `align.budget.sliceField` for a recommendation run; the message lists what is allowed. */
export function checkSequenceBudgetField(field: string): (typeof SEQUENCE_BUDGET_SLICES)[number] {
  if (!(SEQUENCE_BUDGET_SLICES as readonly string[]).includes(field)) {
    throw new SampleForgeError('E_CONFIG', `align.budget.sliceField: "${field}" is not a slice of training sequences; use ${SEQUENCE_BUDGET_SLICES.join(' or ')}`, {
      details: { field: 'align.budget.sliceField', value: field },
    });
  }
  return field as (typeof SEQUENCE_BUDGET_SLICES)[number];
}

/** The budget of `sequences` (the real training sequences) under `budget`; `seed` picks who gets the remainders. */
export function sequenceBudget(sequences: readonly Sequence[], budget: AlignConfig['budget'], seed: number): SequenceBudget {
  const field = checkSequenceBudgetField(budget.sliceField);
  const { real } = sequenceShiftRecords(sequences, []);
  const members = new Map<string, number[]>();
  const interactions = new Map<string, number>();
  real.forEach((record, index) => {
    const value = String(record[field]);
    let list = members.get(value);
    if (list === undefined) members.set(value, (list = []));
    list.push(index);
    interactions.set(value, (interactions.get(value) ?? 0) + sequences[index].items.length);
  });
  const counts = Object.fromEntries(interactions);
  const quotas = generationBudget(counts, { total: budget.total, power: budget.power, minPerSlice: budget.minPerSlice, maxRatio: budget.maxRatio });
  const outputsPerInput = new Array<number>(sequences.length).fill(0);
  const rng = createRng(seed);
  const slices: Record<string, SequenceBudgetSlice> = {};
  for (const value of [...members.keys()].sort()) {
    const list = members.get(value) ?? [];
    const quota = quotas[value] ?? 0;
    const base = Math.floor(quota / list.length);
    for (const index of list) outputsPerInput[index] = base;
    const extra = rng.fork(value).sample(list.length, quota - base * list.length);
    for (const position of extra) outputsPerInput[list[position]]++;
    slices[value] = { sequences: list.length, interactions: counts[value], requested: quota };
  }
  return { field, outputsPerInput, slices };
}
