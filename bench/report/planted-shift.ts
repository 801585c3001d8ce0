/**
 * The shift bar on a planted case: a table with a known shift in exactly two fields (category, price).
 * Prints which fields the shift metrics flag and the classifier two-sample AUC before and after
 * alignment, next to a no-shift baseline (real vs a second real sample) measured in the same run.
 *
 *   npx vite-node bench/report/planted-shift.ts
 */
import { computeImportanceWeights } from '../../src/quality/align/importance-weights.js';
import { stratifiedResample } from '../../src/quality/align/stratified-resample.js';
import { createRng } from '../../src/internal/rng.js';
import { classifierAuc, measureShift } from '../../src/quality/shift/measure-shift.js';
import { createPlantedShift, PLANTED_FIELDS, PLANTED_SHIFTED_FIELDS } from '../../src/quality/shift/test-support/planted-shift.js';

const REAL = 5000;
const SYNTHETIC = 10_000;
const fields = Object.entries(PLANTED_FIELDS).map(([name, kind]) => ({ name, kind }));

const started = performance.now();
const { real, synthetic } = createPlantedShift(2026, REAL, SYNTHETIC);
const { real: secondReal } = createPlantedShift(2027, REAL, 0);
const slices = ['category', 'label', 'userActivity', 'itemPopularity'];

const baseline = measureShift(real, secondReal, { seed: 1, fields: PLANTED_FIELDS, slices });
const before = measureShift(real, synthetic, { seed: 1, fields: PLANTED_FIELDS, slices });
const flagged = before.fields.filter((field) => field.flagged).map((field) => ({ name: field.field, kind: field.kind }));
const resampled = stratifiedResample(synthetic, { fields: flagged, real, rng: createRng(2), size: REAL });
const after = measureShift(real, resampled.samples, { seed: 1, fields: PLANTED_FIELDS, slices });

const { weights } = computeImportanceWeights(real, synthetic, { fields, rng: createRng(3), min: 0.05, max: 20 });
const weightRng = createRng(4);
const cumulative: number[] = [];
weights.reduce((total, weight, index) => (cumulative[index] = total + weight), 0);
const weighted = Array.from({ length: REAL }, () => {
  const target = weightRng.float() * cumulative[cumulative.length - 1];
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (cumulative[middle] < target) low = middle + 1;
    else high = middle;
  }
  return synthetic[low];
});
const weightedAuc = classifierAuc(real, weighted, fields, createRng(5))?.auc;
const seconds = (performance.now() - started) / 1000;

const format = (value: number | undefined): string => (value === undefined ? '-' : value.toFixed(4));
console.log(`planted shift: ${REAL} real, ${SYNTHETIC} synthetic, shifted fields ${PLANTED_SHIFTED_FIELDS.join(', ')}; ${slices.length} slice fields`);
console.log(`baseline (real vs real):      flagged [${baseline.flaggedFields.join(', ')}]  C2ST AUC ${format(baseline.classifier?.auc)}  flagged slices ${baseline.slices.filter((s) => s.flagged).length}/${baseline.slices.length}`);
console.log(`before alignment:             flagged [${before.flaggedFields.join(', ')}]  C2ST AUC ${format(before.classifier?.auc)}  flagged slices ${before.slices.filter((s) => s.flagged).length}/${before.slices.length}`);
console.log(`after stratified resampling:  flagged [${after.flaggedFields.join(', ')}]  C2ST AUC ${format(after.classifier?.auc)}`);
console.log(`after importance-weighted resampling (w clipped to [0.05, 20]): C2ST AUC ${format(weightedAuc)}`);
for (const field of before.fields) {
  const measure = field.jsd ?? field.ks?.statistic ?? field.text?.unigramJsd;
  const afterField = after.fields.find((candidate) => candidate.field === field.field);
  const afterMeasure = afterField?.jsd ?? afterField?.ks?.statistic ?? afterField?.text?.unigramJsd;
  console.log(`  ${field.field.padEnd(15)} ${field.kind.padEnd(11)} ${field.kind === 'categorical' ? 'JSD' : field.kind === 'numeric' ? 'KS ' : 'uJSD'} before ${format(measure)} after ${format(afterMeasure)} ${field.flagged ? 'FLAGGED' : ''}`);
}
const pass = before.flaggedFields.slice().sort().join() === [...PLANTED_SHIFTED_FIELDS].sort().join() && (after.classifier?.auc ?? 1) < 0.6;
console.log(`bar (flags exactly the two shifted fields, AUC after < 0.6): ${pass ? 'PASS' : 'FAIL'}  (${seconds.toFixed(1)} s)`);
