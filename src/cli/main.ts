/**
 * The `sampleforge` command line: a thin edge over the library. It parses arguments, prints
 * results (human text, or JSON with `--json`) and decides exit codes: 0 success, 1 run failure,
 * 2 usage or config error. Nothing below it calls `process.exit`.
 */
import { defineCommand, renderUsage, runCommand, type CommandDef } from 'citty';
import { SampleForgeError } from '../errors.js';
import { sampleforgeVersion } from '../pipeline/versions.js';
import { processIo, type CliIo } from './io.js';
import { commands } from './commands/index.js';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

const USAGE_CODES = new Set(['E_CONFIG', 'E_USAGE', 'E_RUN_EXISTS', 'E_RESUME']);

function createRoot(io: CliIo): CommandDef {
  return defineCommand({
    meta: { name: 'sampleforge', version: sampleforgeVersion(), description: 'Expand, filter, align and prove training samples for e-commerce search, recommendation and customer-service models' },
    subCommands: commands(io),
  });
}

/** Finds the (sub)command the arguments name, for `--help`. */
async function resolveCommand(root: CommandDef, argv: readonly string[]): Promise<[CommandDef, CommandDef | undefined]> {
  let current = root;
  let parent: CommandDef | undefined;
  for (const arg of argv) {
    if (arg.startsWith('-')) continue;
    const subCommands = typeof current.subCommands === 'function' ? await current.subCommands() : await current.subCommands;
    const next = subCommands?.[arg];
    if (!next) break;
    parent = current;
    current = (typeof next === 'function' ? await next() : await next) as CommandDef;
  }
  return [current, parent];
}

/** Runs the CLI with `argv` (without `node` and the script) and returns the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const root = createRoot(io);
  const json = argv.includes('--json');
  try {
    if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
      const [command, parent] = await resolveCommand(root, argv);
      io.stdout(`${await renderUsage(command, parent)}\n`);
      return argv.length === 0 ? EXIT_USAGE : EXIT_OK;
    }
    if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
      io.stdout(`${sampleforgeVersion()}\n`);
      return EXIT_OK;
    }
    await runCommand(root, { rawArgs: [...argv] });
    return EXIT_OK;
  } catch (error) {
    return reportError(io, json, error);
  }
}

function reportError(io: CliIo, json: boolean, error: unknown): number {
  if (error instanceof Error && error.name === 'CLIError') {
    // citty colours its messages; strip the ANSI escapes for logs and JSON.
    // eslint-disable-next-line no-control-regex
    const message = error.message.replace(/\u001b\[[0-9;]*m/g, '');
    if (json) io.stdout(`${JSON.stringify({ error: { code: 'E_USAGE', message } })}\n`);
    else io.stderr(`sampleforge: ${message}\nRun "sampleforge --help" for the commands.\n`);
    return EXIT_USAGE;
  }
  if (SampleForgeError.is(error)) {
    const code = USAGE_CODES.has(error.code) ? EXIT_USAGE : EXIT_FAILURE;
    if (json) io.stdout(`${JSON.stringify({ error: { code: error.code, message: error.message, details: error.details } })}\n`);
    else io.stderr(`sampleforge: ${error.code}: ${error.message}\n`);
    return code;
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  if (json) io.stdout(`${JSON.stringify({ error: { code: 'E_INTERNAL', message: String((error as Error)?.message ?? error) } })}\n`);
  else io.stderr(`sampleforge: internal error (please report it): ${message}\n`);
  return EXIT_FAILURE;
}
