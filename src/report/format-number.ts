/** The one number format of the report; the browser test checks shown text against it. */

/**
 * Formats a metric for display: integers as they are (with thin grouping), p-values and other
 * tiny numbers in exponent form below 0.001, everything else with 4 decimals.
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  if (value !== 0 && Math.abs(value) < 1e-3) return value.toExponential(2);
  return value.toFixed(4);
}
