import { readFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { hubConfigFromEnv, runtimeFile, type HubConfig } from './config.ts';
import { runServer } from './server.ts';
import { openPGlite, openPostgres } from './storage/driver.ts';
import { migrate } from './storage/migrations.ts';
import { DocumentStore } from './storage/documents.ts';
import { DeviceStore } from './storage/devices.ts';
import { seedHub } from './seed.ts';
import { hubOperations, type HubOperations } from './operations.ts';
import { HubError } from './errors.ts';
import { hashPin, pinProblem } from '../shared/domain/pin.ts';
import {
  BUSINESS_TYPES,
  OFFICER_ROLES,
  type BusinessType,
  type Officer,
  type OfficerRole,
} from '../shared/schemas/index.ts';

const USAGE = `Tongban hub

  npm run hub                                   start the hub (PORT, HOST, DATABASE_URL, HUB_DATA_DIR)
  npm run hub -- enroll --site DX --name "东庠 1号窗口"   one-time enrolment code for a new device (24 h)
  npm run hub -- devices                        list enrolled devices
  npm run hub -- revoke <device-id>             revoke a device's token
  npm run hub -- officer add --id zhang-wei --name 张伟 --badge 350128 --sites DX,NH \\
                 --role officer --auth exit-entry,household      (PIN asked for, or one line on stdin)
  npm run hub -- catalogue load <catalogue.json>  replace the catalogue every site pulls
`;

class CliError extends Error {}

/** Operations on the database directly, or through the running hub when it holds the embedded database. */
async function connect(config: HubConfig): Promise<{ ops: HubOperations; close(): Promise<void> }> {
  const runtime = runtimeFile(config);
  if (!config.databaseUrl && existsSync(runtime)) {
    const { url, pid, adminToken } = JSON.parse(readFileSync(runtime, 'utf8')) as {
      url: string;
      pid: number;
      adminToken: string;
    };
    if (isAlive(pid)) return { ops: remoteOperations(url, adminToken), close: async () => undefined };
  }
  const db = config.databaseUrl ? await openPostgres(config.databaseUrl, 2) : await openPGlite(config.dataDir);
  await migrate(db);
  const documents = new DocumentStore(db);
  await seedHub(documents);
  return { ops: hubOperations(documents, new DeviceStore(db)), close: () => db.close() };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function remoteOperations(url: string, adminToken: string): HubOperations {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${adminToken}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await response.json()) as T & { error?: string; details?: unknown };
    if (!response.ok) throw new HubError(response.status, json.error ?? 'error', json.details);
    return json;
  };
  return {
    createEnrolmentCode: (siteCode, name) => call('POST', '/admin/enrolment-codes', { siteCode, name }),
    revokeDevice: async (id) => void (await call('POST', `/admin/devices/${encodeURIComponent(id)}/revoke`)),
    listDevices: async () =>
      (await call<{ devices: Awaited<ReturnType<HubOperations['listDevices']>> }>('GET', '/admin/devices')).devices,
    putOfficer: async (officer) => void (await call('PUT', '/admin/officers', officer)),
    loadCatalogue: (catalogue) => call('PUT', '/admin/catalogue', catalogue),
  };
}

async function readPin(): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  try {
    const pin = (await rl.question(process.stdin.isTTY ? 'PIN (6–12 digits): ' : '')).trim();
    const problem = pinProblem(pin);
    if (problem) throw new CliError(`${problem.zh} / ${problem.en}`);
    return pin;
  } finally {
    rl.close();
  }
}

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'serve') {
    await runServer();
    return -1;
  }
  if (command === '--help' || command === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const config = hubConfigFromEnv();
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      site: { type: 'string' },
      name: { type: 'string' },
      id: { type: 'string' },
      badge: { type: 'string' },
      sites: { type: 'string' },
      role: { type: 'string' },
      auth: { type: 'string' },
    },
  });
  const connection = await connect(config);
  try {
    switch (command) {
      case 'enroll': {
        if (!values.site || !values.name) throw new CliError('enroll needs --site and --name');
        const { code, expiresAt } = await connection.ops.createEnrolmentCode(values.site, values.name);
        process.stdout.write(
          `Enrolment code for ${values.site} “${values.name}”: ${code}\nValid until ${expiresAt}; usable once.\n`,
        );
        return 0;
      }
      case 'devices': {
        for (const d of await connection.ops.listDevices())
          process.stdout.write(
            `${d.id}\t${d.siteCode}\t${d.name}\t${d.revokedAt ? `revoked ${d.revokedAt}` : `last seen ${d.lastSeenAt ?? 'never'}`}\n`,
          );
        return 0;
      }
      case 'revoke': {
        const id = positionals[0];
        if (!id) throw new CliError('revoke needs a device id (see `npm run hub -- devices`)');
        await connection.ops.revokeDevice(id);
        process.stdout.write(`Revoked ${id}\n`);
        return 0;
      }
      case 'officer': {
        if (positionals[0] !== 'add')
          throw new CliError('usage: officer add --id … --name … --badge … --sites … --role … --auth …');
        const role = (values.role ?? 'officer') as OfficerRole;
        if (!OFFICER_ROLES.includes(role)) throw new CliError(`--role must be one of ${OFFICER_ROLES.join(', ')}`);
        const auth = list(values.auth);
        const unknown = auth.filter((a) => !(BUSINESS_TYPES as readonly string[]).includes(a));
        if (unknown.length)
          throw new CliError(`unknown business type ${unknown.join(', ')}; use ${BUSINESS_TYPES.join(', ')}`);
        if (!values.id || !values.name || !values.badge || list(values.sites).length === 0)
          throw new CliError('officer add needs --id, --name, --badge and --sites');
        const officer: Officer = {
          id: values.id,
          name: values.name,
          badge: values.badge,
          siteCodes: list(values.sites),
          role,
          authorisedBusinessTypes: auth as BusinessType[],
          pinHash: await hashPin(await readPin()),
          active: true,
        };
        await connection.ops.putOfficer(officer);
        process.stdout.write(`Saved officer ${officer.id} (${officer.name}) for ${officer.siteCodes.join(', ')}\n`);
        return 0;
      }
      case 'catalogue': {
        if (positionals[0] !== 'load' || !positionals[1]) throw new CliError('usage: catalogue load <catalogue.json>');
        const result = await connection.ops.loadCatalogue(JSON.parse(await readFile(positionals[1], 'utf8')));
        process.stdout.write(`Loaded ${result.items} items in ${result.categories} categories\n`);
        return 0;
      }
      default:
        process.stderr.write(USAGE);
        return 2;
    }
  } finally {
    await connection.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    if (error instanceof HubError) process.stderr.write(`${error.error}: ${JSON.stringify(error.details)}\n`);
    else if (error instanceof CliError) process.stderr.write(`${error.message}\n`);
    else process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
