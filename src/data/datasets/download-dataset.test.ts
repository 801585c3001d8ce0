import { readFile, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SampleForgeError } from '../../errors.js';
import { downloadDataset } from './download-dataset.js';

const banking77 = resolve(process.cwd(), '../shared/data/banking77');

/** Serves the real BANKING77 files, honours Range, and can cut or corrupt a response on request. */
let server: Server;
let baseUrl: string;
let folder: string;
const faults = { cutOnce: new Set<string>(), corrupt: new Set<string>() };
const requests: { path: string; range?: string }[] = [];

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'sf-download-'));
  server = createServer((request, response) => {
    void (async () => {
      const name = (request.url ?? '/').slice(1);
      requests.push({ path: name, range: request.headers.range });
      let body: Buffer;
      try {
        body = await readFile(join(banking77, name));
      } catch {
        response.writeHead(404).end();
        return;
      }
      if (faults.corrupt.has(name)) body = Buffer.concat([body, Buffer.from('x')]);
      const range = /^bytes=(\d+)-$/.exec(request.headers.range ?? '');
      const start = range ? Number(range[1]) : 0;
      if (start >= body.length && range) {
        response.writeHead(416).end();
        return;
      }
      const part = body.subarray(start);
      response.writeHead(range ? 206 : 200, { 'content-length': part.length, ...(range ? { 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` } : {}) });
      if (faults.cutOnce.delete(name)) {
        response.write(part.subarray(0, Math.floor(part.length / 2)), () => response.socket?.destroy());
        return;
      }
      response.end(part);
    })();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((done) => server.close(done));
  await rm(folder, { recursive: true, force: true });
});

describe('downloadDataset (local HTTP server only)', () => {
  it('downloads, verifies the registry sha256, and skips verified files next time', async () => {
    const destination = join(folder, 'plain');
    const files = await downloadDataset('banking77', { destination, baseUrl });
    expect(files.map((file) => [file.path.slice(destination.length + 1), file.status, file.verified])).toEqual([
      ['train.csv', 'downloaded', true],
      ['test.csv', 'downloaded', true],
      ['categories.json', 'downloaded', true],
    ]);
    expect(files[0].sha256).toBe('b06e26ac675513959a63135f11b94ea7786ed02da65db93a5650d8838cbc664b');
    expect((await readdir(destination)).sort()).toEqual(['categories.json', 'test.csv', 'train.csv']);
    const again = await downloadDataset('banking77', { destination, baseUrl, includeOptional: false });
    expect(again.map((file) => file.status)).toEqual(['present', 'present']);
  });

  it('resumes an interrupted download with a Range request', async () => {
    const destination = join(folder, 'resume');
    faults.cutOnce.add('train.csv');
    const error = await downloadDataset('banking77', { destination, baseUrl }).catch((caught: unknown) => caught);
    expect(SampleForgeError.is(error, 'E_IO')).toBe(true);
    expect((error as SampleForgeError).isRetryable).toBe(true);
    const partial = (await stat(join(destination, 'train.csv.partial'))).size;
    expect(partial).toBeGreaterThan(0);
    await expect(stat(join(destination, 'train.csv'))).rejects.toThrow();

    const files = await downloadDataset('banking77', { destination, baseUrl });
    expect(files[0]).toMatchObject({ status: 'resumed', verified: true, sha256: 'b06e26ac675513959a63135f11b94ea7786ed02da65db93a5650d8838cbc664b' });
    expect(requests.filter((request) => request.path === 'train.csv').at(-1)?.range).toBe(`bytes=${partial}-`);
  });

  it('deletes a download whose checksum does not match and leaves no file under the real name', async () => {
    const destination = join(folder, 'corrupt');
    faults.corrupt.add('test.csv');
    try {
      await expect(downloadDataset('banking77', { destination, baseUrl })).rejects.toThrow(/checksum mismatch for .*test\.csv: expected sha256 d12d6e3b/);
    } finally {
      faults.corrupt.delete('test.csv');
    }
    expect((await readdir(destination)).sort()).toEqual(['train.csv']);
  });

  it('re-downloads a present file whose checksum is wrong', async () => {
    const destination = join(folder, 'stale');
    await downloadDataset('banking77', { destination, baseUrl, includeOptional: false });
    await writeFile(join(destination, 'test.csv'), 'stale');
    const files = await downloadDataset('banking77', { destination, baseUrl, includeOptional: false });
    expect(files.map((file) => file.status)).toEqual(['present', 'downloaded']);
  });

  it('refuses research-only datasets without acceptance, unknown names, and HTTP errors', async () => {
    await expect(downloadDataset('movielens-100k', { destination: folder, baseUrl })).rejects.toThrow(/research use only.*acceptResearchOnly/);
    await expect(downloadDataset('bankin77', { destination: folder, baseUrl })).rejects.toThrow(/unknown dataset "bankin77"; choose one of: s3rec-amazon, movielens-100k, banking77/);
    await expect(downloadDataset('clinc150', { destination: join(folder, 'missing'), baseUrl })).rejects.toThrow(/HTTP 404/);
  });
});
