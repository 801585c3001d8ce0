/** Targeted generation, per member: a slice's synthetic quota spread over the slice's real members. */
import { SampleForgeError } from '../../errors.js';
import type { Rng } from '../../internal/rng.js';

/**
 * Outputs wanted from each member, given the slice of each member (in a fixed order) and a quota
 * per slice (e.g. from `generationBudget`): every member of a slice with n members and quota q gets
 * floor(q / n), and q mod n of them, drawn with `rng.fork(slice)`, one more. Each slice's members
 * thus sum to its quota, and a slice's draw does not depend on the other slices. Slices without a
 * quota get 0; a positive quota for a slice without members is an E_DATA error.
 */
export function spreadQuotas(slices: readonly string[], quotas: Readonly<Record<string, number>>, rng: Rng): number[] {
  const members = new Map<string, number[]>();
  slices.forEach((slice, index) => {
    const list = members.get(slice);
    if (list === undefined) members.set(slice, [index]);
    else list.push(index);
  });
  const outputs = new Array<number>(slices.length).fill(0);
  for (const slice of Object.keys(quotas).sort()) {
    const quota = quotas[slice];
    if (!Number.isInteger(quota) || quota < 0) throw new SampleForgeError('E_DATA', `spreadQuotas: quota of slice "${slice}" must be a non-negative integer, got ${quota}`, { details: { slice, quota } });
    if (quota === 0) continue;
    const list = members.get(slice);
    if (list === undefined) throw new SampleForgeError('E_DATA', `spreadQuotas: slice "${slice}" has a quota of ${quota} and no members to spread it over`, { details: { slice, quota } });
    const each = Math.floor(quota / list.length);
    for (const index of list) outputs[index] = each;
    for (const pick of rng.fork(slice).sample(list.length, quota % list.length)) outputs[list[pick]]++;
  }
  return outputs;
}
