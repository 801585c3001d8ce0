import { describe, expect, it } from 'vitest';
import { extractJson } from './json-output.js';

describe('extractJson', () => {
  it.each<[string, string, unknown]>([
    ['bare object', '{"a":1}', { a: 1 }],
    ['bare array with spaces', '  [1, 2]\n', [1, 2]],
    ['json code fence', '```json\n{"a": "b"}\n```', { a: 'b' }],
    ['plain code fence with prose', 'Sure!\n```\n{"a": [1, {"b": 2}]}\n```\nHope this helps.', { a: [1, { b: 2 }] }],
    ['leading prose and trailing text', 'Here you go: {"text": "a } inside", "n": 2} -- done', { text: 'a } inside', n: 2 }],
    ['escaped quotes in strings', '{"q": "say \\"hi\\" {"} trailing', { q: 'say "hi" {' }],
    ['chinese content', '结果：{"改写": ["红色跑鞋"]}', { 改写: ['红色跑鞋'] }],
  ])('%s', (_name, text, expected) => {
    expect(extractJson(text)).toEqual({ ok: true, value: expected });
  });

  it.each<[string, string]>([
    ['empty', '   '],
    ['prose only', 'I cannot help with that.'],
    ['truncated object', '{"a": [1, 2'],
    ['mismatched brackets', '{"a": [1, 2}'],
  ])('fails on %s', (_name, text) => {
    expect(extractJson(text).ok).toBe(false);
  });
});
