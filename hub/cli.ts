import { readFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { ConfigError, hubConfigFromEnv, runtimeFile, type HubConfig } from './config.ts';
import { isAlive, lockEmbeddedDatabase, runServer } from './server.ts';
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

/** A problem the technician can fix; the message says what it is (Chinese, then English) and is printed alone. */
class CliError extends Error {}

/** A command line that is wrong: the message, then the usage, exit code 2. */
class UsageError extends CliError {}

const systemMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

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
  // The hub may be starting (its address not yet written): the lock then refuses this command, which says so.
  let unlock = async (): Promise<void> => undefined;
  if (!config.databaseUrl) {
    try {
      unlock = await lockEmbeddedDatabase(config);
    } catch (error) {
      throw new CliError(systemMessage(error));
    }
  }
  let db;
  try {
    db = config.databaseUrl ? await openPostgres(config.databaseUrl, 2) : await openPGlite(config.dataDir);
    await migrate(db);
  } catch (error) {
    await db?.close().catch(() => undefined);
    await unlock();
    throw config.databaseUrl
      ? new CliError(
          `无法连接数据库（DATABASE_URL）/ cannot connect to the database (DATABASE_URL): ${systemMessage(error)}`,
        )
      : new CliError(
          `无法打开数据目录 ${config.dataDir}（HUB_DATA_DIR）/ cannot open the data directory ${config.dataDir} (HUB_DATA_DIR): ${systemMessage(error)}`,
        );
  }
  const documents = new DocumentStore(db);
  await seedHub(documents);
  return {
    ops: hubOperations(documents, new DeviceStore(db)),
    close: async () => {
      await db.close();
      await unlock();
    },
  };
}

function remoteOperations(url: string, adminToken: string): HubOperations {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    let response: Response;
    try {
      response = await fetch(`${url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${adminToken}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new CliError(
        `无法连接正在运行的中心 ${url} / cannot reach the running hub at ${url}: ${systemMessage(error)}`,
      );
    }
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

/** Reads one line; on a terminal what is typed is not shown (a PIN must not stay on the screen or in a recording). */
async function readSecretLine(prompt: string): Promise<string> {
  const terminal = process.stdin.isTTY === true;
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      if (!muted) process.stdout.write(chunk);
      callback();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal });
  try {
    if (terminal) process.stdout.write(prompt);
    muted = true;
    const line = await rl.question('');
    if (terminal) process.stdout.write('\n');
    return line.trim();
  } finally {
    rl.close();
  }
}

async function readPin(): Promise<string> {
  const pin = await readSecretLine('PIN（6–12 位数字，输入时不显示）/ PIN (6–12 digits, not shown): ');
  const problem = pinProblem(pin);
  if (problem) throw new CliError(`${problem.zh} / ${problem.en}`);
  if (process.stdin.isTTY) {
    const again = await readSecretLine('再输入一次 PIN / enter the PIN again: ');
    if (again !== pin) throw new CliError('两次输入的 PIN 不一致 / the two PINs do not match');
  }
  return pin;
}

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function parseCommandLine<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError(`命令行参数有误 / the command line is wrong: ${systemMessage(error)}`);
  }
}

async function readCatalogueFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`无法读取目录文件 ${file} / cannot read the catalogue file ${file}: ${systemMessage(error)}`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (error) {
    throw new CliError(
      `目录文件不是有效的 JSON：${file} / the catalogue file is not valid JSON: ${file}: ${systemMessage(error)}`,
    );
  }
}

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
  if (!['enroll', 'devices', 'revoke', 'officer', 'catalogue'].includes(command))
    throw new UsageError(`不认识的命令 / unknown command: ${command}`);
  const config = hubConfigFromEnv();
  const { values, positionals } = parseCommandLine(() =>
    parseArgs({
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
    }),
  );
  const connection = await connect(config);
  try {
    switch (command) {
      case 'enroll': {
        if (!values.site || !values.name)
          throw new UsageError(
            'enroll 需要 --site（站点代码）和 --name（设备名称）/ enroll needs --site (site code) and --name (device name)',
          );
        const { code, expiresAt } = await connection.ops.createEnrolmentCode(values.site, values.name);
        process.stdout.write(
          `Enrolment code for ${values.site} “${values.name}”: ${code}\nValid until ${expiresAt}; usable once.\n`,
        );
        return 0;
      }
      case 'devices': {
        const devices = await connection.ops.listDevices();
        if (devices.length === 0)
          process.stdout.write(
            '尚无已登记的设备（用 enroll 生成登记码）/ no devices enrolled yet (create a code with enroll)\n',
          );
        for (const d of devices)
          process.stdout.write(
            `${d.id}\t${d.siteCode}\t${d.name}\t${d.revokedAt ? `revoked ${d.revokedAt}` : `last seen ${d.lastSeenAt ?? 'never'}`}\n`,
          );
        return 0;
      }
      case 'revoke': {
        const id = positionals[0];
        if (!id)
          throw new UsageError(
            'revoke 需要设备编号（见 `npm run hub -- devices`）/ revoke needs a device id (see `npm run hub -- devices`)',
          );
        await connection.ops.revokeDevice(id);
        process.stdout.write(`Revoked ${id}\n`);
        return 0;
      }
      case 'officer': {
        if (positionals[0] !== 'add')
          throw new UsageError('用法 / usage: officer add --id … --name … --badge … --sites … --role … --auth …');
        const role = (values.role ?? 'officer') as OfficerRole;
        if (!OFFICER_ROLES.includes(role))
          throw new UsageError(
            `--role 只能是 ${OFFICER_ROLES.join(', ')} / --role must be one of ${OFFICER_ROLES.join(', ')}`,
          );
        const auth = list(values.auth);
        const unknown = auth.filter((a) => !(BUSINESS_TYPES as readonly string[]).includes(a));
        if (unknown.length)
          throw new UsageError(
            `不认识的业务类型 ${unknown.join(', ')}，可用 ${BUSINESS_TYPES.join(', ')} / unknown business type ${unknown.join(', ')}; use ${BUSINESS_TYPES.join(', ')}`,
          );
        if (!values.id || !values.name || !values.badge || list(values.sites).length === 0)
          throw new UsageError(
            'officer add 需要 --id、--name、--badge 和 --sites / officer add needs --id, --name, --badge and --sites',
          );
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
        if (positionals[0] !== 'load' || !positionals[1])
          throw new UsageError('用法 / usage: catalogue load <catalogue.json>');
        const result = await connection.ops.loadCatalogue(await readCatalogueFile(positionals[1]));
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

/** What went wrong, for the technician: Chinese first, English second, no stack trace for a known problem. */
function describeFailure(error: unknown): { message: string; code: number } {
  if (error instanceof UsageError) return { message: `${error.message}\n\n${USAGE}`, code: 2 };
  if (error instanceof CliError || error instanceof ConfigError) return { message: error.message, code: 1 };
  if (error instanceof HubError) {
    const details = typeof error.details === 'string' ? error.details : JSON.stringify(error.details);
    return { message: `中心拒绝了这个操作 / the hub refused (${error.error}): ${details}`, code: 1 };
  }
  const code = (error as { code?: unknown }).code;
  if (code === 'EADDRINUSE')
    return {
      message: `端口已被占用（另一个中心在运行？换一个 PORT）/ the port is already in use (another hub running? choose another PORT): ${systemMessage(error)}`,
      code: 1,
    };
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
    return {
      message: `HOST 不是本机的地址 / HOST is not an address of this machine: ${systemMessage(error)}`,
      code: 1,
    };
  return {
    message: `意外错误 / unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    code: 1,
  };
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    const { message, code } = describeFailure(error);
    process.stderr.write(`${message}\n`);
    process.exit(code);
  },
);
