/** Events a pipeline run emits, for progress bars, logs and `--json` output. Names are noun-verb. */
import type { Warning } from '../errors.js';

export type PipelineEvent =
  | { type: 'stage-start'; stage: string; index: number; total: number }
  | { type: 'stage-end'; stage: string; seconds: number; summary?: Record<string, unknown> }
  | { type: 'stage-skip'; stage: string; reason: string }
  | { type: 'stage-fail'; stage: string; error: { code: string; message: string } }
  | { type: 'progress'; stage: string; done: number; total?: number; unit: string }
  | { type: 'warning'; stage: string; warning: Warning };

export type PipelineListener = (event: PipelineEvent) => void;

/** A progress callback bound to one stage. */
export type ProgressReporter = (done: number, total: number | undefined, unit: string) => void;
