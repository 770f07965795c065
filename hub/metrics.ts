import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per hub instance, so tests that build several hubs do not share counters. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    pushedDocuments: new Counter({
      name: 'tongban_pushed_documents_total',
      help: 'Documents received in pushes, by collection and outcome (written, unchanged, conflict, refused)',
      labelNames: ['collection', 'outcome'] as const,
      registers: [registry],
    }),
    pulledDocuments: new Counter({
      name: 'tongban_pulled_documents_total',
      help: 'Documents sent in pulls and streams, by collection',
      labelNames: ['collection'] as const,
      registers: [registry],
    }),
    requestSeconds: new Histogram({
      name: 'tongban_sync_request_seconds',
      help: 'Sync request duration, by collection and operation',
      labelNames: ['collection', 'operation'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    openStreams: new Gauge({
      name: 'tongban_open_streams',
      help: 'Open server-sent-event streams',
      registers: [registry],
    }),
  };
}

export type HubMetrics = ReturnType<typeof createMetrics>;
