/**
 * JSONL encoding of shard outputs, byte for byte what `records.map(JSON.stringify)` joined with
 * newlines gives, but cheaper for the commonest shape: the `Augmented<TextSample>` records that text
 * augmenters emit by the million. For those, the parts repeated between consecutive records (label,
 * language, parent ids, augmenter, params) are serialised once and copied, and strings holding
 * nothing JSON escapes are encoded straight into one growing Buffer: no string is built per record,
 * where an array of JSON.stringify lines joined and re-encoded built three. Any record of another shape, or with a part
 * that could serialise differently (a `toJSON`, a prototype other than Object's, an extra key,
 * `undefined`), is written with `JSON.stringify` itself.
 */

const RECORD_KEYS = ['id', 'sample', 'lineage'];
const SAMPLE_KEYS = ['id', 'text', 'language'];
const LABELLED_SAMPLE_KEYS = ['id', 'text', 'label', 'language'];
const LINEAGE_KEYS = ['parentIds', 'augmenter', 'params', 'seed', 'verdicts'];

type Plain = Record<string, unknown>;

/**
 * Whether `key in value` lists exactly `keys`, in order. `for...in` also lists inherited enumerable
 * keys; callers only pass objects whose prototype is `Object.prototype`, checked to have none.
 */
function hasKeys(value: Plain, keys: readonly string[]): boolean {
  let index = 0;
  for (const key in value) {
    if (key !== keys[index]) return false;
    index++;
  }
  return index === keys.length;
}

/** An object that JSON.stringify serialises as its own enumerable properties, with no `toJSON`. */
function isPlainObject(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype && (value as Plain).toJSON === undefined;
}

function isPlainArray(value: unknown): value is unknown[] {
  return Array.isArray(value) && Object.getPrototypeOf(value) === Array.prototype && (value as unknown as Plain).toJSON === undefined;
}

/** Whether `JSON.stringify(value)` depends on nothing but the value (frozen, own data properties, primitives). */
function isFixedPrimitiveRecord(value: Plain): boolean {
  if (!Object.isFrozen(value)) return false;
  for (const key in value) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    if (descriptor === undefined || !('value' in descriptor)) return false;
    const type = typeof descriptor.value;
    if (descriptor.value !== null && type !== 'string' && type !== 'number' && type !== 'boolean') return false;
  }
  return true;
}

const ascii = (text: string) => Uint8Array.from(text, (character) => character.charCodeAt(0));
const RECORD_START = ascii('{"id":');
const SAMPLE_START = ascii(',"sample":{"id":');
const TEXT_START = ascii(',"text":');
const LABEL_START = ascii(',"label":');
const LANGUAGE_START = ascii(',"language":');
const LINEAGE_START = ascii('},"lineage":{"parentIds":[');
const AUGMENTER_START = ascii('],"augmenter":');
const PARAMS_START = ascii(',"params":');
const SEED_START = ascii(',"seed":');
const VERDICTS_START = ascii(',"verdicts":');
const EMPTY_VERDICTS_END = ascii('[]}}\n');
const RECORD_END = ascii('}}\n');
const NEWLINE = 0x0a;
const EMPTY = Buffer.alloc(0);

/**
 * The working buffer of the last finished sink, for the next one. A sink grows by doubling, so an
 * output of n bytes allocated about 2n bytes of Buffers that died at once, and V8 counts external
 * memory allocated since the last mark-compact against the old generation's limit: in a worker
 * encoding one shard after another, that started most of its full collections (and their
 * concurrent marking, which a one-worker run gets for free on the idle core). With one buffer
 * reused and each output copied out at its exact size, a shard allocates n. Kept up to MAX_SPARE.
 */
let spare: Buffer | undefined;
const MAX_SPARE = 64 * 2 ** 20;

/**
 * An append-only UTF-8 buffer that doubles when full. Bytes once written stay at their offset, so
 * a part repeated from an earlier record is copied from where it was first written.
 */
class ByteSink {
  bytes: Buffer;
  length = 0;

  constructor(capacity: number) {
    const wanted = Math.max(capacity, 1024);
    // Taken, not shared: a second sink made before this one finishes allocates its own.
    this.bytes = spare !== undefined && spare.length >= wanted ? spare : Buffer.allocUnsafe(wanted);
    spare = undefined;
  }

  /** The bytes written, copied into a Buffer of their own; the working buffer goes to the next sink. */
  finish(): Buffer {
    const out = Buffer.allocUnsafe(this.length);
    this.bytes.copy(out, 0, 0, this.length);
    if (this.bytes.length <= MAX_SPARE && (spare === undefined || spare.length < this.bytes.length)) spare = this.bytes;
    this.bytes = EMPTY;
    this.length = 0;
    return out;
  }

  reserve(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(needed, this.bytes.length * 2));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  append(piece: Uint8Array): void {
    this.reserve(piece.length);
    this.bytes.set(piece, this.length);
    this.length += piece.length;
  }

  /** Copies bytes already written, `[start, end)`, to the end. */
  repeat(start: number, end: number): void {
    this.reserve(end - start);
    this.bytes.copyWithin(this.length, start, end);
    this.length += end - start;
  }

  /** `text` in UTF-8, as Buffer.from writes it (a lone surrogate becomes U+FFFD). */
  text(text: string): void {
    this.reserve(text.length * 3);
    const bytes = this.bytes;
    let at = this.length;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code < 0x80) {
        bytes[at++] = code;
      } else if (code < 0x800) {
        bytes[at++] = 0xc0 | (code >> 6);
        bytes[at++] = 0x80 | (code & 0x3f);
      } else if (code < 0xd800 || code > 0xdfff) {
        at = writeThreeBytes(bytes, at, code);
      } else {
        const low = code <= 0xdbff && i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
        if (low >= 0xdc00 && low <= 0xdfff) {
          at = writeFourBytes(bytes, at, code, low);
          i++;
        } else {
          at = writeThreeBytes(bytes, at, 0xfffd);
        }
      }
    }
    this.length = at;
  }

  /**
   * `JSON.stringify(text)` in UTF-8. Text with nothing to escape (no quote, backslash, control
   * character or lone surrogate) is copied as it is; anything else is written as JSON.stringify
   * gives it, so the escaping rules are never restated here.
   */
  quoted(text: string): void {
    this.reserve(text.length * 3 + 2);
    const bytes = this.bytes;
    const start = this.length;
    let at = start;
    bytes[at++] = 0x22;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code < 0x80) {
        if (code < 0x20 || code === 0x22 || code === 0x5c) return this.escaped(text, start);
        bytes[at++] = code;
      } else if (code < 0x800) {
        bytes[at++] = 0xc0 | (code >> 6);
        bytes[at++] = 0x80 | (code & 0x3f);
      } else if (code < 0xd800 || code > 0xdfff) {
        at = writeThreeBytes(bytes, at, code);
      } else {
        const low = code <= 0xdbff && i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
        if (low < 0xdc00 || low > 0xdfff) return this.escaped(text, start);
        at = writeFourBytes(bytes, at, code, low);
        i++;
      }
    }
    bytes[at++] = 0x22;
    this.length = at;
  }

  private escaped(text: string, start: number): void {
    this.length = start;
    this.text(JSON.stringify(text));
  }
}

function writeThreeBytes(bytes: Uint8Array, at: number, code: number): number {
  bytes[at] = 0xe0 | (code >> 12);
  bytes[at + 1] = 0x80 | ((code >> 6) & 0x3f);
  bytes[at + 2] = 0x80 | (code & 0x3f);
  return at + 3;
}

function writeFourBytes(bytes: Uint8Array, at: number, high: number, low: number): number {
  const point = ((high - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
  bytes[at] = 0xf0 | (point >> 18);
  bytes[at + 1] = 0x80 | ((point >> 12) & 0x3f);
  bytes[at + 2] = 0x80 | ((point >> 6) & 0x3f);
  bytes[at + 3] = 0x80 | (point & 0x3f);
  return at + 4;
}

/**
 * Writes `Augmented<TextSample>` records, copying the parts repeated between consecutive records
 * (label to params, which depend on the parent and the augmenter) from where they were first
 * written. One instance serves one synchronous pass over one sink.
 */
class AugmentedTextWriter {
  private middleKey: unknown[] = [];
  private middleStart = 0;
  private middleEnd = 0;
  /** Where each params object's JSON was first written, for objects whose JSON cannot change. */
  private readonly paramsAt = new Map<object, [number, number]>();
  private seed: unknown = undefined;
  private seedJson = '';

  constructor(private readonly sink: ByteSink) {}

  /** Writes the record's line and returns true, or returns false (writing nothing) when it is not of the expected shape. */
  write(record: unknown): boolean {
    if (!isPlainObject(record) || !hasKeys(record, RECORD_KEYS)) return false;
    // Each property is read once, as JSON.stringify reads it (a getter gives one value).
    const id = record.id;
    const sample = record.sample;
    if (typeof id !== 'string' || !isPlainObject(sample)) return false;
    const labelled = hasKeys(sample, LABELLED_SAMPLE_KEYS);
    if (!labelled && !hasKeys(sample, SAMPLE_KEYS)) return false;
    const sampleId = sample.id;
    const text = sample.text;
    const label = labelled ? sample.label : undefined;
    const language = sample.language;
    if (typeof sampleId !== 'string' || typeof text !== 'string' || (labelled && typeof label !== 'string') || typeof language !== 'string') return false;
    const lineage = record.lineage;
    if (!isPlainObject(lineage) || !hasKeys(lineage, LINEAGE_KEYS)) return false;
    const parentIds = lineage.parentIds;
    if (!isPlainArray(parentIds) || parentIds.length !== 1) return false;
    const parentId: unknown = parentIds[0];
    const augmenter = lineage.augmenter;
    const params = lineage.params;
    const seed = lineage.seed;
    const verdicts = lineage.verdicts;
    if (typeof parentId !== 'string' || typeof augmenter !== 'string' || !isPlainObject(params) || typeof seed !== 'number' || !isPlainArray(verdicts)) return false;

    const sink = this.sink;
    sink.append(RECORD_START);
    const idStart = sink.length;
    sink.quoted(id);
    const idEnd = sink.length;
    sink.append(SAMPLE_START);
    if (sampleId === id) sink.repeat(idStart, idEnd);
    else sink.quoted(sampleId);
    sink.append(TEXT_START);
    sink.quoted(text);

    const key = this.middleKey;
    if (key.length === 4 && key[0] === label && key[1] === language && key[2] === parentId && key[3] === augmenter) {
      sink.repeat(this.middleStart, this.middleEnd);
    } else {
      this.middleKey = [label, language, parentId, augmenter];
      this.middleStart = sink.length;
      if (labelled) {
        sink.append(LABEL_START);
        sink.quoted(label as string);
      }
      sink.append(LANGUAGE_START);
      sink.quoted(language);
      sink.append(LINEAGE_START);
      sink.quoted(parentId);
      sink.append(AUGMENTER_START);
      sink.quoted(augmenter);
      sink.append(PARAMS_START);
      this.middleEnd = sink.length;
    }

    const paramsAt = this.paramsAt.get(params);
    if (paramsAt !== undefined) {
      sink.repeat(paramsAt[0], paramsAt[1]);
    } else {
      const start = sink.length;
      sink.text(JSON.stringify(params));
      if (isFixedPrimitiveRecord(params)) this.paramsAt.set(params, [start, sink.length]);
    }

    if (seed !== this.seed || this.seedJson === '') {
      this.seed = seed;
      this.seedJson = JSON.stringify(seed);
    }
    sink.append(SEED_START);
    sink.text(this.seedJson);
    sink.append(VERDICTS_START);
    if (verdicts.length === 0) {
      sink.append(EMPTY_VERDICTS_END);
    } else {
      sink.text(JSON.stringify(verdicts));
      sink.append(RECORD_END);
    }
    return true;
  }
}

/** Inherited enumerable keys would be listed by for...in but not by JSON.stringify. */
function hasEnumerableKeys(value: object): boolean {
  for (const key in value) if (typeof key === 'string') return true;
  return false;
}

/** Appends records as JSON lines to one buffer; see {@link encodeJsonLines}. */
export interface JsonLinesEncoder {
  /** Appends each record's line, in order. */
  write(records: readonly unknown[]): void;
  /** Records written so far. */
  readonly count: number;
  /** The bytes written so far (a view, valid until the next write). */
  bytes(): Buffer;
  /**
   * All the bytes, in a Buffer of their own (a copy); the encoder takes no more records, and its
   * working buffer is reused by the next encoder. Prefer it to `bytes()` when done.
   */
  finish(): Buffer;
}

/** An encoder whose output, after any sequence of writes, is `encodeJsonLines` of all their records. */
export function createJsonLinesEncoder(expectedRecords = 0): JsonLinesEncoder {
  const sink = new ByteSink(expectedRecords * 384);
  const writer = new AugmentedTextWriter(sink);
  let count = 0;
  let finished = false;
  return {
    write(records) {
      if (finished) throw new Error('JsonLinesEncoder: write after finish');
      const fast = !hasEnumerableKeys(Object.prototype);
      for (const record of records) {
        if (fast && writer.write(record)) continue;
        sink.text((JSON.stringify(record) as string | undefined) ?? '');
        sink.reserve(1);
        sink.bytes[sink.length++] = NEWLINE;
      }
      count += records.length;
    },
    get count() {
      return count;
    },
    bytes: () => sink.bytes.subarray(0, sink.length),
    finish() {
      if (finished) throw new Error('JsonLinesEncoder: finish called twice');
      finished = true;
      return sink.finish();
    },
  };
}

/**
 * The JSONL bytes of `records`: each record's `JSON.stringify` (an empty line where that gives
 * undefined) followed by a newline, in UTF-8. Equal, byte for byte, to
 * `Buffer.from(records.map((record) => JSON.stringify(record) + '\n').join(''))`.
 */
export function encodeJsonLines(records: readonly unknown[]): Buffer {
  const encoder = createJsonLinesEncoder(records.length);
  encoder.write(records);
  return encoder.finish();
}
