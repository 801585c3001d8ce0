/**
 * Queue throughput: N small jobs through one Redis (BullMQ), producer and worker in this process.
 * Bar (issue 7): 100,000 jobs at no less than 2,000 jobs per second. Baseline from the same run:
 * the same number of bare Redis LPUSH + LPOP round trips in pipelines of the same size, the floor
 * any Redis queue pays.
 *
 *   npx vite-node bench/distributed/throughput.ts [jobs=100000]
 */
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { redisConnection } from '../../src/workers/redis-connection.js';
import { startTestRedis } from '../../src/workers/test-support/redis-server.js';

const jobs = Number(process.argv[2] ?? 100_000);
const batch = 1000;
const redis = await startTestRedis();
try {
  const connection = redisConnection(redis.url);

  const bare = new Redis(redis.url);
  let started = performance.now();
  for (let sent = 0; sent < jobs; sent += batch) {
    const push = bare.pipeline();
    for (let i = 0; i < batch; i++) push.lpush('bare', JSON.stringify({ i: sent + i }));
    await push.exec();
  }
  for (let taken = 0; taken < jobs; taken += batch) {
    const pop = bare.pipeline();
    for (let i = 0; i < batch; i++) pop.lpop('bare');
    await pop.exec();
  }
  const bareSeconds = (performance.now() - started) / 1000;
  bare.disconnect();

  const queue = new Queue('throughput', { connection });
  let completed = 0;
  let resolveDone: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    resolveDone = resolve;
  });
  const worker = new Worker('throughput', async (job) => job.data.i, {
    connection,
    concurrency: 200,
    autorun: false,
    removeOnComplete: { count: 0 },
  });
  worker.on('completed', () => {
    completed++;
    if (completed === jobs) resolveDone();
  });
  started = performance.now();
  void worker.run();
  for (let sent = 0; sent < jobs; sent += batch) {
    await queue.addBulk(Array.from({ length: Math.min(batch, jobs - sent) }, (_, i) => ({ name: 'small', data: { i: sent + i }, opts: { removeOnComplete: true } })));
  }
  await done;
  const seconds = (performance.now() - started) / 1000;
  await worker.close();
  await queue.close();

  console.log(`jobs: ${jobs}`);
  console.log(`BullMQ (add + process + complete): ${seconds.toFixed(2)} s = ${Math.round(jobs / seconds)} jobs/s  (bar: >= 2000 jobs/s)`);
  console.log(`baseline, bare Redis LPUSH+LPOP in pipelines of ${batch}: ${bareSeconds.toFixed(2)} s = ${Math.round(jobs / bareSeconds)} ops/s`);
  console.log(`BullMQ / bare: ${(seconds / bareSeconds).toFixed(1)}x the time`);
} finally {
  await redis.stop();
}
