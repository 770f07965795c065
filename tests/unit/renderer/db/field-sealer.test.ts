import { afterEach, describe, expect, it } from 'vitest';
import { decryptFieldValue, deriveFieldKey, FIELD_CIPHER_PREFIX } from '../../../../renderer/db/field-cipher.ts';
import {
  batchedSealing,
  pageSealer,
  workerSealer,
  type FieldSealer,
  type SealerAnswer,
  type SealerRequestMessage,
  type SealerWorkerPort,
  type SealRequest,
} from '../../../../renderer/db/field-sealer.ts';
import { nodeWorkerSealer, startSealerThread } from '../../../helpers/node-sealer.ts';

const KEY = 'sealer-test-key-0123456789abcdef';
const DB = 'sealer-test';
const requests: SealRequest[] = Array.from({ length: 50 }, (_, i) => [
  JSON.stringify({ applicant: { idNumber: `35012819900101${String(i).padStart(3, '0')}X`, name: `林海${i}` } }),
  'cases',
  `case-${i}`,
]);

/** The page's field key, as the field encryption derives it; the sealers are handed it, not the database key. */
const fieldKey = () => deriveFieldKey(KEY, DB);

/** What the page reads back: every value opens with the page's own key, for its own record, to the JSON sealed. */
async function expectOpens(sealed: string[], asked: readonly SealRequest[] = requests): Promise<void> {
  const key = await fieldKey();
  expect(sealed).toHaveLength(asked.length);
  for (const [i, [json, collection, id]] of asked.entries()) {
    expect(sealed[i]!.startsWith(FIELD_CIPHER_PREFIX)).toBe(true);
    expect(sealed[i]).not.toContain('林海');
    expect(await decryptFieldValue(key, sealed[i]!, collection, id)).toBe(json);
  }
}

const open: FieldSealer[] = [];
afterEach(() => {
  for (const sealer of open.splice(0)) sealer.close();
});

/** A worker that answers as told, for the failures a real thread does not produce on demand. */
function scriptedPort(
  answer: (
    message: Extract<SealerRequestMessage, { kind: 'seal' }>,
  ) => SealerAnswer | null | Promise<SealerAnswer | null>,
) {
  const sent: SealerRequestMessage[] = [];
  let terminated = 0;
  let onAnswer: (answer: SealerAnswer) => void = () => undefined;
  const port: SealerWorkerPort = {
    postMessage(message) {
      sent.push(message);
      if (message.kind !== 'seal') return;
      void Promise.resolve(answer(message)).then((reply) => reply && onAnswer(reply));
    },
    listen(listener) {
      onAnswer = listener;
    },
    terminate: () => void terminated++,
  };
  return { port, sent, terminated: () => terminated };
}

/**
 * A worker that answers `answer` is given up: it is stopped, and the values asked for are sealed in the page and open
 * to the JSON asked for (`expected`, when asked for with the fields themselves).
 */
async function expectRefused(
  answer: (message: Extract<SealerRequestMessage, { kind: 'seal' }>) => SealerAnswer | Promise<SealerAnswer>,
  asked: readonly SealRequest[] = requests,
  expected: readonly SealRequest[] = asked,
): Promise<void> {
  const worker = scriptedPort(answer);
  const sealer = workerSealer(worker.port, await fieldKey());
  open.push(sealer);
  await expectOpens(await sealer.seal(asked), expected);
  expect(worker.terminated()).toBe(1);
  expect(sealer.where).toBe('page');
}

describe('the field sealer', () => {
  it('seals in a worker thread values the page opens with its own key', async () => {
    const sealer = nodeWorkerSealer(await fieldKey());
    open.push(sealer);
    const sealed = await sealer.seal(requests);
    expect(sealer.where).toBe('worker');
    await expectOpens(sealed);
    // Each value has its own IV: the same JSON twice seals differently.
    const [again] = await sealer.seal([requests[0]!]);
    expect(again).not.toBe(sealed[0]);
    await expectOpens([again!], [requests[0]!]);
  });

  it('seals personal fields handed over as they are, as their JSON, in the worker and in the page alike', async () => {
    const asFields = requests.map(([json, collection, id]) => [JSON.parse(String(json)), collection, id] as const);
    const worker = nodeWorkerSealer(await fieldKey());
    open.push(worker);
    await expectOpens(await worker.seal(asFields));
    expect(worker.where).toBe('worker');
    await expectOpens(await pageSealer(await fieldKey()).seal(asFields));
  });

  it('refuses an answer to fields that is not a sealed value', async () => {
    const asFields = requests.map(([json, collection, id]) => [JSON.parse(String(json)), collection, id] as const);
    await expectRefused(
      (message) => ({
        kind: 'sealed',
        id: message.id,
        sealed: message.requests.map(() => `${FIELD_CIPHER_PREFIX}AAAA`),
      }),
      asFields,
      requests,
    );
  });

  it('sends one message for everything asked in the same turn, however many values', async () => {
    const thread = startSealerThread();
    const messages: string[] = [];
    thread.on('message', () => messages.push('answer'));
    const originalPost = thread.postMessage.bind(thread);
    thread.postMessage = (message: SealerRequestMessage) => {
      messages.push(message.kind);
      originalPost(message);
    };
    const sealer = nodeWorkerSealer(await fieldKey(), { thread });
    open.push(sealer);
    const sealOne = batchedSealing((batch) => sealer.seal(batch));
    const sealed = await Promise.all(requests.map(([json, collection, id]) => sealOne(json, collection, id)));
    await expectOpens(sealed);
    expect(messages).toEqual(['open', 'seal', 'answer']);
  });

  it('seals in the page, with the same key, when the worker cannot start, and says so once', async () => {
    const reasons: string[] = [];
    const thread = startSealerThread("throw new Error('the worker script did not load')");
    const sealer = nodeWorkerSealer(await fieldKey(), { thread, onGiveUp: (reason) => reasons.push(reason) });
    open.push(sealer);
    await expectOpens(await sealer.seal(requests));
    expect(sealer.where).toBe('page');
    await expectOpens(await sealer.seal(requests.slice(0, 3)), requests.slice(0, 3));
    expect(reasons).toHaveLength(1);
  });

  it('seals in the page what a worker failed to seal, and everything after', async () => {
    const reasons: string[] = [];
    const worker = scriptedPort((message) => ({ kind: 'failed', id: message.id, reason: 'OperationError: no key' }));
    const sealer = workerSealer(worker.port, await fieldKey(), { onGiveUp: (reason) => reasons.push(reason) });
    open.push(sealer);
    await expectOpens(await sealer.seal(requests));
    await expectOpens(await sealer.seal(requests));
    expect(reasons).toEqual(['OperationError: no key']);
    expect(worker.sent.filter((m) => m.kind === 'seal')).toHaveLength(1);
    expect(worker.terminated()).toBe(1);
  });

  it('gives a silent worker up after its time and seals in the page', async () => {
    const reasons: string[] = [];
    const worker = scriptedPort(() => null);
    const sealer = workerSealer(worker.port, await fieldKey(), {
      answerTimeoutMs: 100,
      onGiveUp: (reason) => reasons.push(reason),
    });
    open.push(sealer);
    await expectOpens(await sealer.seal(requests));
    expect(reasons).toEqual(['no answer in 100 ms']);
    expect(sealer.where).toBe('page');
  });

  it('refuses an answer that does not match what was asked, and seals it in the page', async () => {
    await expectRefused((message) => ({ kind: 'sealed', id: message.id, sealed: ['v1.AAAA'] }));
  });

  it('stops the worker when closed, and seals in the page what it had not answered', async () => {
    const worker = scriptedPort(() => null);
    const sealer = workerSealer(worker.port, await fieldKey());
    const waiting = sealer.seal(requests);
    sealer.close();
    await expectOpens(await waiting);
    expect(worker.terminated()).toBe(1);
    expect(sealer.where).toBe('page');
    await expectOpens(await sealer.seal(requests.slice(0, 2)), requests.slice(0, 2));
    expect(worker.sent.filter((m) => m.kind === 'seal')).toHaveLength(1);
  });

  it('hands the worker the field key, never the database key', async () => {
    const worker = scriptedPort(() => null);
    const key = await fieldKey();
    const sealer = workerSealer(worker.port, key);
    open.push(sealer);
    expect(worker.sent).toHaveLength(1);
    expect(Object.keys(worker.sent[0]!).sort()).toEqual(['fieldKey', 'kind']);
    expect((worker.sent[0] as { fieldKey: CryptoKey }).fieldKey).toBe(key);
    expect(key.extractable).toBe(false);
  });

  it('seals what was waiting even when reporting the failure throws', async () => {
    const worker = scriptedPort((message) => ({ kind: 'failed', id: message.id, reason: 'OperationError' }));
    const sealer = workerSealer(worker.port, await fieldKey(), {
      onGiveUp: () => {
        throw new Error('the log is gone');
      },
    });
    open.push(sealer);
    await expectOpens(await sealer.seal(requests));
  });

  it('refuses answers that are not sealed values, and seals them in the page', async () => {
    await expectRefused((message) => ({
      kind: 'sealed',
      id: message.id,
      sealed: message.requests.map(([json]) => String(json)),
    }));
  });

  it('refuses sealed values answered for other requests than asked, and seals them in the page', async () => {
    const key = await fieldKey();
    const asked: SealRequest[] = [
      [JSON.stringify({ idNumber: '350128197405019249' }), 'cases', 'case-short'],
      [JSON.stringify({ address: '平潭县东庠乡'.repeat(40), mobile: '13950000005' }), 'cases', 'case-long'],
    ];
    // Real sealed values, in the wrong order.
    await expectRefused(
      async (message) => ({
        kind: 'sealed',
        id: message.id,
        sealed: (await pageSealer(key).seal(message.requests)).reverse(),
      }),
      asked,
    );
  });

  it.each([
    ['longer than the JSON asked for can give', (value: string) => value + 'A'.repeat(200)],
    ['shorter than the JSON asked for can give', (value: string) => value.slice(0, 119)],
    ['cut short of whole base64 groups', (value: string) => value.slice(0, -1)],
    ['encoded otherwise at its end (base64url)', (value: string) => `${value.slice(0, -4)}-_A=`],
    ['with a character that is not base64 in its IV', (value: string) => `${value.slice(0, 5)}\n${value.slice(6)}`],
  ])('refuses an answer %s, and seals in the page', async (_, answer) => {
    const key = await fieldKey();
    const request: SealRequest = [JSON.stringify({ address: '平潭县东庠乡'.repeat(10) }), 'cases', 'case-1'];
    await expectRefused(
      async (message) => ({
        kind: 'sealed',
        id: message.id,
        sealed: (await pageSealer(key).seal(message.requests)).map(answer),
      }),
      [request],
    );
  });

  it('fails the values asked for, instead of leaving them waiting, when sealing throws at once', async () => {
    const sealOne = batchedSealing(() => {
      throw new Error('no sealer could be made');
    });
    await expect(sealOne('{}', 'cases', 'case-1')).rejects.toThrow('no sealer could be made');
  });

  it('seals in the page where no worker is given', async () => {
    const sealer = pageSealer(await fieldKey());
    expect(sealer.where).toBe('page');
    await expectOpens(await sealer.seal(requests));
  });
});
