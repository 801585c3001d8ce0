/**
 * Weak supervision for texts: keyword and regex labelling functions (LFs), each voting one label or
 * abstaining, combined by majority vote, with the per-LF summary of Snorkel's `LFAnalysis`
 * (Ratner et al., VLDB 2018): polarity, coverage, overlaps and conflicts.
 */
import type { LabelingFunction } from '../../config/label.js';
import { SampleForgeError } from '../../errors.js';
import { quoteIdent, type Database } from '../../internal/duckdb.js';

/** A keyword / regex labelling function (the `label.weak.functions[]` entry). */
export type { LabelingFunction };

/** One LF's row of the summary; fractions are of all texts. */
export interface LabelingFunctionSummary {
  name: string;
  /** Labels the LF voted (one for keyword/regex LFs). */
  polarity: string[];
  /** Texts the LF voted on. */
  covered: number;
  coverage: number;
  /** Texts the LF voted on that at least one other LF also voted on. */
  overlapped: number;
  overlaps: number;
  /** Texts the LF voted on where another LF voted a different label. */
  conflicted: number;
  conflicts: number;
}

/** The LF summary, the majority-vote outcome and the labels filled in. */
export interface WeakLabelsResult {
  table: string;
  texts: number;
  functions: LabelingFunctionSummary[];
  /** Texts with at least one vote, and their share. */
  covered: number;
  coverage: number;
  /** Texts labelled by a strict majority. */
  labelled: number;
  /** Texts whose top labels tie; left unlabelled. */
  ties: number;
  /** Texts no LF voted on; left unlabelled. */
  abstained: number;
  /** Rows of texts.label filled (when `fillMissing`). */
  filled: number;
}

/** Where the votes are written and whether they fill missing labels. */
export interface WeakLabelsOptions {
  /** Output table (id, label, votes, status); default `weak_labels`. */
  table?: string;
  /** Input table with id and text; default `texts`. */
  source?: string;
  /** Copy the voted label into `source.label` where it is null; default true. */
  fillMissing?: boolean;
}

const RE2_SPECIAL = /[\\^$.|?*+()[\]{}]/g;

/** The RE2 pattern of an LF: its regex, or its keywords as escaped alternatives. Matching is case-insensitive. */
export function labelingFunctionPattern(lf: LabelingFunction): string {
  const parts: string[] = [];
  if (lf.pattern !== undefined) parts.push(`(?:${lf.pattern})`);
  if (lf.keywords !== undefined && lf.keywords.length > 0) parts.push(lf.keywords.map((keyword) => keyword.replace(RE2_SPECIAL, '\\$&')).join('|'));
  if (parts.length === 0) throw new SampleForgeError('E_CONFIG', `labelling function ${lf.name} has neither keywords nor a pattern; give one`, { details: { name: lf.name } });
  return parts.join('|');
}

/**
 * Applies the LFs to `source` (default `texts`), writes the majority-vote labels to `table`
 * (status `labelled`, `tie` or `abstain`; label null unless labelled) and returns the LF summary.
 */
export async function applyLabelingFunctions(db: Database, functions: readonly LabelingFunction[], options: WeakLabelsOptions = {}): Promise<WeakLabelsResult> {
  const table = options.table ?? 'weak_labels';
  const source = quoteIdent(options.source ?? 'texts');
  const names = new Set<string>();
  for (const lf of functions) {
    if (names.has(lf.name)) throw new SampleForgeError('E_CONFIG', `two labelling functions are named ${lf.name}; names must be unique`, { details: { name: lf.name } });
    names.add(lf.name);
  }
  const votes = quoteIdent(`__lf_votes_${table}`);
  const params: Record<string, string> = {};
  const selects = functions.map((lf, index) => {
    params[`name${index}`] = lf.name;
    params[`label${index}`] = lf.label;
    params[`pattern${index}`] = labelingFunctionPattern(lf);
    return `SELECT id, $name${index} AS lf, $label${index} AS label FROM ${source} WHERE regexp_matches(text, $pattern${index}, 'i')`;
  });
  await db.run(
    `CREATE OR REPLACE TEMP TABLE ${votes} AS ${selects.length === 0 ? `SELECT NULL::VARCHAR AS id, NULL::VARCHAR AS lf, NULL::VARCHAR AS label LIMIT 0` : selects.join(' UNION ALL ')}`,
    params,
  );
  try {
    const texts = Number((await db.scalar<number>(`SELECT count(*) FROM ${source}`)) ?? 0);
    const perLf = await db.all<{ lf: string; polarity: string[]; covered: number; overlapped: number; conflicted: number }>(
      `WITH per_text AS (SELECT id, count(*) AS n, count(DISTINCT label) AS labels FROM ${votes} GROUP BY id)
       SELECT v.lf, list_sort(list_distinct(list(v.label))) AS polarity, count(*) AS covered,
              count(*) FILTER (WHERE p.n > 1) AS overlapped, count(*) FILTER (WHERE p.labels > 1) AS conflicted
       FROM ${votes} v JOIN per_text p ON v.id = p.id GROUP BY v.lf`,
    );
    const byName = new Map(perLf.map((row) => [row.lf, row]));
    const share = (count: number) => (texts === 0 ? 0 : count / texts);
    const summaries = functions.map((lf): LabelingFunctionSummary => {
      const row = byName.get(lf.name);
      const covered = Number(row?.covered ?? 0);
      const overlapped = Number(row?.overlapped ?? 0);
      const conflicted = Number(row?.conflicted ?? 0);
      return {
        name: lf.name,
        polarity: row?.polarity ?? [],
        covered,
        coverage: share(covered),
        overlapped,
        overlaps: share(overlapped),
        conflicted,
        conflicts: share(conflicted),
      };
    });
    await db.run(
      `CREATE OR REPLACE TABLE ${quoteIdent(table)} AS
       WITH counts AS (SELECT id, label, count(*) AS n FROM ${votes} GROUP BY id, label),
            ranked AS (SELECT id, label, n, rank() OVER (PARTITION BY id ORDER BY n DESC) AS r, sum(n) OVER (PARTITION BY id) AS total FROM counts),
            decided AS (SELECT id, count(*) FILTER (WHERE r = 1) AS top, any_value(label) FILTER (WHERE r = 1) AS label, any_value(total) AS votes FROM ranked GROUP BY id)
       SELECT t.id, CASE WHEN d.top = 1 THEN d.label END AS label, coalesce(d.votes, 0)::INTEGER AS votes,
              CASE WHEN d.id IS NULL THEN 'abstain' WHEN d.top = 1 THEN 'labelled' ELSE 'tie' END AS status
       FROM ${source} t LEFT JOIN decided d ON t.id = d.id ORDER BY t.id`,
    );
    const statuses = Object.fromEntries(
      (await db.all<{ status: string; n: number }>(`SELECT status, count(*) AS n FROM ${quoteIdent(table)} GROUP BY status`)).map((row) => [row.status, Number(row.n)]),
    );
    let filled = 0;
    if (options.fillMissing ?? true) {
      filled = Number(
        (await db.scalar<number>(
          `UPDATE ${source} SET label = w.label FROM (SELECT DISTINCT id, label FROM ${quoteIdent(table)} WHERE label IS NOT NULL) w
           WHERE ${source}.id = w.id AND ${source}.label IS NULL`,
        )) ?? 0,
      );
    }
    const covered = (statuses.labelled ?? 0) + (statuses.tie ?? 0);
    return {
      table,
      texts,
      functions: summaries,
      covered,
      coverage: share(covered),
      labelled: statuses.labelled ?? 0,
      ties: statuses.tie ?? 0,
      abstained: statuses.abstain ?? 0,
      filled,
    };
  } finally {
    await db.run(`DROP TABLE IF EXISTS ${votes}`);
  }
}
