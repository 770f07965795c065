import type { FastifyInstance } from 'fastify';
import { COLLECTIONS, type CollectionName } from '../../shared/schemas/index.ts';
import type { PendingResult } from '../../shared/sync/protocol.ts';
import type { DocumentStore } from '../storage/documents.ts';
import { notFound } from '../errors.ts';
import { ownWritesOf } from '../sync/replica.ts';

/**
 * `GET /sync/:collection/pending?checkpoint=` → `{ remaining }`: how many documents the device may read after its
 * checkpoint. RxDB's pull protocol carries no total; a counter asks this while catching up, to show documents done
 * of total and the time left. It counts the same rows the pull would return (less the replica's own writes, which
 * the pull leaves out too), so the two agree.
 */
export async function syncProgressRoutes(
  app: FastifyInstance,
  { documents }: { documents: DocumentStore },
): Promise<void> {
  app.get(
    '/sync/:collection/pending',
    {
      onRequest: app.requireDevice,
      schema: {
        params: {
          type: 'object',
          required: ['collection'],
          properties: { collection: { type: 'string', maxLength: 40 } },
        },
        querystring: {
          type: 'object',
          properties: { checkpoint: { type: 'string', pattern: '^\\d{0,15}$' } },
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            required: ['remaining'],
            properties: { remaining: { type: 'integer', minimum: 0 } },
          },
        },
      },
    },
    async (request): Promise<PendingResult> => {
      const name = (request.params as { collection: string }).collection;
      if (!Object.hasOwn(COLLECTIONS, name)) throw notFound(`unknown-collection: ${name}`);
      const { checkpoint } = request.query as { checkpoint?: string };
      const remaining = await documents.countAfter(
        name as CollectionName,
        Number(checkpoint || 0),
        request.device!.siteCode,
        ownWritesOf(request),
      );
      return { remaining };
    },
  );
}
