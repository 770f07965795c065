import { PAYMENT_METHODS, ID_DOCUMENT_TYPES, BUSINESS_TYPES } from '../../../shared/schemas/index.ts';
import { emptyDraft, type IntakeDraft } from './intake-model.ts';

/**
 * The intake form survives a reload, a crash or a trip to another screen: every change is written to localStorage,
 * and the draft is removed once its case is saved. The draft holds personal data (ID number, name, phone, address),
 * which DESIGN.md wants encrypted at rest on the counter, so it is sealed with AES-GCM under a key derived from the
 * database key (kept in the OS keychain by the desktop shell). One draft per officer on this machine.
 */

export const DRAFT_KEY_PREFIX = 'tongban.intakeDraft.';

type DraftStorageArea = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

interface SealedDraft {
  v: 1;
  iv: string;
  data: string;
}

const toBase64 = (bytes: Uint8Array): string => {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
};
const fromBase64 = (text: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

export class DraftStore {
  readonly #storage: DraftStorageArea;
  readonly #key: Promise<CryptoKey>;
  readonly #storageKey: string;
  #writes: Promise<unknown> = Promise.resolve();

  constructor(options: { databaseKey: string; scope: string; storage?: DraftStorageArea }) {
    this.#storage = options.storage ?? localStorage;
    this.#storageKey = `${DRAFT_KEY_PREFIX}${options.scope}`;
    this.#key = crypto.subtle
      .digest('SHA-256', new TextEncoder().encode(`tongban-intake-draft:${options.databaseKey}`))
      .then((raw) => crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']));
  }

  /** The saved draft, or null when there is none or it cannot be read (another key, damaged). */
  async load(): Promise<IntakeDraft | null> {
    await this.#writes;
    const raw = this.#storage.getItem(this.#storageKey);
    if (!raw) return null;
    try {
      const sealed = JSON.parse(raw) as SealedDraft;
      const plain = await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: fromBase64(sealed.iv) },
        await this.#key,
        fromBase64(sealed.data),
      );
      return reviveDraft(JSON.parse(new TextDecoder().decode(plain)));
    } catch {
      return null;
    }
  }

  /**
   * Writes the draft; writes are applied in call order, so the last one wins. Resolves false when storage refused it
   * (full): the form keeps working, and the screen says the draft is not being kept.
   */
  save(draft: IntakeDraft): Promise<boolean> {
    const write = this.#writes.then(async () => {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const data = await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv },
        await this.#key,
        new TextEncoder().encode(JSON.stringify(draft)),
      );
      try {
        this.#storage.setItem(
          this.#storageKey,
          JSON.stringify({ v: 1, iv: toBase64(iv), data: toBase64(new Uint8Array(data)) } satisfies SealedDraft),
        );
        return true;
      } catch {
        return false;
      }
    });
    this.#writes = write.catch(() => false);
    return write;
  }

  async clear(): Promise<void> {
    this.#writes = this.#writes.then(() => this.#storage.removeItem(this.#storageKey));
    await this.#writes;
  }
}

/** A stored draft from an older build or a damaged one: keep what still has the right shape. */
function reviveDraft(value: unknown): IntakeDraft | null {
  if (typeof value !== 'object' || value === null) return null;
  const base = emptyDraft();
  const stored = value as Partial<IntakeDraft>;
  const applicant = { ...base.applicant, ...(typeof stored.applicant === 'object' ? stored.applicant : {}) };
  if (!(ID_DOCUMENT_TYPES as readonly string[]).includes(applicant.idType)) applicant.idType = 'resident-id';
  for (const field of ['idNumber', 'name', 'mobile', 'address'] as const) {
    if (typeof applicant[field] !== 'string') applicant[field] = '';
  }
  const items = Array.isArray(stored.items)
    ? stored.items.filter(
        (item) =>
          typeof item?.serviceCode === 'string' &&
          (item.route === 'on-the-spot' || item.route === 'back-office') &&
          typeof item.received === 'object',
      )
    : [];
  const overrides = Array.isArray(stored.overrides)
    ? stored.overrides.filter(
        (o) => (BUSINESS_TYPES as readonly string[]).includes(o?.businessType) && typeof o.supervisorId === 'string',
      )
    : [];
  const payment =
    stored.payment && (PAYMENT_METHODS as readonly string[]).includes(stored.payment.method)
      ? { collected: stored.payment.collected === true, method: stored.payment.method }
      : base.payment;
  return { applicant: { ...applicant, fromCard: applicant.fromCard === true }, items, overrides, payment };
}
