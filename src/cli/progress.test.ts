import { describe, expect, it } from 'vitest';
import type { CliIo } from './io.js';
import { createProgressRenderer } from './progress.js';

function capture(isTty: boolean): { io: CliIo; text: () => string } {
  let err = '';
  const io = { isTty, stdout: () => undefined, stderr: (text: string) => (err += text) } as unknown as CliIo;
  return { io, text: () => err };
}

describe('createProgressRenderer', () => {
  it('logs a progress line at most every logEverySeconds when stderr is not a terminal', () => {
    const { io, text } = capture(false);
    let clock = 0;
    const render = createProgressRenderer(io, { logEverySeconds: 30, now: () => clock });
    render({ type: 'stage-start', stage: 'train', index: 5, total: 6 });
    for (let done = 1; done <= 60; done++) {
      clock += 1_000;
      render({ type: 'progress', stage: 'train', done, total: 60, unit: 'variants trained' });
    }
    expect(text()).toBe('[6/6] train ...\n      train: 30/60 variants trained\n      train: 60/60 variants trained\n');
  });

  it('redraws a bar on a terminal and prints nothing when quiet', () => {
    const tty = capture(true);
    createProgressRenderer(tty.io, { now: () => 1_000 })({ type: 'progress', stage: 'augment', done: 1, total: 2, unit: 'sets' });
    expect(tty.text()).toContain('1/2 sets');
    const quiet = capture(false);
    createProgressRenderer(quiet.io, { quiet: true, now: () => 1e9 })({ type: 'progress', stage: 'augment', done: 1, total: 2, unit: 'sets' });
    expect(quiet.text()).toBe('');
  });
});
