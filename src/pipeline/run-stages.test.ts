import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SampleForgeError } from '../errors.js';
import { openRunDirectory } from './run-directory.js';
import { runStages, type Stage } from './run-stages.js';

const init = { name: 'test', configHash: 'abc', versions: { sampleforge: '0.0.0' } };

function countingStages(log: string[], failAt?: string): Stage[] {
  return ['ingest', 'clean', 'split'].map((name) => ({
    name,
    dependsOn: { name },
    async run(context) {
      log.push(name);
      await writeFile(join(context.output, 'out.txt'), name);
      if (name === failAt) throw new SampleForgeError('E_DATA', `planted failure in ${name}`);
      return { summary: { rows: name.length } };
    },
  }));
}

describe('run directory and stages', () => {
  it('refuses to overwrite an existing run without --force, and replaces it with --force', async () => {
    const root = join(await mkdtemp(join(tmpdir(), 'sf-run-')), 'run');
    const first = await openRunDirectory(root, init);
    await runStages(first, countingStages([]));
    await first.finish('completed');
    await expect(openRunDirectory(root, init)).rejects.toSatisfy((error: unknown) => SampleForgeError.is(error, 'E_RUN_EXISTS'));
    const second = await openRunDirectory(root, init, { force: true });
    expect(second.record.stages).toEqual([]);
    expect(existsSync(join(root, 'stages', 'ingest'))).toBe(false);
  });

  it('leaves no complete-looking output for a failed stage and resumes after the last completed one', async () => {
    const root = join(await mkdtemp(join(tmpdir(), 'sf-run-')), 'run');
    const log: string[] = [];
    const directory = await openRunDirectory(root, init);
    await expect(runStages(directory, countingStages(log, 'clean'))).rejects.toThrow(/planted failure/);
    await directory.finish('failed');
    expect(existsSync(join(root, 'stages', 'ingest', 'out.txt'))).toBe(true);
    expect(existsSync(join(root, 'stages', 'clean'))).toBe(false);
    expect((await readdir(join(root, 'stages'))).filter((entry) => entry.endsWith('.partial'))).toEqual([]);
    const saved = JSON.parse(await readFile(join(root, 'run.json'), 'utf8'));
    expect(saved.status).toBe('failed');
    expect(saved.stages.map((stage: { name: string; status: string }) => `${stage.name}:${stage.status}`)).toEqual(['ingest:completed', 'clean:failed']);

    const resumed = await openRunDirectory(root, init, { resume: true });
    const events: string[] = [];
    await runStages(resumed, countingStages(log), { listener: (event) => events.push(`${event.type}:${'stage' in event ? event.stage : ''}`) });
    await resumed.finish('completed');
    expect(log).toEqual(['ingest', 'clean', 'clean', 'split']);
    expect(events).toContain('stage-skip:ingest');
    expect(resumed.record.resumes).toBe(1);
  });

  it('reruns a stage and everything after it when its config changed', async () => {
    const root = join(await mkdtemp(join(tmpdir(), 'sf-run-')), 'run');
    const log: string[] = [];
    const directory = await openRunDirectory(root, init);
    await runStages(directory, countingStages(log));
    await directory.finish('completed');
    const changed = countingStages(log);
    changed[1] = { ...changed[1], dependsOn: { name: 'clean', rule: 'new' } };
    const resumed = await openRunDirectory(root, { ...init, configHash: 'def' }, { resume: true });
    await runStages(resumed, changed);
    expect(log).toEqual(['ingest', 'clean', 'split', 'clean', 'split']);
    expect(resumed.record.warnings.map((warning) => warning.code)).toContain('W_CONFIG_CHANGED');
  });

  it('explains a resume of a run that does not exist', async () => {
    const root = join(await mkdtemp(join(tmpdir(), 'sf-run-')), 'missing');
    await expect(openRunDirectory(root, init, { resume: true })).rejects.toThrow(/does not exist/);
  });
});
