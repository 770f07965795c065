/**
 * The at-rest cipher of personal fields, on its own: AES-256-GCM through WebCrypto, a key per database derived with
 * HKDF, a random 96-bit IV per value, stored as `v1.<base64(iv | ciphertext | tag)>`, with the collection and the
 * document id as additional data. No RxDB here: the field sealer's worker (field-sealer.ts) loads only this.
 */

export const FIELD_CIPHER_PREFIX = 'v1.';

const IV_BYTES = 12;
const KEY_SALT_PREFIX = 'tongban/field-encryption/v1/';
const KEY_INFO = 'AES-256-GCM record fields';

const utf8 = new TextEncoder();
// fatal: invalid UTF-8 would mean a bug, not data; never hand back replacement characters.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A fresh random IV for each value, cut from a buffer filled 1,024 IVs at a time (one getRandomValues call instead
 * of one per value). A buffer is never refilled: the next one is new, so no IV is handed out twice.
 */
let ivPool = new Uint8Array(0);
let ivPoolNext = 0;
function freshIv(): Uint8Array<ArrayBuffer> {
  if (ivPoolNext + IV_BYTES > ivPool.length) {
    ivPool = crypto.getRandomValues(new Uint8Array(IV_BYTES * 1_024));
    ivPoolNext = 0;
  }
  ivPoolNext += IV_BYTES;
  return ivPool.subarray(ivPoolNext - IV_BYTES, ivPoolNext);
}

/** The database's field key: HKDF-SHA-256 of the database key, salted with the app and the database name. */
export async function deriveFieldKey(databaseKey: string, databaseName: string): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', utf8.encode(databaseKey), 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    {
      name: 'HKDF',
      hash: 'SHA-256',
      salt: utf8.encode(KEY_SALT_PREFIX + databaseName),
      info: utf8.encode(KEY_INFO),
    },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

// Base64 with the platform's own code where it has one: Chromium's Uint8Array.prototype.toBase64 / fromBase64, Node's
// Buffer (tests, benchmarks); otherwise, by hand. Every sealed value passes through here once, written or read.
interface NativeBase64 {
  toBase64?: (this: Uint8Array) => string;
}
interface NativeFromBase64 {
  fromBase64?: (text: string) => Uint8Array<ArrayBuffer>;
}
interface NodeBufferLike {
  from(data: ArrayBufferLike, offset: number, length: number): { toString(encoding: 'base64'): string };
  from(text: string, encoding: 'base64'): Uint8Array<ArrayBuffer>;
}
const nativeToBase64 = (Uint8Array.prototype as NativeBase64).toBase64;
const nativeFromBase64 = (Uint8Array as NativeFromBase64).fromBase64;
const NodeBuffer = (globalThis as { Buffer?: NodeBufferLike }).Buffer;

function toBase64(bytes: Uint8Array): string {
  if (nativeToBase64) return nativeToBase64.call(bytes);
  if (NodeBuffer) return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000) as unknown as number[]);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  if (nativeFromBase64) return nativeFromBase64(text);
  if (NodeBuffer) return NodeBuffer.from(text, 'base64');
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The additional data bound to a ciphertext: which record of which collection it belongs to. */
function associatedData(collection: string, documentId: string): Uint8Array<ArrayBuffer> {
  return utf8.encode(`${collection}\u0000${documentId}`);
}

export async function encryptFieldValue(
  key: CryptoKey,
  plainJson: string,
  collection: string,
  documentId: string,
): Promise<string> {
  const iv = freshIv();
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: associatedData(collection, documentId) },
    key,
    utf8.encode(plainJson),
  );
  // 12 bytes are 16 base64 characters without padding, so base64(iv | sealed) = base64(iv) + base64(sealed).
  return FIELD_CIPHER_PREFIX + toBase64(iv) + toBase64(new Uint8Array(sealed));
}

/** The JSON text sealed in a `v1.` value; throws (WebCrypto's OperationError) when it does not authenticate. */
export async function decryptFieldValue(
  key: CryptoKey,
  stored: string,
  collection: string,
  documentId: string,
): Promise<string> {
  const packed = fromBase64(stored.slice(FIELD_CIPHER_PREFIX.length));
  if (packed.length <= IV_BYTES) throw new Error('ciphertext too short');
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: packed.subarray(0, IV_BYTES), additionalData: associatedData(collection, documentId) },
    key,
    packed.subarray(IV_BYTES),
  );
  return strictUtf8.decode(plain);
}
