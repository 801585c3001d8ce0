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
import { spreadQuotas } from '../../quality/align/spread-quotas.js';
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
  /** Each training sequence's slice value, aligned with the sequences given. */
  sliceOf: string[];
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
  const sliceOf = real.map((record) => String(record[field]));
  const members = new Map<string, number>();
  const interactions = new Map<string, number>();
  sliceOf.forEach((value, index) => {
    members.set(value, (members.get(value) ?? 0) + 1);
    interactions.set(value, (interactions.get(value) ?? 0) + sequences[index].items.length);
  });
  const counts = Object.fromEntries(interactions);
  const quotas = generationBudget(counts, { total: budget.total, power: budget.power, minPerSlice: budget.minPerSlice, maxRatio: budget.maxRatio });
  const outputsPerInput = spreadQuotas(sliceOf, quotas, createRng(seed));
  const slices: Record<string, SequenceBudgetSlice> = {};
  for (const value of [...members.keys()].sort()) slices[value] = { sequences: members.get(value) ?? 0, interactions: counts[value], requested: quotas[value] ?? 0 };
  return { field, outputsPerInput, sliceOf, slices };
}
