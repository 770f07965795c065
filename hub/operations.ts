import { officerSchema, siteCodeSchema, type Catalogue, type Officer } from '../shared/schemas/index.ts';
import { validateCatalogue } from '../shared/catalogue/validate.ts';
import type { DocumentStore } from './storage/documents.ts';
import type { Device, DeviceStore } from './storage/devices.ts';
import { loadCatalogue } from './seed.ts';
import { siteConfigSchema } from '../shared/ipc/site-config.ts';
import { assertStorable, hasUnstorableText, storableCopy } from './storage/storable.ts';
import { badRequest, conflict, notFound } from './errors.ts';
import { officerReaders } from './sync/policy.ts';

/** Writes of one officer that lost to a concurrent write before one is given up (each reads the record again). */
const MAX_OFFICER_WRITE_ATTEMPTS = 5;

/**
 * What a technician does to a hub: enrol and revoke devices, manage officers, load a catalogue. The CLI calls these
 * directly on the database, or through the running hub's admin routes when the embedded database is in use by it.
 */
export interface HubOperations {
  createEnrolmentCode(siteCode: string, name: string): Promise<{ code: string; expiresAt: string }>;
  revokeDevice(deviceId: string): Promise<void>;
  listDevices(): Promise<Device[]>;
  putOfficer(officer: Officer): Promise<void>;
  loadCatalogue(catalogue: unknown): Promise<{ items: number; categories: number }>;
}

export function hubOperations(documents: DocumentStore, devices: DeviceStore): HubOperations {
  return {
    async createEnrolmentCode(siteCode, name) {
      assertStorable(name, (problem) => badRequest(`device name: ${problem}`));
      if (!siteCodeSchema.safeParse(siteCode).success)
        throw badRequest(`site code "${siteCode}" must be two capital letters, e.g. DX`);
      const sites = await documents.get('sites', [siteCode]);
      if (!sites.has(siteCode)) throw badRequest(`unknown site "${siteCode}"`);
      if (!name.trim()) throw badRequest('a device name is required, e.g. "东庠 1号窗口"');
      // The counter keeps the name in its site configuration, which holds at most this many characters: a longer
      // one would be refused there only after the one-time code was spent.
      const longest = siteConfigSchema.shape.deviceName.maxLength;
      if (longest !== null && name.trim().length > longest)
        throw badRequest(`设备名称最多 ${longest} 个字符 / a device name has at most ${longest} characters`);
      return devices.createEnrolmentCode(siteCode, name.trim());
    },
    async revokeDevice(deviceId) {
      // No device id holds such text: it names no device (and would fail the query).
      if (hasUnstorableText(deviceId)) throw notFound(`no active device "${storableCopy(deviceId) as string}"`);
      if (!(await devices.revoke(deviceId))) throw notFound(`no active device "${deviceId}"`);
    },
    listDevices: () => devices.list(),
    async putOfficer(officer) {
      assertStorable(officer, (problem) => badRequest(`officer: ${problem}`));
      const parsed = officerSchema.safeParse(officer);
      if (!parsed.success)
        throw badRequest(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      // Readers: the new sites and every site the record went to before (officerReaders), read from the row this
      // write replaces. The write is a compare-and-swap against that row, so a concurrent write in between (whose
      // readers this one would not include) makes it conflict: read again and retry.
      for (let attempt = 1; ; attempt++) {
        const current = (await documents.get('officers', [officer.id])).get(officer.id);
        const outcome = await documents.push(
          'officers',
          [
            {
              id: officer.id,
              readers: officerReaders(current?.readers, parsed.data),
              row: { newDocumentState: { ...parsed.data, _deleted: false }, assumedMasterState: current?.doc ?? null },
              // Written only over the very row read (its seq), not over an equal state written again since.
              basis: { seq: current?.seq ?? null },
            },
          ],
          'hub',
        );
        if (outcome.conflicts.length === 0) return;
        if (attempt === MAX_OFFICER_WRITE_ATTEMPTS)
          throw conflict(
            `警员 ${officer.id} 的记录正被同时修改，请重试 / officer ${officer.id} was being changed by another write at the same time; try again`,
          );
      }
    },
    async loadCatalogue(input) {
      assertStorable(input, (problem) => badRequest(`catalogue: ${problem}`));
      const result = validateCatalogue(input);
      if (!result.ok) throw badRequest(result.problems.slice(0, 50));
      const catalogue = result.catalogue as Catalogue;
      await loadCatalogue(documents, catalogue);
      return { items: catalogue.items.length, categories: catalogue.categories.length };
    },
  };
}
