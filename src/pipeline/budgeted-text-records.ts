/** Text shard records that may carry a budget (`outputs` per text), as an augmenter's inputs. */
import type { TextSample } from '../types.js';

/**
 * The samples and per-input counts an augmenter takes from shard records: when any record carries
 * `outputs` (targeted generation, `align.budget`), the records without it (outputs copy their
 * parent's fields) and `outputsPerInput` (0 for a record without it); else the records as they
 * are and no counts, so a run without a budget is unchanged.
 */
export function budgetedTextRecords(records: readonly (TextSample & { outputs?: number })[]): { samples: readonly TextSample[]; outputsPerInput?: number[] } {
  if (!records.some((record) => record.outputs !== undefined)) return { samples: records };
  return {
    samples: records.map(({ outputs: _outputs, ...sample }) => sample),
    outputsPerInput: records.map((record) => record.outputs ?? 0),
  };
}
