/**
 * Removes API keys from text before it reaches a log, an error, the cache or a report.
 * Covers `Authorization: Bearer ...` headers, `api-key`/`x-api-key` headers, `sk-...` style keys,
 * and any exact secret the caller registers (the value read from the key's environment variable).
 */

const KEY_PATTERNS: readonly RegExp[] = [
  /(authorization["']?\s*[:=]\s*["']?\s*(?:bearer|basic|token)\s+)[^\s"',}]+/gi,
  /((?:x-)?api[-_]?key["']?\s*[:=]\s*["']?)[^\s"',}]+/gi,
  /\bbearer\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  /\b(?:sk|pk|rk)-[A-Za-z0-9_-]{8,}/g,
];

/** Replaces secrets in `text` with `[REDACTED]`; `secrets` are exact values to remove as well. */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    // Very short values would redact ordinary words; such "keys" are not secrets worth the damage.
    if (secret.length >= 6) out = out.split(secret).join('[REDACTED]');
  }
  for (const pattern of KEY_PATTERNS) {
    out = out.replace(pattern, (match, prefix: unknown) => (typeof prefix === 'string' && match.startsWith(prefix) ? `${prefix}[REDACTED]` : '[REDACTED]'));
  }
  return out;
}
