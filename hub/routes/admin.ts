import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { HubOperations } from '../operations.ts';
import { forbidden, unauthorized } from '../errors.ts';
import type { Officer } from '../../shared/schemas/index.ts';

/**
 * Technician operations over HTTP, for when the CLI cannot open the database itself (embedded PGlite is held by
 * the running hub). Loopback only, and only with the admin token the hub wrote into its data directory.
 */
export async function adminRoutes(
  app: FastifyInstance,
  { ops, adminToken }: { ops: HubOperations; adminToken: string },
) {
  const expected = Buffer.from(adminToken);
  const requireAdmin = async (request: FastifyRequest) => {
    if (!['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(request.ip))
      throw forbidden('admin routes answer on loopback only');
    const given = Buffer.from(/^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw unauthorized('admin-token-required');
  };
  app.post('/admin/enrolment-codes', { onRequest: requireAdmin }, async (request) => {
    // A request without a body must get the 400 below, not a TypeError (500).
    const { siteCode, name } = (request.body ?? {}) as { siteCode?: unknown; name?: unknown };
    return ops.createEnrolmentCode(String(siteCode ?? ''), String(name ?? ''));
  });
  app.post('/admin/devices/:id/revoke', { onRequest: requireAdmin }, async (request) => {
    await ops.revokeDevice((request.params as { id: string }).id);
    return { revoked: true };
  });
  app.get('/admin/devices', { onRequest: requireAdmin }, async () => ({ devices: await ops.listDevices() }));
  app.put('/admin/officers', { onRequest: requireAdmin }, async (request) => {
    await ops.putOfficer(request.body as Officer);
    return { saved: true };
  });
  app.put('/admin/catalogue', { onRequest: requireAdmin }, async (request) => ops.loadCatalogue(request.body));
}
