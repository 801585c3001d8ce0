/**
 * One error type for the whole library. `code` is stable and machine-readable; `details` holds
 * the fields a caller can act on (file, line, column, path, value, ...). Messages say what to do.
 */
export type ErrorCode =
  | 'E_CONFIG'
  | 'E_USAGE'
  | 'E_DATA'
  | 'E_IO'
  | 'E_RUN_EXISTS'
  | 'E_RESUME'
  | 'E_LEAKAGE'
  | 'E_PROVIDER_CALL'
  | 'E_PROVIDER_OUTPUT'
  | 'E_BUDGET'
  | 'E_CANCELLED'
  | 'E_TRAIN'
  | 'E_QUEUE'
  | 'E_INTERNAL';

export interface SampleForgeErrorOptions {
  /** Fields a caller can act on, e.g. `{ file, line, column }`. Never secrets. */
  details?: Record<string, unknown>;
  /** Whether trying the same thing again may succeed (network faults, rate limits). */
  isRetryable?: boolean;
  cause?: unknown;
}

export class SampleForgeError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;
  readonly isRetryable: boolean;

  constructor(code: ErrorCode, message: string, options: SampleForgeErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SampleForgeError';
    this.code = code;
    this.details = options.details ?? {};
    this.isRetryable = options.isRetryable ?? false;
  }

  /** Narrowing helper that also works across duplicated module instances. */
  static is(error: unknown, code?: ErrorCode): error is SampleForgeError {
    if (!(error instanceof Error) || error.name !== 'SampleForgeError') return false;
    return code === undefined || (error as SampleForgeError).code === code;
  }
}

/** A recoverable problem, returned in run results instead of thrown. */
export interface Warning {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}
