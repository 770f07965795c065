import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { SqlDriver } from './driver.ts';
import { CHANGES_CHANNEL } from './documents.ts';
import type { RefusedDocument } from '../../shared/sync/protocol.ts';

export type { RefusedDocument };

export interface Device {
  id: string;
  siteCode: string;
  name: string;
  createdAt: string;
  lastSeenAt: string | null;
  revokedAt: string | null;
}

/** Tokens are 256 random bits, so a fast hash is enough: there is nothing to brute-force. */
const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

// No 0/O, 1/I/L: the code is read aloud over the phone and typed by a technician.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const normaliseCode = (code: string): string => code.toUpperCase().replace(/[^A-Z0-9]/g, '');

export const ENROLMENT_CODE_TTL_MS = 24 * 60 * 60 * 1000;

export class EnrolmentError extends Error {
  constructor(
    readonly code: 'enrolment-code-unknown' | 'enrolment-code-expired' | 'enrolment-code-used',
    message: string,
  ) {
    super(message);
  }
}

export class DeviceStore {
  constructor(
    private readonly db: SqlDriver,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A one-time code (shown once, stored hashed) that a technician types into a new counter or kiosk. */
  async createEnrolmentCode(siteCode: string, name: string): Promise<{ code: string; expiresAt: string }> {
    let raw = '';
    for (let i = 0; i < 10; i++) raw += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
    const code = `${raw.slice(0, 5)}-${raw.slice(5)}`;
    const expiresAt = new Date(this.now().getTime() + ENROLMENT_CODE_TTL_MS).toISOString();
    await this.db.query(
      'INSERT INTO enrolment_codes (code_hash, site_code, name, expires_at) VALUES ($1, $2, $3, $4)',
      [sha256(normaliseCode(code)), siteCode, name, expiresAt],
    );
    return { code, expiresAt };
  }

  /** Trades a valid code for a device and its bearer token. The token is returned once and stored hashed. */
  async enrol(code: string): Promise<{ device: Device; token: string }> {
    const codeHash = sha256(normaliseCode(code));
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ site_code: string; name: string; expires_at: Date | string; used_at: unknown }>(
        'SELECT site_code, name, expires_at, used_at FROM enrolment_codes WHERE code_hash = $1 FOR UPDATE',
        [codeHash],
      );
      const row = rows[0];
      if (!row) throw new EnrolmentError('enrolment-code-unknown', 'no such enrolment code');
      if (row.used_at) throw new EnrolmentError('enrolment-code-used', 'the enrolment code was already used');
      if (new Date(row.expires_at).getTime() < this.now().getTime())
        throw new EnrolmentError('enrolment-code-expired', 'the enrolment code has expired');
      const id = `dev-${randomBytes(6).toString('hex')}`;
      const token = `tbd_${randomBytes(32).toString('base64url')}`;
      await tx.query('INSERT INTO devices (id, site_code, name, token_hash) VALUES ($1, $2, $3, $4)', [
        id,
        row.site_code,
        row.name,
        sha256(token),
      ]);
      await tx.query('UPDATE enrolment_codes SET used_at = now(), device_id = $2 WHERE code_hash = $1', [codeHash, id]);
      const device: Device = {
        id,
        siteCode: row.site_code,
        name: row.name,
        createdAt: this.now().toISOString(),
        lastSeenAt: null,
        revokedAt: null,
      };
      return { device, token };
    });
  }

  /** The active device holding `token`, or null. */
  async authenticate(token: string): Promise<Device | null> {
    const { rows } = await this.db.query<DeviceRow>(
      'SELECT id, site_code, name, created_at, last_seen_at, revoked_at FROM devices WHERE token_hash = $1 AND revoked_at IS NULL',
      [sha256(token)],
    );
    return rows[0] ? toDevice(rows[0]) : null;
  }

  async touch(deviceId: string): Promise<void> {
    await this.db.query('UPDATE devices SET last_seen_at = now() WHERE id = $1', [deviceId]);
  }

  /**
   * Revokes the device's token. The revocation and its notice (`{ "revokedDevice": id }` on the changes channel)
   * are one statement: delivered at commit to every hub process on the database, which end the device's open
   * streams — whether the revocation came through a hub or from the CLI working on the database directly.
   */
  async revoke(deviceId: string): Promise<boolean> {
    const { rows } = await this.db.query<{ id: string }>(
      `WITH revoked AS (UPDATE devices SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id)
       SELECT id, pg_notify($2, json_build_object('revokedDevice', id)::text) FROM revoked`,
      [deviceId, CHANGES_CHANNEL],
    );
    return rows.length > 0;
  }

  /** Whether the device still exists and is not revoked: what an open stream re-checks (by id, one index lookup). */
  async isActive(deviceId: string): Promise<boolean> {
    const { rows } = await this.db.query('SELECT 1 FROM devices WHERE id = $1 AND revoked_at IS NULL', [deviceId]);
    return rows.length > 0;
  }

  async list(): Promise<Device[]> {
    const { rows } = await this.db.query<DeviceRow>(
      'SELECT id, site_code, name, created_at, last_seen_at, revoked_at FROM devices ORDER BY created_at',
    );
    return rows.map(toDevice);
  }

  async recordRefusal(
    deviceId: string,
    collection: string,
    docId: string,
    code: string,
    reason: string,
    doc: unknown,
  ): Promise<void> {
    await this.db.query(
      'INSERT INTO refused_documents (device_id, collection, doc_id, code, reason, doc) VALUES ($1, $2, $3, $4, $5, $6::jsonb)',
      [deviceId, collection, docId, code, reason, JSON.stringify(doc)],
    );
  }

  /** Refusals reported to the device, newest last; `afterId` lets it fetch only what is new. */
  async refusals(deviceId: string, afterId = 0): Promise<RefusedDocument[]> {
    const { rows } = await this.db.query<{
      id: string | number;
      collection: string;
      doc_id: string;
      code: string;
      reason: string;
      at: Date | string;
    }>(
      'SELECT id, collection, doc_id, code, reason, at FROM refused_documents WHERE device_id = $1 AND id > $2 ORDER BY id LIMIT 500',
      [deviceId, afterId],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      collection: r.collection,
      docId: r.doc_id,
      code: r.code,
      reason: r.reason,
      at: new Date(r.at).toISOString(),
    }));
  }
}

interface DeviceRow {
  id: string;
  site_code: string;
  name: string;
  created_at: Date | string;
  last_seen_at: Date | string | null;
  revoked_at: Date | string | null;
}

const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());

function toDevice(r: DeviceRow): Device {
  return {
    id: r.id,
    siteCode: r.site_code,
    name: r.name,
    createdAt: iso(r.created_at)!,
    lastSeenAt: iso(r.last_seen_at),
    revokedAt: iso(r.revoked_at),
  };
}
