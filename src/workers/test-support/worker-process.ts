/**
 * Spawns `sampleforge worker` as a real child process, and follows its JSON events. It runs the
 * compiled CLI in dist/ (`npm test` builds it first) rather than vite-node, whose own SIGTERM
 * handler would end the process before the worker's graceful shutdown could be tested.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export interface WorkerProcess {
  child: ChildProcess;
  events: { type: string; shardId?: string }[];
  /** Resolves with the first event matching `predicate`. */
  waitFor(predicate: (event: { type: string; shardId?: string }) => boolean, timeoutMs?: number): Promise<{ type: string; shardId?: string }>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const root = resolve(import.meta.dirname, '../../..');

/**
 * `nodeArgs` go to node before the script (V8 flags such as `--max-semi-space-size=64`);
 * `workerArgs` to the worker command after its own (e.g. `--llm-config PATH`).
 */
export function spawnWorker(redisUrl: string, queueName: string, lockMs = 2000, nodeArgs: readonly string[] = [], workerArgs: readonly string[] = []): WorkerProcess {
  const entry = resolve(root, 'dist/cli/entry.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run "npm run build" first (npm test does)`);
  const child = spawn(process.execPath, [...nodeArgs, entry, 'worker', '--redis', redisUrl, '--queue', queueName, '--lock-ms', String(lockMs), '--json', ...workerArgs], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const events: { type: string; shardId?: string }[] = [];
  const waiters: { predicate: (event: { type: string; shardId?: string }) => boolean; resolve: (event: { type: string; shardId?: string }) => void }[] = [];
  let buffer = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      if (!line.startsWith('{')) continue;
      const event = JSON.parse(line) as { type: string; shardId?: string };
      events.push(event);
      for (const waiter of [...waiters]) {
        if (waiter.predicate(event)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(event);
        }
      }
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) => child.on('exit', (code, signal) => resolveExit({ code, signal })));
  return {
    child,
    events,
    exited,
    waitFor(predicate, timeoutMs = 30_000) {
      const found = events.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolveEvent, reject) => {
        const timer = setTimeout(() => reject(new Error(`worker event not seen in ${timeoutMs} ms; events: ${JSON.stringify(events.slice(-5))}; stderr: ${stderr.slice(-500)}`)), timeoutMs);
        waiters.push({ predicate, resolve: (event) => { clearTimeout(timer); resolveEvent(event); } });
      });
    },
  };
}
