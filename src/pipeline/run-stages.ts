/**
 * Runs stages in order inside a run directory: each stage writes into a temporary folder that is
 * renamed into place when it completes, so a crash never leaves a stage that looks complete, and a
 * resumed run skips exactly the completed stages whose fingerprints still match.
 */
import { mkdir } from 'node:fs/promises';
import { SampleForgeError, type Warning } from '../errors.js';
import { sha256 } from '../internal/fingerprint.js';
import type { PipelineListener, ProgressReporter } from './events.js';
import type { RunDirectory } from './run-directory.js';

export interface StageContext {
  /** The temporary folder this stage writes its outputs into. */
  output: string;
  /** An existing folder for finished units of work that survives a failed attempt (see `RunDirectory.checkpointPath`). */
  checkpoints: string;
  /** Output folder of an earlier completed stage. */
  inputOf(stage: string): string;
  progress: ProgressReporter;
  signal?: AbortSignal;
}

export interface StageResult {
  summary?: Record<string, unknown>;
  warnings?: Warning[];
}

export interface Stage {
  name: string;
  /** The config this stage depends on; with the previous stage's fingerprint it decides reuse on resume. */
  dependsOn: unknown;
  /**
   * A side branch: no later stage reads its outputs, so its fingerprint is not chained into theirs
   * and changing its config reruns only it on resume. Default false.
   */
  branch?: boolean;
  run(context: StageContext): Promise<StageResult>;
}

export interface RunStagesOptions {
  listener?: PipelineListener;
  signal?: AbortSignal;
}

/** Runs `stages` in order; returns each stage's summary by name. */
export async function runStages(
  directory: RunDirectory,
  stages: readonly Stage[],
  options: RunStagesOptions = {},
): Promise<Record<string, Record<string, unknown>>> {
  const emit = options.listener ?? (() => {});
  const summaries: Record<string, Record<string, unknown>> = {};
  let previous = '';
  for (const [index, stage] of stages.entries()) {
    const fingerprint = sha256({ stage: stage.name, dependsOn: stage.dependsOn ?? null, previous });
    if (!stage.branch) previous = fingerprint;
    const done = directory.completedStage(stage.name, fingerprint);
    if (done) {
      summaries[stage.name] = done.summary ?? {};
      emit({ type: 'stage-skip', stage: stage.name, reason: 'completed in an earlier attempt (resume)' });
      continue;
    }
    if (options.signal?.aborted) throw new SampleForgeError('E_CANCELLED', `run cancelled before stage ${stage.name}`);
    emit({ type: 'stage-start', stage: stage.name, index, total: stages.length });
    const startedAt = new Date();
    const started = performance.now();
    const temporary = await directory.beginStage(stage.name);
    const checkpoints = directory.checkpointPath(stage.name, fingerprint);
    try {
      await mkdir(checkpoints, { recursive: true });
      const result = await stage.run({
        output: temporary,
        checkpoints,
        inputOf: (name) => {
          if (!directory.record.stages.some((entry) => entry.name === name && entry.status === 'completed')) {
            throw new SampleForgeError('E_INTERNAL', `stage ${stage.name} reads stage ${name}, which has not completed`);
          }
          return directory.stagePath(name);
        },
        progress: (doneCount, total, unit) => emit({ type: 'progress', stage: stage.name, done: doneCount, total, unit }),
        signal: options.signal,
      });
      const seconds = (performance.now() - started) / 1000;
      const warnings = result.warnings ?? [];
      for (const warning of warnings) emit({ type: 'warning', stage: stage.name, warning });
      directory.addWarnings(warnings.map((warning) => ({ ...warning, details: { ...warning.details, stage: stage.name } })));
      summaries[stage.name] = result.summary ?? {};
      await directory.commitStage(stage.name, temporary, {
        name: stage.name,
        status: 'completed',
        startedAt: startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
        seconds,
        fingerprint,
        summary: result.summary,
      });
      emit({ type: 'stage-end', stage: stage.name, seconds, summary: result.summary });
    } catch (error) {
      const code = SampleForgeError.is(error) ? error.code : 'E_INTERNAL';
      const message = error instanceof Error ? error.message : String(error);
      emit({ type: 'stage-fail', stage: stage.name, error: { code, message } });
      await directory.failStage({
        name: stage.name,
        status: 'failed',
        startedAt: startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
        seconds: (performance.now() - started) / 1000,
        fingerprint,
        error: { code, message },
      });
      throw error;
    }
  }
  return summaries;
}
