/**
 * Issue 8, "a GAN where it earns its keep": interaction feature vectors of MovieLens-100k (each
 * rating in u.data joined with its user in u.user and its movie in u.item), the kind of table a
 * GAN is supposed to win on: a skewed, multi-modal release year (one movie, 9 of the 100,000
 * ratings, has no date), an hour of day with a daily cycle, ratings on five levels, and imbalanced
 * categories (21 occupations, 19 first genres, the rarest under 0.1%). Independent marginals, the
 * Gaussian copula, the copula stratified by occupation, the tabular VAE and the tabular GAN on the
 * same metrics and seeds, with fit time, and the shape of each column on the first seed.
 * Run: npx vite-node bench/tabular/movielens-interactions.ts
 *
 * Size, for a 2-core machine shared with other work: 20,000 of the 100,000 ratings, drawn once with
 * seed 0; the VAE and the GAN train for a fixed budget of steps (below), not to convergence; the
 * distance to closest record is taken between 2,000 synthetic and 2,000 real rows (a seeded draw),
 * as the full 20,000 x 20,000 comparison would dominate the run.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TabularColumn, TabularRow } from '../../src/augment/generative/tabular.js';
import { sha256 } from '../../src/internal/fingerprint.js';
import { createRng } from '../../src/internal/rng.js';
import { distanceToClosestRecord } from '../../src/quality/table/privacy.js';
import { evaluateTableQuality } from '../../src/quality/table/table-quality.js';
import { meanAndSpread, qualityLine, synthesize, type Variant } from './synthesizers.js';

const folder = path.resolve(process.cwd(), '../shared/data/movielens-100k');
const SEEDS = [1, 2, 3];
const ROWS = 20_000;
const PRIVACY_ROWS = 2_000;
const GENRES = ['unknown', 'Action', 'Adventure', 'Animation', "Children's", 'Comedy', 'Crime', 'Documentary', 'Drama', 'Fantasy', 'Film-Noir', 'Horror', 'Musical', 'Mystery', 'Romance', 'Sci-Fi', 'Thriller', 'War', 'Western'];

const VARIANTS: readonly Variant[] = [
  ['independent marginals', { copula: { independent: true } }],
  ['gaussian copula', { copula: {} }],
  ['copula by occupation', { copula: { stratifyBy: 'occupation', minStratumRows: 50, smoothing: 0.5 } }],
  // TVAE's networks, 20 epochs of 157 batches of 128 (3,140 steps) instead of 300 epochs.
  ['tabular VAE', { vae: { epochs: 20 } }],
  // CTGAN's batch of 500 in packs of 10, [128, 128] networks, 40 epochs of 40 steps (1,600 steps).
  ['tabular GAN', { gan: { epochs: 40, generatorHidden: [128, 128], criticHidden: [128, 128] } }],
];

const columns: TabularColumn[] = [
  { name: 'age', kind: 'numeric', integer: true },
  { name: 'gender', kind: 'categorical' },
  { name: 'occupation', kind: 'categorical' },
  { name: 'genre', kind: 'categorical' },
  { name: 'year', kind: 'numeric', integer: true },
  { name: 'rating', kind: 'numeric', integer: true },
  { name: 'hour', kind: 'numeric', integer: true },
  { name: 'weekday', kind: 'categorical' },
];

const lines = (text: string): string[][] => text.split('\n').filter((line) => line.trim() !== '').map((line) => line.split(/\||\t/));

/**
 * One row per rating: the user's age, gender and occupation; the movie's first genre and release
 * year (null when u.item has no date); the rating; hour and weekday of the timestamp in UTC.
 */
function joinInteractions(data: string, users: string, items: string): TabularRow[] {
  const userById = new Map(lines(users).map(([id, age, gender, occupation]) => [id, { age: Number(age), gender, occupation }]));
  const itemById = new Map(
    lines(items).map((fields) => {
      const flags = fields.slice(5, 24);
      const first = flags.indexOf('1');
      const year = /\d{4}$/.exec(fields[2])?.[0];
      return [fields[0], { genre: first < 0 ? 'unknown' : GENRES[first], year: year === undefined ? null : Number(year) }];
    }),
  );
  return lines(data).map(([userId, itemId, rating, timestamp]) => {
    const user = userById.get(userId);
    const item = itemById.get(itemId);
    if (user === undefined || item === undefined) throw new Error(`u.data names user ${userId} or item ${itemId}, absent from u.user or u.item`);
    const time = new Date(Number(timestamp) * 1000);
    return { ...user, ...item, rating: Number(rating), hour: time.getUTCHours(), weekday: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'][time.getUTCDay()] };
  });
}

const [data, users, items] = await Promise.all(['u.data', 'u.user', 'u.item'].map((name) => readFile(path.join(folder, name), 'latin1')));
const all = joinInteractions(data, users, items);
const real = createRng(0)
  .sample(all.length, ROWS)
  .sort((a, b) => a - b)
  .map((index) => all[index]);
console.log(`data ${folder}/u.data sha256 ${sha256(data).slice(0, 16)}… ${all.length} ratings, ${real.length} drawn with seed 0; columns ${columns.map((column) => column.name).join(', ')}`);
const totals: Record<string, number[]> = {};
for (const seed of SEEDS) {
  for (const [name, variant] of VARIANTS) {
    const { sample, seconds } = synthesize(real, columns, variant, seed, 'movielens-100k/u.data');
    const rows = sample.rows.map((row) => row.sample);
    const quality = evaluateTableQuality(real, rows, { columns, seed, skipPrivacy: true });
    const privacyRng = createRng(seed).fork('privacy');
    const subset = (table: readonly TabularRow[]) => privacyRng.sample(table.length, PRIVACY_ROWS).map((index) => table[index]);
    quality.privacy = { ...distanceToClosestRecord(subset(real), subset(rows), columns), copies: quality.privacy.copies };
    console.log(`seed ${seed} ${qualityLine(name, quality, seconds)}  refused while sampling ${sample.refusedCopies}`);
    // Where each synthesizer wins or loses: the shape of every column, on the first seed.
    if (seed === SEEDS[0]) console.log(`       ${name} column shapes: ${quality.details.columns.map((column) => `${column.column} ${column.score.toFixed(3)}`).join(', ')}`);
    for (const [metric, value] of [['shapes', quality.columnShapes], ['pairs', quality.pairTrends], ['auc', quality.detectionAuc], ['copies', quality.privacy.copies], ['seconds', seconds]] as const) {
      (totals[`${name}/${metric}`] ??= []).push(value);
    }
  }
}
const bootstrapRng = createRng(7);
const bootstrap = Array.from({ length: real.length }, () => real[bootstrapRng.int(real.length)]);
const reference = evaluateTableQuality(real, bootstrap, { columns, seed: 7, skipPrivacy: true });
console.log(`reference: bootstrap of the real rows  shapes ${reference.columnShapes.toFixed(4)}  pairs ${reference.pairTrends.toFixed(4)}  detection AUC ${reference.detectionAuc.toFixed(4)}  copies ${reference.privacy.copies}`);
for (const [name] of VARIANTS) {
  console.log(
    `mean of ${SEEDS.length} seeds, ${name.padEnd(22)} shapes ${meanAndSpread(totals[`${name}/shapes`])}  pairs ${meanAndSpread(totals[`${name}/pairs`])}  detection AUC ${meanAndSpread(totals[`${name}/auc`])}  copies ${Math.max(...totals[`${name}/copies`])} max  fit+sample ${meanAndSpread(totals[`${name}/seconds`])} s`,
  );
}
