/**
 * Text normalisation that keeps model numbers, sizes and units intact: NFKC, full-width to
 * half-width, whitespace and case. Nothing is split or removed, so "iPhone 13 Pro 128GB",
 * "1.5L", "5'11\"", "USB-C" and "3.5mm" survive as their lowercase selves.
 */
import { DuckDBScalarFunction, VARCHAR } from '@duckdb/node-api';
import type { NormalizeTextConfig } from '../../config/clean.js';
import { quoteIdent, type Database } from '../../internal/duckdb.js';
import type { CleanReportEntry } from './drop-rows.js';
import { tableColumns, tableExists } from './drop-rows.js';

/** Which normalisation steps run; each is on by default. */
export type NormalizeTextOptions = Pick<NormalizeTextConfig, 'nfkc' | 'fullWidth' | 'whitespace' | 'lowercase'>;

/** Every step on: what {@link normalizeText} does without options. */
export const FULL_NORMALIZATION: NormalizeTextOptions = Object.freeze({ nfkc: true, fullWidth: true, whitespace: true, lowercase: true });

const FULL_WIDTH = /[\uff01-\uff5e\u3000]/g;
// Control characters and every Unicode space (NBSP, thin space, ideographic space) count as whitespace.
const WHITESPACE = /[\s\p{Cc}\p{Zs}]+/gu;

/** Maps full-width ASCII forms (U+FF01..U+FF5E) to ASCII and the ideographic space to a space. */
export function toHalfWidth(text: string): string {
  return text.replace(FULL_WIDTH, (char) => (char === '\u3000' ? ' ' : String.fromCharCode(char.charCodeAt(0) - 0xfee0)));
}

// Printable ASCII is already NFKC and half-width and has no whitespace but the plain space.
const BEYOND_PRINTABLE_ASCII = /[^\x20-\x7e]/;
const SPACES = / {2,}/g;

/** Normalises one text; `options` default to every step on. */
export function normalizeText(text: string, options: NormalizeTextOptions = FULL_NORMALIZATION): string {
  let out = text;
  if (BEYOND_PRINTABLE_ASCII.test(out)) {
    if (options.nfkc) out = out.normalize('NFKC');
    if (options.fullWidth) out = toHalfWidth(out);
    if (options.whitespace) out = out.replace(WHITESPACE, ' ').trim();
  } else if (options.whitespace) {
    out = out.replace(SPACES, ' ').trim();
  }
  if (options.lowercase) out = out.toLowerCase();
  return out;
}

function optionsKey(options: NormalizeTextOptions): string {
  return `${Number(options.nfkc)}${Number(options.fullWidth)}${Number(options.whitespace)}${Number(options.lowercase)}`;
}

const registered = new WeakMap<object, Set<string>>();

/**
 * Registers `sf_normalize_text_<flags>(VARCHAR) -> VARCHAR` on the database's connection (once) and
 * returns its name, so SQL can normalise columns without a round trip through JS rows.
 */
export function registerNormalizeTextFunction(db: Database, options: NormalizeTextOptions = FULL_NORMALIZATION): string {
  const name = `sf_normalize_text_${optionsKey(options)}`;
  const names = registered.get(db.connection) ?? new Set<string>();
  if (names.has(name)) return name;
  db.connection.registerScalarFunction(
    DuckDBScalarFunction.create({
      name,
      returnType: VARCHAR,
      parameterTypes: [VARCHAR],
      mainFunction: (_info, input, output) => {
        const column = input.getColumnVector(0);
        for (let row = 0; row < input.rowCount; row++) {
          const value = column.getItem(row);
          output.setItem(row, typeof value === 'string' ? normalizeText(value, options) : null);
        }
        output.flush();
      },
    }),
  );
  names.add(name);
  registered.set(db.connection, names);
  return name;
}

/** The columns the rule normalises: texts.text and items.title. */
export const NORMALIZED_COLUMNS: readonly { table: string; column: string }[] = Object.freeze([
  { table: 'texts', column: 'text' },
  { table: 'items', column: 'title' },
]);

/**
 * Normalises texts.text and items.title in place; drops nothing and reports rows changed. Values
 * are streamed to JS and appended back in chunks, which bench/ingest/normalize-text.ts measured
 * faster than calling the scalar UDF from SQL.
 */
export async function normalizeTextColumns(db: Database, options: NormalizeTextOptions = FULL_NORMALIZATION): Promise<CleanReportEntry[]> {
  const reports: CleanReportEntry[] = [];
  for (const { table, column } of NORMALIZED_COLUMNS) {
    if (!(await tableExists(db, table)) || !(await tableColumns(db, table)).includes(column)) continue;
    const target = quoteIdent(column);
    const stagedName = `__normalized_${table}`;
    const staged = quoteIdent(stagedName);
    await db.run(`CREATE OR REPLACE TEMP TABLE ${staged} (rid BIGINT, value VARCHAR)`);
    let changed: number | undefined;
    try {
      const appender = await db.connection.createAppender(stagedName, null, 'temp');
      try {
        const result = await db.connection.stream(`SELECT rowid, ${target} FROM ${quoteIdent(table)} WHERE ${target} IS NOT NULL`);
        for (;;) {
          const chunk = await result.fetchChunk();
          if (chunk === null || chunk.rowCount === 0) break;
          const ids = chunk.getColumnValues(0) as bigint[];
          const values = chunk.getColumnValues(1) as string[];
          for (let row = 0; row < ids.length; row++) {
            const value = normalizeText(values[row], options);
            if (value === values[row]) continue;
            appender.appendBigInt(ids[row]);
            appender.appendVarchar(value);
            appender.endRow();
          }
        }
      } finally {
        appender.closeSync();
      }
      changed = await db.scalar<number>(`UPDATE ${quoteIdent(table)} SET ${target} = s.value FROM ${staged} s WHERE ${quoteIdent(table)}.rowid = s.rid`);
    } finally {
      await db.run(`DROP TABLE IF EXISTS ${staged}`);
    }
    reports.push({
      rule: 'normalize-text',
      table,
      dropped: 0,
      reason: `normalised ${column}`,
      details: { column, changed: Number(changed ?? 0), ...options },
    });
  }
  return reports;
}
