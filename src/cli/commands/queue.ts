/** `sampleforge queue status --redis URL`: job counts by state and connected workers. */
import { defineCommand } from 'citty';
import { readQueueStatus } from '../../workers/distributed-executor.js';
import { DEFAULT_QUEUE_NAME } from '../../workers/shard-queue.js';
import { formatTable, printResult, type CliIo } from '../io.js';

export function queueCommand(io: CliIo) {
  return defineCommand({
    meta: { name: 'queue', description: 'Inspect the shard queue' },
    subCommands: {
      status: defineCommand({
        meta: { name: 'status', description: 'Job counts by state and the number of connected workers' },
        args: {
          redis: { type: 'string', description: 'Redis URL', required: true },
          queue: { type: 'string', description: 'queue name', default: DEFAULT_QUEUE_NAME },
          json: { type: 'boolean', description: 'print JSON' },
        },
        async run({ args }) {
          const status = await readQueueStatus(args.redis, args.queue);
          printResult(io, Boolean(args.json), { queue: args.queue, ...status }, () => formatTable(Object.entries(status).map(([state, count]) => ({ state, count }))));
        },
      }),
    },
  });
}
