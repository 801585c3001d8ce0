/** Resolves the `data-metric` paths of the report (e.g. `variants[0].metrics["test"]["accuracy"].mean`) in a JSON value. */
export function resolveMetricPath(root: unknown, path: string): unknown {
  const pattern = /\.?([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/gy;
  let current: unknown = root;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = pattern.exec(path)) !== null) {
    consumed = pattern.lastIndex;
    const key = match[1] ?? (match[2] !== undefined ? Number(match[2]) : (JSON.parse(match[3]) as string));
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
    if (consumed === path.length) break;
  }
  if (consumed !== path.length) throw new Error(`cannot parse metric path ${path} at ${consumed}`);
  return current;
}
