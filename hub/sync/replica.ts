import type { FastifyRequest } from 'fastify';
import { REPLICA_HEADER, REPLICA_PATTERN } from '../../shared/sync/protocol.ts';
import type { OwnWrites } from '../storage/documents.ts';
import { badRequest } from '../errors.ts';

/**
 * The local database a request comes from (`X-Tongban-Replica`, see shared/sync/protocol.ts), or null when the
 * client does not name one; then the hub behaves as before replicas were named. A malformed name is refused rather
 * than ignored: ignored, it would silently cost the counter a full pull-back of its own writes at every reload.
 */
export function replicaOf(request: FastifyRequest): string | null {
  const value = request.headers[REPLICA_HEADER];
  if (value === undefined) return null;
  if (typeof value !== 'string' || !REPLICA_PATTERN.test(value))
    throw badRequest(`${REPLICA_HEADER} must be 1 to 64 letters, digits, '-' or '_'`);
  return value;
}

/** The requesting device and replica, whose own writes its pulls and streams leave out. */
export function ownWritesOf(request: FastifyRequest): OwnWrites {
  return { device: request.device!.id, replica: replicaOf(request) };
}
