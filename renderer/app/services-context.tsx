import { createContext, useContext, useEffect, useMemo, useState, type DependencyList, type ReactNode } from 'react';
import type { Observable } from 'rxjs';
import type { RxDocument, RxQuery } from 'rxdb';
import type { TongbanDatabase } from '../db/create-database.ts';
import type { SyncClient } from '../sync/sync-client.ts';
import type { CounterServices } from './services.ts';

/**
 * React only consumes the database; it is created outside React (services.ts). Screens read records with
 * `useLiveQuery`, which re-renders on every change, local or pulled from the hub.
 */
const ServicesContext = createContext<CounterServices | null>(null);

export function ServicesProvider({ services, children }: { services: CounterServices; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): CounterServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices: no <ServicesProvider> above this component');
  return services;
}

export const useDatabase = (): TongbanDatabase => useServices().db;
export const useSyncClient = (): SyncClient => useServices().sync;

export interface LiveResult<R> {
  result: R;
  loading: boolean;
  error: Error | null;
}

/**
 * Subscribes to an observable built from the database (an RxQuery's `$`, a document's `$`, a count) for as long as
 * the component is mounted and `deps` are unchanged. `build` may return null to wait (nothing to query yet).
 */
export function useLiveResult<R>(
  build: (db: TongbanDatabase) => Observable<R> | null,
  deps: DependencyList,
  initial: R,
): LiveResult<R> {
  const db = useDatabase();
  const [state, setState] = useState<LiveResult<R>>({ result: initial, loading: true, error: null });
  useEffect(() => {
    const source = build(db);
    if (!source) {
      setState({ result: initial, loading: false, error: null });
      return;
    }
    setState((previous) => ({ ...previous, loading: true, error: null }));
    const subscription = source.subscribe({
      next: (result) => setState({ result, loading: false, error: null }),
      error: (error: unknown) =>
        setState((previous) => ({
          ...previous,
          loading: false,
          error: error instanceof Error ? error : new Error(String(error)),
        })),
    });
    return () => subscription.unsubscribe();
    // `build` is a fresh closure every render; `deps` say when it means something else.
  }, [db, ...deps]);
  return state;
}

const EMPTY: never[] = [];

/**
 * The documents a find query returns, as plain read-only objects, kept current.
 *
 * ```tsx
 * const { documents: officers } = useLiveQuery((db) => db.officers.find({ selector: { active: true } }), []);
 * ```
 */
export function useLiveQuery<T>(
  build: (db: TongbanDatabase) => RxQuery<T, RxDocument<T>[]> | null,
  deps: DependencyList,
): { documents: T[]; loading: boolean; error: Error | null } {
  const live = useLiveResult<RxDocument<T>[]>((db) => build(db)?.$ ?? null, deps, EMPTY);
  const documents = useMemo(() => live.result.map((doc) => doc.toJSON() as T), [live.result]);
  return { documents, loading: live.loading, error: live.error };
}
