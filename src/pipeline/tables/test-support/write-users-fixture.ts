/** A split-stage folder for table synthesis tests and report fixtures: planted users as Parquet. */
import { join } from 'node:path';
import { withDatabase } from '../../../internal/duckdb.js';
import { createRng } from '../../../internal/rng.js';

const OCCUPATIONS = [
  { name: 'student', share: 0.4, age: 21, income: 9 },
  { name: 'engineer', share: 0.35, age: 38, income: 70 },
  { name: 'retired', share: 0.2, age: 67, income: 30 },
  { name: 'artist', share: 0.05, age: 45, income: 25 },
];

/**
 * Writes `users.parquet` into `folder`: 300 users whose age and income depend on occupation (artists
 * thin), and a near-unique zip; `users_train.parquet` (the first 200) and `interactions.parquet`.
 */
export async function writeUsersFixture(folder: string): Promise<void> {
  const rng = createRng(11);
  const rows = Array.from({ length: 300 }, (_, index) => {
    let roll = rng.float();
    const occupation = OCCUPATIONS.find((entry) => (roll -= entry.share) < 0) ?? OCCUPATIONS[0];
    return {
      user_id: `u${String(index + 1).padStart(3, '0')}`,
      age: Math.max(16, Math.round(occupation.age + 4 * rng.normal())),
      gender: rng.chance(occupation.name === 'engineer' ? 0.7 : 0.45) ? 'M' : 'F',
      occupation: occupation.name,
      income: Math.round(occupation.income * Math.exp(0.3 * rng.normal()) * 100) / 100,
      zip: String(10000 + index * 7),
    };
  });
  await withDatabase(':memory:', async (db) => {
    await db.run('CREATE TABLE users (user_id VARCHAR, age INTEGER, gender VARCHAR, occupation VARCHAR, income DOUBLE, zip VARCHAR)');
    for (const row of rows) await db.run('INSERT INTO users VALUES ($user_id, $age, $gender, $occupation, $income, $zip)', row);
    await db.run(`COPY users TO $path (FORMAT parquet)`, { path: join(folder, 'users.parquet') });
    await db.run(`COPY (SELECT * FROM users WHERE user_id <= 'u200') TO $path (FORMAT parquet)`, { path: join(folder, 'users_train.parquet') });
    await db.run(`COPY (SELECT 'u001' AS user_id, 'i1' AS item_id) TO $path (FORMAT parquet)`, { path: join(folder, 'interactions.parquet') });
  });
}
