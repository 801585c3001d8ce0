/**
 * Versioned prompt files (one YAML per task under `prompts/`): id, version, system text, a user
 * template, the name of the output schema and few-shot examples. The hash of the parsed file
 * goes on every sample's lineage with the version, so a changed prompt is visible in the data.
 *
 * Templates: `{{name}}` inserts the variable as a delimited data block (escaped); `{{param:name}}`
 * inserts a trusted, program-supplied parameter (a language name, a count) as is.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { SampleForgeError } from '../errors.js';
import { sha256 } from '../internal/fingerprint.js';
import { parseConfig, parseYaml } from '../config/load.js';
import { dataBlock, DATA_BLOCK_INSTRUCTION } from './data-block.js';
import type { PromptReference } from './generate-text.js';
import type { ChatMessage } from './spec.js';

const exampleSchema = z.object({
  input: z.record(z.string(), z.union([z.string(), z.number()])).describe('template variables of the example'),
  output: z.unknown().describe('the answer the model should give, as a JSON value or text'),
});

/** Schema of a prompt file. */
export const promptFileSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-/]*$/).describe('stable prompt id, e.g. paraphrase'),
  version: z.string().min(1).describe('bumped by hand whenever the meaning of the prompt changes'),
  description: z.string().default('').describe('what the prompt is for'),
  system: z.string().describe('system message; the data-block instruction is appended automatically'),
  user: z.string().describe('user message template with {{name}} data slots and {{param:name}} parameters'),
  outputSchema: z.string().optional().describe('name of the zod schema (in code) the answer must match'),
  examples: z.array(exampleSchema).default([]).describe('few-shot examples sent before the real request'),
}).strict();

/** A loaded prompt with its content hash. */
export interface LoadedPrompt extends z.output<typeof promptFileSchema> {
  /** sha256 of the canonical JSON of the parsed file. */
  hash: string;
  reference: PromptReference;
}

/** Directory of the prompt files shipped with SampleForge (`<package>/prompts`). */
export const BUILTIN_PROMPTS_DIRECTORY = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'prompts');

/** Reads and validates a prompt file; errors name the file and the field. */
export async function loadPrompt(path: string): Promise<LoadedPrompt> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new SampleForgeError('E_CONFIG', `cannot read prompt file ${path}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`, { details: { file: path }, cause });
  }
  const parsed = parseConfig(promptFileSchema, parseYaml(text, path), path);
  const hash = sha256(parsed);
  return { ...parsed, hash, reference: { id: parsed.id, version: parsed.version, hash } };
}

/** Loads a built-in prompt by task name, e.g. `loadBuiltinPrompt('paraphrase')`. */
export function loadBuiltinPrompt(name: string): Promise<LoadedPrompt> {
  return loadPrompt(join(BUILTIN_PROMPTS_DIRECTORY, `${name}.yaml`));
}

/** Fills a template; data variables become delimited blocks, parameters are inserted as is. */
export function renderTemplate(template: string, data: Record<string, string | number>, parameters: Record<string, string | number> = {}, source = 'prompt'): string {
  return template.replace(/\{\{\s*(param:)?([A-Za-z0-9_]+)\s*\}\}/g, (_match, isParameter: string | undefined, name: string) => {
    const values = isParameter === undefined ? data : parameters;
    const value = values[name];
    if (value === undefined) {
      throw new SampleForgeError('E_USAGE', `${source}: template needs ${isParameter === undefined ? 'data' : 'parameter'} "${name}" (given: ${Object.keys(values).join(', ') || 'none'})`, { details: { name } });
    }
    return isParameter === undefined ? dataBlock(name, String(value)) : String(value);
  });
}

/** The chat messages for one request: system (with the data-block rule), few-shot turns, the request. */
export function renderPrompt(prompt: LoadedPrompt, data: Record<string, string | number>, parameters: Record<string, string | number> = {}): ChatMessage[] {
  const messages: ChatMessage[] = [{ role: 'system', content: `${renderTemplate(prompt.system, {}, parameters, prompt.id)}\n\n${DATA_BLOCK_INSTRUCTION}` }];
  for (const example of prompt.examples) {
    messages.push({ role: 'user', content: renderTemplate(prompt.user, example.input, { ...parameters, ...example.input }, prompt.id) });
    messages.push({ role: 'assistant', content: typeof example.output === 'string' ? example.output : JSON.stringify(example.output) });
  }
  messages.push({ role: 'user', content: renderTemplate(prompt.user, data, parameters, prompt.id) });
  return messages;
}
