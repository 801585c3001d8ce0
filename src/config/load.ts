/** Reads a YAML (or JSON) config, validates it once at the edge, and returns the typed object. */
import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { SampleForgeError } from '../errors.js';
import { formatIssues } from './issues.js';

/** Parses and validates a config object against `schema`; errors name each path and value. */
export function parseConfig<S extends z.ZodType>(schema: S, input: unknown, source = 'config'): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const lines = formatIssues(result.error, input);
  throw new SampleForgeError('E_CONFIG', `invalid ${source}:\n  ${lines.join('\n  ')}`, { details: { source, issues: lines } });
}

/** Reads YAML text into a plain object; syntax errors name the file, line and column. */
export function parseYaml(text: string, source: string): unknown {
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    const first = document.errors[0];
    const [line, column] = first.linePos?.[0] ? [first.linePos[0].line, first.linePos[0].col] : [undefined, undefined];
    throw new SampleForgeError('E_CONFIG', `${source}${line === undefined ? '' : `:${line}:${column}`}: ${first.message.split('\n')[0]}`, {
      details: { file: source, line, column },
    });
  }
  return document.toJS() ?? {};
}

/** Loads and validates a YAML config file. */
export async function loadConfigFile<S extends z.ZodType>(schema: S, path: string): Promise<z.output<S>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new SampleForgeError('E_CONFIG', `cannot read config ${path}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`, {
      details: { file: path },
      cause,
    });
  }
  return parseConfig(schema, parseYaml(text, path), path);
}
