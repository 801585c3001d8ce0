// A stand-in external trainer for tests: reads the SampleForge manifest, counts item popularity in
// the training sequences, and writes each query's top-K most popular unseen items.
// With `output: scores` in the manifest it writes every query's popularity counts as float32 scores.
// Flags for fault tests: --fail (exit 3), --malformed (a broken line 2), --sleep (never finishes).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const manifestPath = args.find((arg) => !arg.startsWith('--'));
if (args.includes('--fail')) {
  process.stderr.write('popularity-trainer: failing on purpose (--fail)\n');
  process.exit(3);
}
if (args.includes('--sleep')) setInterval(() => {}, 1000);
else {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const dir = manifest.directory;
  const readLines = (file) => readFileSync(join(dir, file), 'utf8').split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line));
  const counts = new Float64Array(manifest.numItems + 1);
  for (const row of readLines(manifest.files.train)) for (const item of row.items) counts[item] += 1;
  // Ties broken by smaller id, so the output is deterministic.
  const order = Array.from({ length: manifest.numItems }, (_, i) => i + 1).sort((a, b) => counts[b] - counts[a] || a - b);
  if (manifest.output === 'scores') {
    const queries = readLines(manifest.files.queries);
    const scores = new Float32Array(queries.length * (manifest.numItems + 1));
    queries.forEach((_, row) => scores.set(counts, row * (manifest.numItems + 1)));
    writeFileSync(join(dir, manifest.files.scores), Buffer.from(scores.buffer));
    process.exit(0);
  }
  const lines = [];
  for (const query of readLines(manifest.files.queries)) {
    const exclude = new Set(query.exclude);
    const items = [];
    for (const item of order) {
      if (items.length === manifest.topK) break;
      if (!exclude.has(item)) items.push(item);
    }
    lines.push(JSON.stringify({ user: query.user, items }));
  }
  if (args.includes('--malformed')) lines[1] = '{"user": 1, "items": [1, 2,';
  writeFileSync(join(dir, manifest.files.predictions), `${lines.join('\n')}\n`);
}
