import type { FastifyInstance } from 'fastify';
import { EnrolmentError, type DeviceStore } from '../storage/devices.ts';
import { HubError, badRequest } from '../errors.ts';

export async function deviceRoutes(app: FastifyInstance, { devices }: { devices: DeviceStore }): Promise<void> {
  app.post(
    '/api/devices/enroll',
    {
      schema: {
        body: {
          type: 'object',
          required: ['code'],
          properties: { code: { type: 'string', minLength: 4, maxLength: 40 } },
          additionalProperties: false,
        },
      },
    },
    async (request) => {
      try {
        const { device, token } = await devices.enrol((request.body as { code: string }).code);
        return { deviceId: device.id, siteCode: device.siteCode, name: device.name, token };
      } catch (error) {
        if (error instanceof EnrolmentError)
          throw new HubError(error.code === 'enrolment-code-unknown' ? 404 : 410, error.code, error.message);
        throw error;
      }
    },
  );

  app.get('/api/devices/me', { onRequest: app.requireDevice }, async (request) => request.device);

  app.get(
    '/api/devices/me/refused',
    {
      onRequest: app.requireDevice,
      schema: {
        querystring: {
          type: 'object',
          properties: { after: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 0 } },
          additionalProperties: false,
        },
      },
    },
    async (request) => {
      const { after } = request.query as { after: number };
      // The schema's coercion lets `after=1e9999` through as Infinity, which SQL then rejects (a 500).
      if (!Number.isSafeInteger(after)) throw badRequest('querystring/after must be a refusal id');
      return { refused: await devices.refusals(request.device!.id, after) };
    },
  );
}
