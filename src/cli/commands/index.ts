/** The CLI's commands, by name. */
import type { CommandDef } from 'citty';
import type { CliIo } from '../io.js';
import { queueCommand } from './queue.js';
import { runCommand } from './run.js';
import { workerCommand } from './worker.js';

export function commands(io: CliIo): Record<string, CommandDef> {
  return {
    run: runCommand(io) as CommandDef,
    worker: workerCommand(io) as CommandDef,
    queue: queueCommand(io) as CommandDef,
  };
}
