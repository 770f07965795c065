import type { IDBFactory } from 'fake-indexeddb';

export type Row = Record<string, unknown>;

/** Every row of every IndexedDB object store whose database name contains `part`, as stored on disk. */
export async function withRawRows(
  indexedDB: IDBFactory,
  part: string,
  visit: (row: Row, put: (row: Row) => void) => void,
): Promise<void> {
  for (const { name } of await indexedDB.databases()) {
    if (!name?.includes(part)) continue;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    for (const storeName of Array.from(db.objectStoreNames)) {
      const store = db.transaction(storeName, 'readwrite').objectStore(storeName);
      const rows = await new Promise<Row[]>((resolve, reject) => {
        const request = store.getAll();
        request.onsuccess = () => resolve(request.result as Row[]);
        request.onerror = () => reject(request.error);
      });
      for (const row of rows) visit(row, (changed) => store.put(changed));
      await new Promise<void>((resolve, reject) => {
        store.transaction.oncomplete = () => resolve();
        store.transaction.onerror = () => reject(store.transaction.error);
      });
    }
    db.close();
  }
}
