/**
 * `generateObject`, the core verb for structured output: sends the zod schema as JSON Schema
 * (grammar on llama.cpp, `response_format: json_schema` over HTTP), repairs fenced or padded JSON,
 * validates with zod, and asks the model to correct itself a bounded number of times. A final
 * failure is `E_PROVIDER_OUTPUT` with the raw text in `details.rawText`.
 */
import { z } from 'zod';
import { SampleForgeError, type Warning } from '../errors.js';
import type { LlmLineage } from '../types.js';
import { createLineage, type PromptReference } from './generate-text.js';
import { extractJson } from './json-output.js';
import type { ChatMessage, GenerateParameters, GenerateResponse, JsonResponseFormat, LanguageModel } from './spec.js';

export interface GenerateObjectOptions<S extends z.ZodType> extends GenerateParameters {
  model: LanguageModel;
  messages: ChatMessage[];
  schema: S;
  /** Schema name sent to the server; default `output`. */
  schemaName?: string;
  /** Corrective follow-up requests after an invalid answer; default 2. */
  maxRepairs?: number;
  prompt?: PromptReference;
  signal?: AbortSignal;
}

export interface GenerateObjectResult<T> {
  object: T;
  /** The raw text of the accepted answer. */
  text: string;
  /** Requests made: 1 plus the repairs used. */
  attempts: number;
  warnings: Warning[];
  lineage: LlmLineage;
}

/** JSON Schema of a zod schema, as sent to backends; throws E_USAGE for types JSON Schema cannot express. */
export function toResponseFormat(schema: z.ZodType, name: string): JsonResponseFormat {
  try {
    return { type: 'json', name: name.replace(/[^A-Za-z0-9_-]/g, '_'), schema: z.toJSONSchema(schema, { target: 'draft-2020-12' }) as Record<string, unknown> };
  } catch (cause) {
    throw new SampleForgeError('E_USAGE', `schema ${name} cannot be expressed as JSON Schema (${(cause as Error).message}); use plain objects, arrays, strings, numbers, booleans and enums`, { cause });
  }
}

/** Generates a value matching `schema`; see the module note for the repair policy. */
export async function generateObject<S extends z.ZodType>(options: GenerateObjectOptions<S>): Promise<GenerateObjectResult<z.output<S>>> {
  const { model, schema, schemaName, maxRepairs = 2, prompt, signal, messages, ...parameters } = options;
  const responseFormat = toResponseFormat(schema, schemaName ?? 'output');
  let conversation: ChatMessage[] = model.supportsStructuredOutput ? [...messages] : withSchemaInstruction(messages, responseFormat);
  const responses: GenerateResponse[] = [];
  const warnings: Warning[] = [];
  let lastProblem = '';
  for (let attempt = 0; attempt <= maxRepairs; attempt++) {
    const response = await model.doGenerate({ ...parameters, messages: conversation, responseFormat, signal });
    responses.push(response);
    warnings.push(...response.warnings);
    const extracted = extractJson(response.text);
    if (extracted.ok) {
      const parsed = schema.safeParse(extracted.value);
      if (parsed.success) {
        if (attempt > 0) warnings.push({ code: 'W_OUTPUT_REPAIRED', message: `structured output needed ${attempt} corrective request(s)`, details: { attempts: attempt + 1 } });
        return { object: parsed.data, text: response.text, attempts: attempt + 1, warnings, lineage: createLineage(model, prompt, responses) };
      }
      lastProblem = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
    } else {
      lastProblem = extracted.reason;
    }
    conversation = [...conversation,
      { role: 'assistant', content: response.text },
      { role: 'user', content: `That answer is not valid (${lastProblem}). Reply with only the corrected JSON value matching the schema, no other text.` }];
  }
  throw new SampleForgeError('E_PROVIDER_OUTPUT', `${model.provider} ${model.modelId} gave no valid ${responseFormat.name} after ${maxRepairs + 1} attempt(s): ${lastProblem}; see details.rawText`, {
    details: { rawText: responses.at(-1)?.text ?? '', problem: lastProblem, attempts: responses.length, lineage: createLineage(model, prompt, responses) },
  });
}

function withSchemaInstruction(messages: readonly ChatMessage[], format: JsonResponseFormat): ChatMessage[] {
  const instruction = `Answer with only a JSON value matching this JSON Schema, no prose and no code fences:\n${JSON.stringify(format.schema)}`;
  return [{ role: 'system', content: instruction }, ...messages];
}
