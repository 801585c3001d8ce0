import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SampleForgeError } from '../errors.js';
import { downloadModel, resolveModelUrl } from './download-model.js';

const modelBytes = readFileSync(resolve(process.cwd(), '../shared/models/stories260K/stories260K.gguf'));
// From ../shared/models/stories260K/SOURCE.md.
const MODEL_SHA256 = '270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d';
let server: Server;
let base: string;
let directory: string;
const hits: string[] = [];

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'sf-download-'));
  server = createServer((request, response) => {
    hits.push(request.url ?? '');
    if (request.url === '/tinyllamas/stories/resolve/main/stories260K.gguf' || request.url === '/files/stories260K.gguf') {
      response.writeHead(200, { 'content-length': String(modelBytes.length) }).end(modelBytes);
    } else if (request.url === '/files/truncated.gguf') {
      response.writeHead(200, { 'content-length': String(modelBytes.length) });
      response.write(modelBytes.subarray(0, 1000));
      request.socket.destroy();
    } else {
      response.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
  await rm(directory, { recursive: true, force: true });
});

describe('downloadModel', () => {
  it('resolves hf: URIs to the hub resolve URL', () => {
    expect(resolveModelUrl('hf:ggml-org/models/tinyllamas/stories260K.gguf')).toBe('https://huggingface.co/ggml-org/models/resolve/main/tinyllamas/stories260K.gguf');
    expect(resolveModelUrl('hf:a/b/c.gguf@v2', 'http://hub.local/')).toBe('http://hub.local/a/b/resolve/v2/c.gguf');
    expect(() => resolveModelUrl('ftp://x/y.gguf')).toThrow(/neither an http\(s\) URL nor hf:/);
  });

  it('downloads from a hub URI, checks sha256, and reuses the file on the next call', async () => {
    const first = await downloadModel({ uri: 'hf:tinyllamas/stories/stories260K.gguf', hubUrl: base, directory: join(directory, 'a'), sha256: MODEL_SHA256 });
    expect(first).toEqual({ path: join(directory, 'a', 'stories260K.gguf'), bytes: 1_185_376, sha256: MODEL_SHA256, downloaded: true });
    const requestsBefore = hits.length;
    const second = await downloadModel({ uri: 'hf:tinyllamas/stories/stories260K.gguf', hubUrl: base, directory: join(directory, 'a'), sha256: MODEL_SHA256 });
    expect(second.downloaded).toBe(false);
    expect(hits.length).toBe(requestsBefore);
  });

  it.each<[string, string, string | undefined, RegExp]>([
    ['wrong checksum', '/files/stories260K.gguf', '0'.repeat(64), /expected 0{64}; the file was removed/],
    ['truncated body', '/files/truncated.gguf', undefined, /truncated|failed/],
    ['missing file', '/files/missing.gguf', undefined, /HTTP 404/],
  ])('fails cleanly on a %s and leaves no file behind', async (_name, path, sha256, message) => {
    const target = join(directory, `case-${path.replace(/\W/g, '')}`);
    const error = await downloadModel({ uri: `${base}${path}`, directory: target, sha256 }).catch((caught: unknown) => caught);
    expect(SampleForgeError.is(error, 'E_IO')).toBe(true);
    expect((error as Error).message).toMatch(message);
    expect(await readdir(target)).toEqual([]);
  });
});
