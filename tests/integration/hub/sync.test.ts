import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../../hub/app.ts';
import type { Ticket } from '../../../shared/schemas/index.ts';
import { DeviceClient, HUB_START_TIMEOUT_MS, enrolDevice, ids, inserts, startHub, wire } from '../../helpers/hub.ts';
import { acceptedCase, ticket } from '../../helpers/documents.ts';
import { forwardToBackOffice } from '../../../shared/domain/case/index.ts';

let hub: Hub;
/** Two counters of 东庠 and one of 南海. */
let counter1: DeviceClient;
let counter2: DeviceClient;
let nanhai: DeviceClient;

beforeAll(async () => {
  hub = await startHub();
  counter1 = new DeviceClient(hub.app, (await enrolDevice(hub, 'DX')).token);
  counter2 = new DeviceClient(hub.app, (await enrolDevice(hub, 'DX')).token);
  nanhai = new DeviceClient(hub.app, (await enrolDevice(hub, 'NH')).token);
}, HUB_START_TIMEOUT_MS);

afterAll(async () => {
  await hub?.app.close();
});

/** Keys in reverse order: the same document as another replica might serialise it. */
const reversedKeys = (doc: object): Record<string, unknown> => Object.fromEntries(Object.entries(doc).reverse());

describe('POST /sync/:collection/push', () => {
  it('stores a new document and hands it back in a pull exactly as it was pushed', async () => {
    const newCase = acceptedCase('DX');
    const before = await hub.documents.maxSeq('cases');

    expect(await counter1.push('cases', inserts([newCase]))).toEqual([]);

    const pulled = await counter2.pull('cases', before);
    expect(pulled.documents).toEqual([wire(newCase)]);
    expect(pulled.checkpoint.seq).toBeGreaterThan(before);
  });

  it('hands back text with quotes, braces, backslashes, line separators and emoji exactly as pushed', async () => {
    // The pull sends the stored documents' JSON text as PostgreSQL writes it: it must read back to the same values.
    const newCase = acceptedCase('DX', { applicantName: '林"小}平\\ {"_deleted":true} \u2028\n\t😀 𠮷' });
    const before = await hub.documents.maxSeq('cases');

    await counter1.push('cases', inserts([newCase]));

    const pulled = await counter2.pull('cases', before);
    expect(pulled.documents).toEqual([wire(newCase)]);
  });

  it('keeps replication metadata (_meta, _rev, _attachments) out of the stored document', async () => {
    const doc = ticket('DX');
    const before = await hub.documents.maxSeq('tickets');

    await counter1.push('tickets', [
      {
        newDocumentState: { ...wire(doc), _meta: { lwt: 1764130000000 }, _rev: '1-abc', _attachments: {} },
        assumedMasterState: null,
      },
    ]);

    expect((await counter2.pull('tickets', before)).documents).toEqual([wire(doc)]);
  });

  it('changes nothing when the same rows are pushed again, even with their keys in another order', async () => {
    const docs = [ticket('DX'), ticket('DX'), acceptedCase('DX')];
    const tickets = docs.slice(0, 2) as Ticket[];
    const caseDoc = docs[2]!;
    await counter1.push('tickets', inserts(tickets));
    await counter1.push('cases', inserts([caseDoc]));
    const ticketSeq = await hub.documents.maxSeq('tickets');
    const caseSeq = await hub.documents.maxSeq('cases');

    expect(await counter1.push('tickets', inserts(tickets))).toEqual([]);
    expect(
      await counter1.push(
        'tickets',
        tickets.map((t) => ({ newDocumentState: wire(reversedKeys(t)), assumedMasterState: wire(t) })),
      ),
    ).toEqual([]);
    expect(await counter1.push('cases', inserts([reversedKeys(caseDoc)]))).toEqual([]);

    expect(await hub.documents.maxSeq('tickets')).toBe(ticketSeq);
    expect(await hub.documents.maxSeq('cases')).toBe(caseSeq);
    expect((await counter2.pull('tickets', ticketSeq)).documents).toEqual([]);
  });

  it('writes an update whose assumed master state is the current one', async () => {
    const issued = ticket('DX');
    await counter1.push('tickets', inserts([issued]));
    const called = { ...issued, status: 'called' as const, counter: 2, calledAt: new Date().toISOString() };

    expect(
      await counter2.push('tickets', [{ newDocumentState: wire(called), assumedMasterState: wire(issued) }]),
    ).toEqual([]);

    expect((await hub.documents.get('tickets', [issued.id])).get(issued.id)?.doc).toEqual(wire(called));
  });

  it('returns the master state when an update assumes a state the hub no longer has, and keeps the master', async () => {
    const issued = ticket('DX');
    await counter1.push('tickets', inserts([issued]));
    const calledAtCounter2 = { ...issued, status: 'called' as const, counter: 2 };
    const calledAtCounter1 = { ...issued, status: 'called' as const, counter: 1 };
    await counter2.push('tickets', [{ newDocumentState: wire(calledAtCounter2), assumedMasterState: wire(issued) }]);
    const seq = await hub.documents.maxSeq('tickets');

    const conflicts = await counter1.push('tickets', [
      { newDocumentState: wire(calledAtCounter1), assumedMasterState: wire(issued) },
    ]);

    expect(conflicts).toEqual([wire(calledAtCounter2)]);
    expect((await hub.documents.get('tickets', [issued.id])).get(issued.id)?.doc).toEqual(wire(calledAtCounter2));
    expect(await hub.documents.maxSeq('tickets')).toBe(seq);
  });

  it('returns the master state when a device inserts a document that already exists with other content', async () => {
    const issued = ticket('DX');
    await counter1.push('tickets', inserts([issued]));
    const sameIdOtherContent = { ...issued, displayNumber: 'B999' };

    const conflicts = await counter2.push('tickets', inserts([sameIdOtherContent]));

    expect(conflicts).toEqual([wire(issued)]);
  });

  it('answers conflicts and writes in one push, row by row', async () => {
    const a = ticket('DX');
    const b = ticket('DX');
    await counter1.push('tickets', inserts([a, b]));
    const aDone = { ...a, status: 'done' as const };
    const bStale = { ...b, status: 'skipped' as const };
    await counter2.push('tickets', [
      { newDocumentState: wire({ ...b, status: 'called' }), assumedMasterState: wire(b) },
    ]);

    const conflicts = await counter1.push('tickets', [
      { newDocumentState: wire(aDone), assumedMasterState: wire(a) },
      { newDocumentState: wire(bStale), assumedMasterState: wire(b) },
    ]);

    expect(conflicts).toEqual([wire({ ...b, status: 'called' })]);
    expect((await hub.documents.get('tickets', [a.id])).get(a.id)?.doc).toEqual(wire(aDone));
  });

  it('keeps the last state when a push carries the same document twice', async () => {
    const issued = ticket('DX');
    const called = { ...issued, status: 'called' as const };

    await counter1.push('tickets', [
      { newDocumentState: wire(issued), assumedMasterState: null },
      { newDocumentState: wire(called), assumedMasterState: wire(issued) },
    ]);

    expect((await hub.documents.get('tickets', [issued.id])).get(issued.id)?.doc).toEqual(wire(called));
  });

  it('checks the second row of a document pushed twice against the first, and sets it aside when it is bad', async () => {
    const issued = ticket('DX');
    await counter1.push('tickets', inserts([issued]));
    const called = { ...issued, status: 'called' as const };
    const garbage = { ...called, status: 'NOT-A-STATUS', displayNumber: 12 };
    const seenBefore = (await counter1.refused()).at(-1)?.id ?? 0;

    // The second row is written against the first: it must be checked as any other, not waved through as its master.
    expect(
      await counter1.push('tickets', [
        { newDocumentState: wire(called), assumedMasterState: wire(issued) },
        { newDocumentState: wire(garbage), assumedMasterState: wire(called) },
      ]),
    ).toEqual([]);

    expect((await hub.documents.get('tickets', [issued.id])).get(issued.id)?.doc).toEqual(wire(called));
    expect(await counter1.refused(seenBefore)).toMatchObject([{ docId: issued.id, code: 'schema' }]);
  });

  it('never deletes a case through a second row, and keeps who may read it', async () => {
    const accepted = acceptedCase('DX');
    await counter1.push('cases', inserts([accepted]));
    const forwarded = forwardToBackOffice(
      accepted,
      { officerId: 'officer-dx', siteCode: 'DX' },
      { toSiteCode: 'HT', note: '' },
    );
    const seenBefore = (await counter1.refused()).at(-1)?.id ?? 0;

    expect(
      await counter1.push('cases', [
        { newDocumentState: wire(forwarded), assumedMasterState: wire(accepted) },
        { newDocumentState: wire(forwarded, true), assumedMasterState: wire(forwarded) },
      ]),
    ).toEqual([]);

    const held = (await hub.documents.get('cases', [accepted.id])).get(accepted.id);
    expect(held?.doc).toEqual(wire(forwarded));
    expect(held?.readers).toEqual(['DX', 'HT']);
    expect(await counter1.refused(seenBefore)).toMatchObject([{ docId: accepted.id, code: 'case-delete' }]);
  });

  it('writes a row only over the master it was checked against, when another push commits in between', async () => {
    const issued = ticket('DX');
    await counter1.push('tickets', inserts([issued]));
    const readBeforeTheOtherPush = (await hub.documents.get('tickets', [issued.id])).get(issued.id)!;
    // Another counter's push commits between the route's reading of the master and the store's lock.
    const calledElsewhere = { ...issued, status: 'called' as const, counter: 2 };
    await counter2.push('tickets', [{ newDocumentState: wire(calledElsewhere), assumedMasterState: wire(issued) }]);
    const master = (await hub.documents.get('tickets', [issued.id])).get(issued.id)!;
    const row = (newDocumentState: object, assumed: object) => ({
      id: issued.id,
      row: { newDocumentState: wire(newDocumentState), assumedMasterState: wire(assumed) },
      readers: ['DX'],
    });

    // Checked against the state before the other push: answered with the master, not written.
    const checked = await hub.documents.push(
      'tickets',
      [{ ...row({ ...issued, status: 'called', counter: 1 }, issued), basis: { seq: readBeforeTheOtherPush.seq } }],
      'test',
    );
    // Taken by the route for a conflict (it assumes a state the route had not yet seen), so never checked: even now
    // that its assumed state is the master, it is answered with the master, not written unchecked.
    const unchecked = await hub.documents.push(
      'tickets',
      [{ ...row({ ...calledElsewhere, status: 'NOT-A-STATUS' }, calledElsewhere), basis: null }],
      'test',
    );

    expect(checked).toMatchObject({ written: 0, conflicts: [master.doc] });
    expect(unchecked).toMatchObject({ written: 0, conflicts: [master.doc] });
    expect((await hub.documents.get('tickets', [issued.id])).get(issued.id)).toEqual(master);
  });

  it('sets aside a case whose supervisor id holds a NUL character, not a server error', async () => {
    const accepted = acceptedCase('DX');
    const good = acceptedCase('DX');
    const padded = {
      ...accepted,
      events: [
        ...accepted.events,
        {
          id: '01a21abf-0000-7000-8000-000000000001',
          at: accepted.acceptedAt,
          officerId: 'officer-dx',
          siteCode: 'DX',
          type: 'authorisation-overridden',
          supervisorId: 'super\u0000visor',
          businessType: 'household',
          serviceCodes: ['HR-IDCARD-FIRST'],
          authorisedAt: accepted.acceptedAt,
        },
      ],
    };
    const seenBefore = (await counter1.refused()).at(-1)?.id ?? 0;

    const response = await counter1.request('POST', '/sync/cases/push', inserts([padded, good]));

    expect(response.status).toBe(200);
    expect([...(await hub.documents.get('cases', [accepted.id, good.id])).keys()]).toEqual([good.id]);
    expect(await counter1.refused(seenBefore)).toMatchObject([{ docId: accepted.id, code: 'unstorable-text' }]);
  });

  it('stores a deletion as a tombstone that pulls hand out with _deleted: true', async () => {
    const issued = ticket('DX');
    await counter1.push('tickets', inserts([issued]));
    const checkpoint = await hub.documents.maxSeq('tickets');

    await counter1.push('tickets', [{ newDocumentState: wire(issued, true), assumedMasterState: wire(issued) }]);

    expect((await counter2.pull('tickets', checkpoint)).documents).toEqual([wire(issued, true)]);
    const { rows } = await hub.db.query<{ deleted: boolean }>(
      'SELECT deleted FROM documents WHERE collection = $1 AND id = $2',
      ['tickets', issued.id],
    );
    expect(rows).toEqual([{ deleted: true }]);
  });

  it('sets a refused document aside, writes the rest of the push, and reports the refusal to its device only', async () => {
    const good1 = ticket('DX');
    const bad = { ...ticket('DX'), displayNumber: 'not a ticket number' };
    const good2 = ticket('DX');
    const checkpoint = await hub.documents.maxSeq('tickets');
    const seenBefore = (await counter1.refused()).at(-1)?.id ?? 0;

    expect(await counter1.push('tickets', inserts([good1, bad, good2]))).toEqual([]);

    expect(ids((await counter2.pull('tickets', checkpoint)).documents)).toEqual([good1.id, good2.id].sort());
    const refused = await counter1.refused(seenBefore);
    expect(refused).toEqual([
      {
        id: expect.any(Number),
        collection: 'tickets',
        docId: bad.id,
        code: 'schema',
        reason: expect.stringContaining('displayNumber'),
        at: expect.any(String),
      },
    ]);
    expect(await counter1.refused(refused[0]!.id)).toEqual([]);
    expect((await counter2.refused()).map((r) => r.docId)).not.toContain(bad.id);
  });

  it('refuses a case that breaks a domain rule while writing the other cases of the push', async () => {
    const good = acceptedCase('DX');
    const wrongCheckDigit = acceptedCase('DX');
    const idNumber = wrongCheckDigit.applicant.idNumber;
    const broken = {
      ...wrongCheckDigit,
      applicant: {
        ...wrongCheckDigit.applicant,
        idNumber: idNumber.slice(0, 17) + (idNumber.endsWith('1') ? '2' : '1'),
      },
    };
    const seenBefore = (await counter1.refused()).at(-1)?.id ?? 0;

    expect(await counter1.push('cases', inserts([broken, good]))).toEqual([]);

    expect((await hub.documents.get('cases', [good.id, broken.id])).size).toBe(1);
    expect(await counter1.refused(seenBefore)).toMatchObject([{ docId: broken.id, collection: 'cases' }]);
  });

  it('refuses a document with text PostgreSQL cannot store (NUL, a lone surrogate) and writes the rest', async () => {
    const good = ticket('DX');
    const nulPadded = ticket('DX', { issuedBy: 'DX-kiosk-3\u0000\u0000\u0000' });
    const loneSurrogate = ticket('DX', { issuedBy: 'DX-kiosk-\ud800' });
    const seenBefore = (await counter1.refused()).at(-1)?.id ?? 0;

    expect(await counter1.push('tickets', inserts([nulPadded, good, loneSurrogate]))).toEqual([]);

    expect(
      ids(
        [...(await hub.documents.get('tickets', [good.id, nulPadded.id, loneSurrogate.id])).keys()].map((id) => ({
          id,
        })),
      ),
    ).toEqual([good.id]);
    expect(await counter1.refused(seenBefore)).toMatchObject([
      { docId: nulPadded.id, code: 'unstorable-text' },
      { docId: loneSurrogate.id, code: 'unstorable-text' },
    ]);
  });

  it('answers 400 to a document id with a NUL character', async () => {
    const response = await counter1.request(
      'POST',
      '/sync/tickets/push',
      inserts([{ ...ticket('DX'), id: 'ticket\u0000' }]),
    );

    expect(response.status).toBe(400);
  });

  it('refuses to delete a case (cases are cancelled, never deleted)', async () => {
    const accepted = acceptedCase('DX');
    await counter1.push('cases', inserts([accepted]));
    const seenBefore = (await counter1.refused()).at(-1)?.id ?? 0;

    expect(
      await counter1.push('cases', [{ newDocumentState: wire(accepted, true), assumedMasterState: wire(accepted) }]),
    ).toEqual([]);

    expect((await hub.documents.get('cases', [accepted.id])).get(accepted.id)?.doc).toEqual(wire(accepted));
    expect(await counter1.refused(seenBefore)).toMatchObject([{ docId: accepted.id, code: 'case-delete' }]);
  });

  it('answers 400 when a row has no id, and writes none of its rows', async () => {
    const good = ticket('DX');
    const { id: _id, ...withoutId } = ticket('DX');

    const response = await counter1.request('POST', '/sync/tickets/push', inserts([good, withoutId]));

    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'bad-request', details: expect.stringContaining('row 1') });
    expect((await hub.documents.get('tickets', [good.id])).size).toBe(0);
  });

  it('answers 400 to a push of more than 1000 rows', async () => {
    const rows = inserts(Array.from({ length: 1001 }, () => ticket('DX')));

    const response = await counter1.request('POST', '/sync/tickets/push', rows);

    expect(response.status).toBe(400);
  });

  it('accepts an empty push', async () => {
    expect(await counter1.push('tickets', [])).toEqual([]);
  });
});

describe('GET /sync/:collection/pull', () => {
  it('pages through every document exactly once, in checkpoint order, whatever the page size', async () => {
    const tickets = Array.from({ length: 31 }, () => ticket('YT'));
    const yutou = new DeviceClient(hub.app, (await enrolDevice(hub, 'YT')).token);
    await yutou.push('tickets', inserts(tickets.slice(0, 20)));
    await yutou.push('tickets', inserts(tickets.slice(20)));

    for (const limit of [1, 7, 31, 1000]) {
      const seen: string[] = [];
      let checkpoint = 0;
      for (;;) {
        const page = await yutou.pull('tickets', checkpoint, limit);
        expect(page.documents.length).toBeLessThanOrEqual(limit);
        if (page.documents.length === 0) {
          expect(page.checkpoint.seq).toBe(checkpoint);
          break;
        }
        expect(page.checkpoint.seq).toBeGreaterThan(checkpoint);
        seen.push(...page.documents.map((d) => String(d.id)));
        checkpoint = page.checkpoint.seq;
      }
      expect(seen, `limit ${limit}`).toHaveLength(tickets.length);
      expect([...seen].sort(), `limit ${limit}`).toEqual(ids(tickets));
    }
  });

  it('hands a changed document out again after the checkpoint of its first version', async () => {
    const issued = ticket('DX');
    await counter1.push('tickets', inserts([issued]));
    const afterIssue = (await counter2.pullAll('tickets')).checkpoint.seq;
    const served = { ...issued, status: 'serving' as const };

    await counter1.push('tickets', [{ newDocumentState: wire(served), assumedMasterState: wire(issued) }]);

    expect((await counter2.pull('tickets', afterIssue)).documents).toEqual([wire(served)]);
  });

  it('returns numbers as checkpoints and defaults to the start when no checkpoint is given', async () => {
    const page = await counter1.request<{ documents: unknown[]; checkpoint: { seq: unknown } }>(
      'GET',
      '/sync/sites/pull',
    );

    expect(page.status).toBe(200);
    expect(typeof page.body.checkpoint.seq).toBe('number');
    expect(page.body.documents.length).toBeGreaterThan(0);
  });

  it.each(['-1', 'abc', '1e9999', '1.5', '9999999999999999', '0x10', ' 1'])(
    'answers 400 to the checkpoint %j',
    async (checkpoint) => {
      const response = await counter1.request('GET', `/sync/cases/pull?checkpoint=${encodeURIComponent(checkpoint)}`);

      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ error: 'bad-request' });
    },
  );

  it.each(['0', '5000', '-3', 'ten', '2.5', '1e9999', 'Infinity'])('answers 400 to the limit %j', async (limit) => {
    const response = await counter1.request('GET', `/sync/cases/pull?limit=${limit}`);

    expect(response.status).toBe(400);
  });

  it('keeps another site’s pushes out of a site’s pull', async () => {
    const checkpoint = await hub.documents.maxSeq('tickets');
    await nanhai.push('tickets', inserts([ticket('NH')]));

    expect((await counter1.pull('tickets', checkpoint)).documents).toEqual([]);
  });
});
