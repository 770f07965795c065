import type { RxStorageInstance } from 'rxdb';

/**
 * The storage instance under RxDB's wrappers (ours for field encryption, RxDB's key compression): each wrapper keeps
 * the instance it wraps as `originalStorageInstance` (RxDB's `wrapRxStorageInstance`; an RxDB internal — check it on
 * an upgrade). Its change events and reads carry documents as stored, before any wrapper has decoded them: ids and
 * write marks without decrypting anything.
 */
export function unwrappedStorage<T>(
  instance: RxStorageInstance<T, unknown, unknown>,
): RxStorageInstance<T, unknown, unknown> {
  let inner = instance;
  for (;;) {
    const original = (inner as { originalStorageInstance?: RxStorageInstance<T, unknown, unknown> })
      .originalStorageInstance;
    if (!original) return inner;
    inner = original;
  }
}
