import { afterEach, describe, expect, it } from 'vitest';
import { createPiiCorpus } from './fixtures/pii-corpus.js';
import { startReplayServer, type ReplayServer } from './fixtures/replay-server.js';
import { generateText } from './generate-text.js';
import { createLlmGateway } from './llm-gateway.js';
import { createOpenAICompatible } from './openai-compatible.js';
import { createPiiMasker, isValidChineseId, passesLuhn } from './pii-masker.js';

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('createPiiMasker', () => {
  const masker = createPiiMasker({ userIdPatterns: ['u_[0-9]{6}'], knownUserIds: ['shopper-kiwi7'] });
  it.each<[string, string, string]>([
    ['email', 'write to li.wei88@mail.example.cn now', 'write to <EMAIL_1> now'],
    ['chinese mobile', '电话13812345678', '电话<PHONE_1>'],
    ['chinese mobile +86 with dashes', 'call +86-138-1234-5678.', 'call <PHONE_1>.'],
    ['international', 'UK office +44 20 7946 0958', 'UK office <PHONE_1>'],
    ['north american', 'call (415) 555-0132 today', 'call <PHONE_1> today'],
    ['chinese id', '身份证11010519491231002X', '身份证<ID_NUMBER_1>'],
    ['card with spaces', 'card 6222 0212 3456 7899 2 ok', 'card 6222 0212 3456 7899 2 ok'],
    ['luhn card with spaces', 'card 4111 1111 1111 1111 ok', 'card <BANK_CARD_1> ok'],
    ['english address', 'ship to 1600 North Park Ave, Apt 5 please', 'ship to <ADDRESS_1> please'],
    ['chinese address', '寄到广东省深圳市南山区科技路12号3栋501室，谢谢', '<ADDRESS_1>，谢谢'],
    ['user id pattern', 'user u_123456 bought it', 'user <USER_ID_1> bought it'],
    ['known user id', 'reviewer shopper-kiwi7.', 'reviewer <USER_ID_1>.'],
    ['ordinary text untouched', 'iPhone 13 case, 2 pack, 6.1 inch, model A2633', 'iPhone 13 case, 2 pack, 6.1 inch, model A2633'],
  ])('%s', (_name, input, expected) => {
    expect(masker.start().mask(input)).toBe(expected);
  });

  it('maps the same datum to the same pseudonym and restores originals', () => {
    const session = masker.start();
    const masked = session.mask('a@b.example.com and c@d.example.com, again a@b.example.com');
    expect(masked).toBe('<EMAIL_1> and <EMAIL_2>, again <EMAIL_1>');
    expect(session.unmask('Reply sent to <EMAIL_2>; <PHONE_9> unknown')).toBe('Reply sent to c@d.example.com; <PHONE_9> unknown');
  });

  it('checks ID checksums and Luhn digits', () => {
    expect(isValidChineseId('11010519491231002X')).toBe(true);
    expect(isValidChineseId('110105194912310021')).toBe(false);
    expect(passesLuhn('4111111111111111')).toBe(true);
    expect(passesLuhn('4111111111111112')).toBe(false);
  });
});

describe('privacy end to end', () => {
  it('no planted personal datum from a 1,000-line corpus reaches the capturing server, and answers refer back', async () => {
    const corpus = createPiiCorpus(1000, 20261128);
    server = await startReplayServer({
      respond: (request) => {
        const messages = request.body.messages as { content: string }[];
        return { kind: 'ok', content: `Noted: ${messages.at(-1)?.content ?? ''}` };
      },
    });
    const provider = createOpenAICompatible({ baseUrl: server.baseUrl });
    const gateway = createLlmGateway({
      model: provider.languageModel('m'),
      privacy: createPiiMasker({ userIdPatterns: ['u_[0-9]{6}'], knownUserIds: corpus.knownUserIds }),
      limits: { concurrency: 16 },
    });
    const results = await Promise.all(corpus.lines.map((line) => generateText({ model: gateway.model, messages: [{ role: 'user', content: line }] })));
    const captured = server.requests.map((request) => request.rawBody).join('\n');
    // Lines that differ only in personal data become identical once masked and share one request.
    expect(server.requests.length).toBeGreaterThan(100);
    expect(server.requests.length).toBeLessThanOrEqual(1000);
    const leaks = corpus.planted.filter(({ value }) => {
      const digitsOnly = value.replace(/\D/g, '');
      return captured.includes(value) || (digitsOnly.length >= 7 && captured.replace(/\D/g, ' ').includes(digitsOnly));
    });
    expect(leaks).toEqual([]);
    // Control: the same check finds every datum in the unmasked corpus.
    const raw = corpus.lines.join('\n');
    expect(corpus.planted.every(({ value }) => raw.includes(value))).toBe(true);
    expect(corpus.planted.length).toBeGreaterThan(1200);
    // The echo comes back with the pseudonyms restored, so the answer can refer to the customer's data.
    expect(results.map((result) => result.text)).toEqual(corpus.lines.map((line) => `Noted: ${line}`));
  });
});
