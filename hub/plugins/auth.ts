import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import type { Device, DeviceStore } from '../storage/devices.ts';
import { unauthorized } from '../errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    device: Device | null;
  }
  interface FastifyInstance {
    requireDevice: (request: FastifyRequest) => Promise<void>;
  }
}

/** Bearer-token authentication of enrolled devices. Routes opt in with `onRequest: app.requireDevice`. */
export const authPlugin = fp<{ devices: DeviceStore }>(
  async (app, { devices }) => {
    app.decorateRequest('device', null);
    app.decorate('requireDevice', async (request: FastifyRequest) => {
      const header = request.headers.authorization;
      if (!header) throw unauthorized('missing-token');
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) throw unauthorized('malformed-authorization-header');
      const device = await devices.authenticate(match[1]!);
      if (!device) throw unauthorized('invalid-or-revoked-token');
      request.device = device;
    });
  },
  { name: 'auth' },
);
