/** The CLI's commands, by name. */
import type { CommandDef } from 'citty';
import type { CliIo } from '../io.js';
import { dataCommand } from './data.js';
import { datasetsCommand } from './datasets.js';
import { generateCommand } from './generate.js';
import { queueCommand } from './queue.js';
import { compareCommand, reportCommand } from './report.js';
import { runCommand } from './run.js';
import { workerCommand } from './worker.js';

export function commands(io: CliIo): Record<string, CommandDef> {
  return {
    run: runCommand(io) as CommandDef,
    data: dataCommand(io) as CommandDef,
    datasets: datasetsCommand(io) as CommandDef,
    generate: generateCommand(io) as CommandDef,
    report: reportCommand(io) as CommandDef,
    compare: compareCommand(io) as CommandDef,
    worker: workerCommand(io) as CommandDef,
    queue: queueCommand(io) as CommandDef,
  };
}
