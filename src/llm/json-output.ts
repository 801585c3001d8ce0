/**
 * Recovers a JSON value from model text: strips Markdown code fences and prose around the value,
 * then parses the first balanced object or array. Models without constrained decoding often wrap
 * JSON this way; the constrained backends return it bare.
 */

/** The parsed value, or `undefined` with the reason when no JSON value can be recovered. */
export type JsonExtraction = { ok: true; value: unknown } | { ok: false; reason: string };

/** Parses `text` as JSON, repairing fences, leading prose and trailing text. */
export function extractJson(text: string): JsonExtraction {
  const trimmed = text.trim();
  try {
    return { ok: true, value: JSON.parse(trimmed) };
  } catch {
    // fall through to repairs
  }
  const fenced = /```(?:json|JSON)?\s*\n?([\s\S]*?)```/.exec(trimmed);
  const candidates = fenced === null ? [trimmed] : [fenced[1].trim(), trimmed];
  for (const candidate of candidates) {
    const balanced = firstBalanced(candidate);
    if (balanced === undefined) continue;
    try {
      return { ok: true, value: JSON.parse(balanced) };
    } catch {
      // try the next candidate
    }
  }
  return { ok: false, reason: trimmed === '' ? 'empty output' : 'no parsable JSON object or array in the output' };
}

/** The first `{...}` or `[...]` span whose brackets balance, honouring strings and escapes. */
function firstBalanced(text: string): string | undefined {
  const start = text.search(/[[{]/);
  if (start < 0) return undefined;
  const stack: string[] = [];
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === '{' || char === '[') stack.push(char === '{' ? '}' : ']');
    else if (char === '}' || char === ']') {
      if (stack.pop() !== char) return undefined;
      if (stack.length === 0) return text.slice(start, i + 1);
    }
  }
  return undefined;
}
