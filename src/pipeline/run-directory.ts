/**
 * The run directory: everything one run produced, written atomically, never silently overwritten.
 *
 * Layout: `run.json` (status, versions, stage timings, warnings), `config.yaml` (the validated config
 * snapshot), `inputs.json` (sha256 of every input file), `stages/<stage>/` (each stage's outputs,
 * renamed into place only when the stage completes), `metrics.json`, `samples.parquet`,
 * `report.html`. A killed run leaves `status: "running"` and completed stages only; `--resume`
 * continues after the last completed stage whose config fingerprint still matches.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { SampleForgeError, type Warning } from '../errors.js';
import { writeJsonAtomic } from '../internal/atomic-write.js';
import type { FileFingerprint } from '../internal/fingerprint.js';

export type StageStatus = 'completed' | 'failed' | 'skipped';

export interface StageRecord {
  name: string;
  status: StageStatus;
  startedAt: string;
  finishedAt: string;
  seconds: number;
  /** sha256 of the config parts the stage depends on; a resumed run reruns a stage whose fingerprint changed. */
  fingerprint: string;
  /** Small summary the stage returned (counts), also copied into metrics. */
  summary?: Record<string, unknown>;
  error?: { code: string; message: string };
}

export interface RunRecord {
  runId: string;
  name: string;
  status: 'running' | 'completed' | 'failed';
  startedAt: string;
  finishedAt?: string;
  /** sha256 of the canonical config. */
  configHash: string;
  versions: Record<string, string>;
  inputs: FileFingerprint[];
  stages: StageRecord[];
  warnings: Warning[];
  /** How many times this run was resumed. */
  resumes: number;
}

export interface OpenRunOptions {
  /** Replace an existing run directory (its old contents are removed only once the new run starts). */
  force?: boolean;
  /** Continue an existing run after its last completed stage. */
  resume?: boolean;
}

export interface RunDirectory {
  readonly path: string;
  readonly record: RunRecord;
  /** Folder of a completed stage, or `undefined` if the stage has not completed. */
  completedStage(name: string, fingerprint: string): StageRecord | undefined;
  /** Path of a completed stage's output folder. */
  stagePath(name: string): string;
  /** A fresh temporary folder for a stage in progress; `commitStage` renames it into place. */
  beginStage(name: string): Promise<string>;
  /**
   * A folder for a stage's finished units of work (one training of many, say) that outlives a
   * failed or killed attempt, so `--resume` redoes only the rest. Keyed by the stage's fingerprint:
   * a changed config never reuses them. Removed when the stage commits.
   */
  checkpointPath(name: string, fingerprint: string): string;
  commitStage(name: string, temporary: string, record: StageRecord): Promise<void>;
  failStage(record: StageRecord): Promise<void>;
  addWarnings(warnings: readonly Warning[]): void;
  setInputs(inputs: FileFingerprint[]): void;
  finish(status: 'completed' | 'failed'): Promise<void>;
  save(): Promise<void>;
}

const RUN_FILE = 'run.json';

async function readRunRecord(path: string): Promise<RunRecord> {
  const file = join(path, RUN_FILE);
  try {
    return JSON.parse(await readFile(file, 'utf8')) as RunRecord;
  } catch (cause) {
    throw new SampleForgeError('E_RESUME', `cannot resume: ${file} is missing or unreadable; start a new run or pass --force`, {
      details: { file },
      cause,
    });
  }
}

/**
 * Creates (or, with `resume`, reopens) the run directory `path`. Refuses to touch an existing
 * non-empty directory unless `force` or `resume` is given.
 */
export async function openRunDirectory(
  path: string,
  init: { name: string; configHash: string; versions: Record<string, string> },
  options: OpenRunOptions = {},
): Promise<RunDirectory> {
  const root = resolve(path);
  if (options.force && options.resume) {
    throw new SampleForgeError('E_USAGE', '--force and --resume contradict each other: --force starts over, --resume continues');
  }
  const exists = existsSync(root) && (await readdir(root)).length > 0;
  let record: RunRecord;
  if (exists && options.resume) {
    record = await readRunRecord(root);
    if (record.configHash !== init.configHash) {
      // Stages whose own fingerprint still matches are kept; the rest rerun.
      record.warnings.push({ code: 'W_CONFIG_CHANGED', message: 'the config changed since this run started; stages whose inputs changed will rerun' });
    }
    record.status = 'running';
    record.resumes += 1;
    record.configHash = init.configHash;
    record.versions = init.versions;
    record.finishedAt = undefined;
  } else if (exists && !options.force) {
    throw new SampleForgeError(
      'E_RUN_EXISTS',
      `run directory ${root} already exists; pass --force to replace it, --resume to continue it, or choose another output.name`,
      { details: { path: root } },
    );
  } else {
    if (options.resume && !exists) {
      throw new SampleForgeError('E_RESUME', `cannot resume: ${root} does not exist; run without --resume to start it`, { details: { path: root } });
    }
    if (exists) {
      // Move the old run aside first so a crash mid-delete never leaves a mixed directory.
      const trash = `${root}.replaced-${randomBytes(4).toString('hex')}`;
      await rename(root, trash);
      await rm(trash, { recursive: true, force: true });
    }
    await mkdir(join(root, 'stages'), { recursive: true });
    record = {
      runId: `${init.name}-${new Date().toISOString().replace(/[:.]/g, '-')}`,
      name: init.name,
      status: 'running',
      startedAt: new Date().toISOString(),
      configHash: init.configHash,
      versions: init.versions,
      inputs: [],
      stages: [],
      warnings: [],
      resumes: 0,
    };
  }

  const save = () => writeJsonAtomic(join(root, RUN_FILE), record);
  /** Every checkpoint folder of stage `name` (one per fingerprint); see `checkpointPath`. */
  const checkpointsOf = (name: string) => join(root, 'stages', `.${name}.checkpoints`);
  await save();

  const directory: RunDirectory = {
    path: root,
    record,
    completedStage(name, fingerprint) {
      const stage = record.stages.find((entry) => entry.name === name);
      if (!stage || stage.status !== 'completed' || stage.fingerprint !== fingerprint) return undefined;
      return existsSync(directory.stagePath(name)) ? stage : undefined;
    },
    stagePath(name) {
      return join(root, 'stages', name);
    },
    async beginStage(name) {
      const temporary = join(root, 'stages', `.${name}.${randomBytes(4).toString('hex')}.partial`);
      await mkdir(temporary, { recursive: true });
      return temporary;
    },
    checkpointPath(name, fingerprint) {
      return join(checkpointsOf(name), fingerprint.slice(0, 16));
    },
    async commitStage(name, temporary, stageRecord) {
      const target = directory.stagePath(name);
      await rm(target, { recursive: true, force: true });
      await rename(temporary, target);
      await rm(checkpointsOf(name), { recursive: true, force: true });
      record.stages = record.stages.filter((entry) => entry.name !== name);
      record.stages.push(stageRecord);
      await save();
    },
    async failStage(stageRecord) {
      record.stages = record.stages.filter((entry) => entry.name !== stageRecord.name);
      record.stages.push(stageRecord);
      await save();
    },
    addWarnings(warnings) {
      record.warnings.push(...warnings);
    },
    setInputs(inputs) {
      record.inputs = inputs;
    },
    async finish(status) {
      record.status = status;
      record.finishedAt = new Date().toISOString();
      await save();
      // Temporary stage folders of a crashed attempt are never mistaken for outputs; clear them now.
      for (const entry of await readdir(join(root, 'stages'))) {
        if (entry.endsWith('.partial')) await rm(join(root, 'stages', entry), { recursive: true, force: true });
      }
    },
    save,
  };
  return directory;
}
