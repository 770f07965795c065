import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildHub, type Hub, type HubOptions } from '../../hub/app.ts';
import type { WireDocument } from '../../hub/storage/documents.ts';
import type { Case, CollectionName } from '../../shared/schemas/index.ts';
import { identityOf, projectCase } from '../../shared/domain/case/index.ts';

/** Starting a hub on an in-memory PGlite takes seconds: build one per test file, in `beforeAll`, with this timeout. */
export const HUB_START_TIMEOUT_MS = 120_000;

export async function startHub(options: HubOptions = {}): Promise<Hub> {
  return buildHub(options);
}

export interface EnrolledDevice {
  deviceId: string;
  siteCode: string;
  name: string;
  token: string;
}

/** Enrols a device of `siteCode` the way a technician does: an enrolment code traded at POST /api/devices/enroll. */
export async function enrolDevice(
  hub: Hub,
  siteCode: string,
  name = `${siteCode} test counter ${randomUUID().slice(0, 8)}`,
): Promise<EnrolledDevice> {
  const { code } = await hub.ops.createEnrolmentCode(siteCode, name);
  const response = await hub.app.inject({ method: 'POST', url: '/api/devices/enroll', payload: { code } });
  if (response.statusCode !== 200) throw new Error(`enrolment failed: ${response.statusCode} ${response.body}`);
  return response.json<EnrolledDevice>();
}

export interface HubResponse<T = unknown> {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: T;
  text: string;
}

export interface PullResult {
  documents: WireDocument[];
  checkpoint: { seq: number };
}

/**
 * What a counter does over the sync API, with its bearer token. Talks to a hub through `inject` (an app) or over
 * real HTTP (a base URL such as http://127.0.0.1:PORT).
 */
export class DeviceClient {
  constructor(
    readonly target: FastifyInstance | string,
    readonly token: string,
  ) {}

  async request<T = unknown>(method: 'GET' | 'POST', url: string, payload?: unknown): Promise<HubResponse<T>> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}` };
    if (payload !== undefined) headers['content-type'] = 'application/json';
    const body = payload === undefined ? undefined : JSON.stringify(payload);
    if (typeof this.target === 'string') {
      const response = await fetch(`${this.target}${url}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
      });
      const text = await response.text();
      return { status: response.status, headers: Object.fromEntries(response.headers), body: parse<T>(text), text };
    }
    const response = await this.target.inject({
      method,
      url,
      headers,
      ...(body === undefined ? {} : { payload: body }),
    });
    return {
      status: response.statusCode,
      headers: response.headers,
      body: parse<T>(response.body),
      text: response.body,
    };
  }

  async pull(collection: CollectionName, checkpoint = 0, limit = 100): Promise<PullResult> {
    return expectOk(
      await this.request<PullResult>('GET', `/sync/${collection}/pull?checkpoint=${checkpoint}&limit=${limit}`),
    );
  }

  /** Pulls page by page until the hub has nothing more, as the replication does after a RESYNC. */
  async pullAll(collection: CollectionName, checkpoint = 0, limit = 100): Promise<PullResult> {
    const documents: WireDocument[] = [];
    let seq = checkpoint;
    for (;;) {
      const page = await this.pull(collection, seq, limit);
      documents.push(...page.documents);
      seq = page.checkpoint.seq;
      if (page.documents.length < limit) return { documents, checkpoint: { seq } };
    }
  }

  /** Pushes rows and returns the master states of the ones that conflicted. */
  async push(
    collection: CollectionName,
    rows: Array<{ newDocumentState: WireDocument; assumedMasterState?: WireDocument | null }>,
  ): Promise<WireDocument[]> {
    return expectOk(await this.request<WireDocument[]>('POST', `/sync/${collection}/push`, rows));
  }

  async refused(
    after = 0,
  ): Promise<Array<{ id: number; collection: string; docId: string; code: string; reason: string; at: string }>> {
    const response = await this.request<{
      refused: Array<{ id: number; collection: string; docId: string; code: string; reason: string; at: string }>;
    }>('GET', `/api/devices/me/refused?after=${after}`);
    return expectOk(response).refused;
  }
}

function parse<T>(text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return text as T;
  }
}

function expectOk<T>(response: HubResponse<T>): T {
  if (response.status !== 200) throw new Error(`hub answered ${response.status}: ${response.text}`);
  return response.body;
}

/** A document as the replication sends it: its fields and `_deleted`. */
export const wire = <T extends object>(doc: T, deleted = false): WireDocument => ({
  ...(doc as Record<string, unknown>),
  _deleted: deleted,
});

/** Rows for a push of new documents (no assumed master state). */
export const inserts = <T extends object>(
  docs: T[],
): Array<{ newDocumentState: WireDocument; assumedMasterState: null }> =>
  docs.map((doc) => ({ newDocumentState: wire(doc), assumedMasterState: null }));

/** The primary keys (`id`, or `code` for the catalogue and sites) of documents, sorted. */
export const ids = (docs: ReadonlyArray<object>): string[] =>
  docs.map((d) => String((d as { id?: unknown }).id ?? (d as { code?: unknown }).code)).sort();

/**
 * Pushes a case as its history happened: each run of events recorded at one site is pushed by that site's device,
 * against the state the run before left (a device adds only its own site's acts to a case). Refused or conflicting
 * steps throw.
 */
export async function pushCaseAsItsSites(deviceOf: (siteCode: string) => DeviceClient, doc: Case): Promise<void> {
  let previous: Case | null = null;
  for (let start = 0; start < doc.events.length;) {
    const site = doc.events[start]!.siteCode;
    let end = start + 1;
    while (end < doc.events.length && doc.events[end]!.siteCode === site) end++;
    const state = end === doc.events.length ? doc : projectCase(identityOf(doc), doc.events.slice(0, end));
    const device = deviceOf(site);
    const refusedBefore = (await device.refused()).length;
    const conflicts = await device.push('cases', [
      { newDocumentState: wire(state), assumedMasterState: previous ? wire(previous) : null },
    ]);
    const refused = (await device.refused()).slice(refusedBefore);
    if (conflicts.length > 0 || refused.length > 0)
      throw new Error(`pushing ${doc.id}'s events from ${site}: ${JSON.stringify({ conflicts, refused })}`);
    previous = state;
    start = end;
  }
}
