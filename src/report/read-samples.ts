/** Reads samples.parquet of a run directory into a compact, column-oriented payload for the sample browser. */
import { gzipSync } from 'node:zlib';
import { withDatabase } from '../internal/duckdb.js';

/** Columns stored once per distinct value (dictionary-encoded): most repeat across many samples. */
const DICTIONARY_COLUMNS = ['kind', 'augmenter', 'label', 'params', 'seed', 'llm', 'verdicts', 'original'] as const;
/** Columns stored as they are, one value per sample. */
const PLAIN_COLUMNS = ['id', 'sample', 'parents'] as const;

type DictionaryColumn = (typeof DICTIONARY_COLUMNS)[number];
type PlainColumn = (typeof PLAIN_COLUMNS)[number];

/**
 * The sample browser's data: `dict[column][codes[column][row]]` for repeated columns, `plain[column][row]`
 * for the rest, `kept` as a string of 0/1. `parents` holds lineage parent ids joined by U+001F.
 * One payload holds one block of rows.
 */
export interface SamplePayload {
  version: 1;
  count: number;
  dict: Record<DictionaryColumn, (string | null)[]>;
  codes: Record<DictionaryColumn, number[]>;
  plain: Record<PlainColumn, (string | null)[]>;
  kept: string;
}

/** Rows per independently decodable block: the first page needs only the first block. */
export const DEFAULT_BLOCK_SIZE = 50_000;

function emptyPayload(): SamplePayload {
  return {
    version: 1,
    count: 0,
    dict: Object.fromEntries(DICTIONARY_COLUMNS.map((column) => [column, []])) as unknown as SamplePayload['dict'],
    codes: Object.fromEntries(DICTIONARY_COLUMNS.map((column) => [column, []])) as unknown as SamplePayload['codes'],
    plain: Object.fromEntries(PLAIN_COLUMNS.map((column) => [column, []])) as unknown as SamplePayload['plain'],
    kept: '',
  };
}

/**
 * Streams a samples.parquet file (DuckDB chunks) and hands over one {@link SamplePayload} per block
 * of `blockSize` rows, in file order; each block has its own dictionaries, so it decodes alone.
 */
export async function forEachSampleBlock(path: string, onBlock: (block: SamplePayload) => void, blockSize = DEFAULT_BLOCK_SIZE): Promise<number> {
  let dictionaries = new Map<DictionaryColumn, Map<string | null, number>>();
  let payload = emptyPayload();
  let keptParts: string[] = [];
  let total = 0;
  const flush = (): void => {
    if (payload.count === 0) return;
    payload.kept = keptParts.join('');
    onBlock(payload);
    payload = emptyPayload();
    dictionaries = new Map();
    keptParts = [];
  };
  await withDatabase(':memory:', async (db) => {
    const result = await db.connection.stream(
      `SELECT id, kind, augmenter, array_to_string(parent_ids, chr(31)) AS parents, original, sample, label, params,
              CAST(seed AS VARCHAR) AS seed, llm, kept, verdicts
       FROM read_parquet($path)`,
      { path },
    );
    const names = result.columnNames();
    for (;;) {
      const chunk = await result.fetchChunk();
      if (chunk === null || chunk.rowCount === 0) break;
      const columns = Object.fromEntries(names.map((name, index) => [name, chunk.getColumnValues(index)]));
      for (let row = 0; row < chunk.rowCount; row++) {
        for (const column of DICTIONARY_COLUMNS) {
          let dictionary = dictionaries.get(column);
          if (!dictionary) dictionaries.set(column, (dictionary = new Map()));
          const value = columns[column][row] as string | null;
          let code = dictionary.get(value);
          if (code === undefined) {
            code = payload.dict[column].length;
            dictionary.set(value, code);
            payload.dict[column].push(value);
          }
          payload.codes[column].push(code);
        }
        for (const column of PLAIN_COLUMNS) payload.plain[column].push(columns[column][row] as string | null);
        keptParts.push(columns.kept[row] ? '1' : '0');
        payload.count++;
        total++;
        if (payload.count === blockSize) flush();
      }
    }
  });
  flush();
  return total;
}

/** Every block of a samples.parquet file, unpacked (tests and small runs). */
export async function readSampleBlocks(path: string, blockSize = DEFAULT_BLOCK_SIZE): Promise<SamplePayload[]> {
  const blocks: SamplePayload[] = [];
  await forEachSampleBlock(path, (block) => blocks.push(block), blockSize);
  return blocks;
}

/** Every block of a samples.parquet file, packed as it is read so memory holds one unpacked block at a time. */
export async function readPackedSampleBlocks(path: string, blockSize = DEFAULT_BLOCK_SIZE): Promise<{ count: number; blocks: { count: number; packed: string }[] }> {
  const blocks: { count: number; packed: string }[] = [];
  const count = await forEachSampleBlock(path, (block) => blocks.push({ count: block.count, packed: packSamplePayload(block) }), blockSize);
  return { count, blocks };
}

/** gzip (level 6) then base64 of a block's JSON, for DecompressionStream in the browser. */
export function packSamplePayload(payload: SamplePayload): string {
  return gzipSync(Buffer.from(JSON.stringify(payload)), { level: 6 }).toString('base64');
}
