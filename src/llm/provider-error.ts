/**
 * Provider failures as `SampleForgeError('E_PROVIDER_CALL')` with the fields a retry policy needs:
 * `details.statusCode`, `details.retryAfterMs`, `details.responseBody` (secrets redacted) and
 * `isRetryable` (408, 409, 429, 5xx, network errors and timeouts).
 */
import { SampleForgeError } from '../errors.js';
import { redactSecrets } from './redact-secrets.js';

/** HTTP statuses worth retrying: request timeout, conflict, rate limit and server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * Milliseconds to wait from `retry-after-ms` (milliseconds) or `retry-after` (seconds or an HTTP
 * date), or undefined when neither header is usable. `now` is the current time in ms since the epoch.
 */
export function parseRetryAfter(headers: { get(name: string): string | null } | undefined, now = Date.now()): number | undefined {
  if (headers === undefined) return undefined;
  const milliseconds = headers.get('retry-after-ms');
  if (milliseconds !== null && milliseconds.trim() !== '') {
    const value = Number(milliseconds);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const header = headers.get('retry-after');
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export interface ProviderErrorFields {
  provider: string;
  statusCode?: number;
  retryAfterMs?: number;
  responseBody?: string;
  isRetryable: boolean;
  cause?: unknown;
  /** Exact secret values to scrub from the message and body. */
  secrets?: readonly string[];
}

/** Builds the error thrown by providers; the message and body are scrubbed of API keys. */
export function createProviderError(message: string, fields: ProviderErrorFields): SampleForgeError {
  const secrets = fields.secrets ?? [];
  const body = fields.responseBody === undefined ? undefined : redactSecrets(fields.responseBody.slice(0, 2000), secrets);
  return new SampleForgeError('E_PROVIDER_CALL', redactSecrets(`${fields.provider}: ${message}`, secrets), {
    details: { provider: fields.provider, statusCode: fields.statusCode, retryAfterMs: fields.retryAfterMs, responseBody: body },
    isRetryable: fields.isRetryable,
    // The cause of a fetch failure can carry request headers; keep only its redacted message.
    cause: fields.cause instanceof Error ? new Error(redactSecrets(fields.cause.message, secrets)) : undefined,
  });
}

/** The error thrown when the caller's AbortSignal fires. */
export function createCancelledError(what: string): SampleForgeError {
  return new SampleForgeError('E_CANCELLED', `${what} was cancelled by the caller's AbortSignal`, { isRetryable: false });
}
