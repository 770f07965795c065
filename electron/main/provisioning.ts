import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  fail,
  ok,
  okVoid,
  type BridgeResult,
  type DemoInfo,
  type ProvisionRequest,
  type ProvisioningStatus,
  type SiteSettingsPatch,
} from '../../shared/ipc/bridge.ts';
import {
  DEFAULT_KIOSK_IDLE_TIMEOUT_SECONDS,
  SITE_CONFIG_VERSION,
  parseSiteConfig,
  type Language,
  type SiteConfig,
} from '../../shared/ipc/site-config.ts';
import { enrolDevice } from '../../shared/ipc/enrolment.ts';
import type { SiteConfigStore } from './config-store.ts';
import { SecretStorageUnavailableError, SecretsUnreadableError, type SecretStore } from './secrets.ts';
import { SET_ASIDE_DIR, setAsideFolder, markDatabaseForSetAside } from './set-aside.ts';
import { TECHNICIAN_LOCKED, type TechnicianGate } from './technician.ts';
import type { Logger } from './logging.ts';
import type { DemoHubStarter } from './embedded-hub.ts';

export interface ProvisioningOptions {
  configStore: SiteConfigStore;
  secrets: SecretStore;
  gate: TechnicianGate;
  fetch: typeof fetch;
  log: Logger;
  now?: () => Date;
  /** Absent in builds without the embedded hub. */
  demo?: DemoHubStarter;
  /** Called after the configuration changed in a way that needs the window reopened (mode, first provisioning). */
  onProvisioned: (config: SiteConfig) => void;
  /** Called after resetSecrets: the app restarts, and sets the local database aside before any page opens it. */
  onReset?: () => void;
}

/** First-run provisioning, the demo, and technician settings: everything that writes config.json or the token. */
export class Provisioning {
  private readonly now: () => Date;

  constructor(private readonly options: ProvisioningOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async status(): Promise<ProvisioningStatus> {
    const state = this.options.configStore.state;
    const secretsProblem = await this.options.secrets.problem();
    const neverProvisioned = !secretsProblem && (await this.neverProvisioned());
    const hasToken = !secretsProblem && (await this.options.secrets.has('deviceToken'));
    return {
      provisioned: state.state === 'ok',
      previouslyEnrolled: state.state === 'invalid' || (state.state === 'missing' && hasToken),
      technicianPinSet: secretsProblem ? false : await this.options.gate.isPinSet(),
      technicianUnlockedUntil: this.options.gate.unlockedUntilIso(),
      configProblems: state.state === 'invalid' ? state.problems : [],
      secretsProblem: secretsProblem?.text ?? null,
      demoAvailable: this.options.demo !== undefined && neverProvisioned,
    };
  }

  /**
   * A machine that was never set up: no config.json at all, no device token, and nothing set aside by a reset. Only
   * such a machine may start the demo without the technician — a damaged config.json does not make an enrolled kiosk
   * new again.
   */
  private async neverProvisioned(): Promise<boolean> {
    if (this.options.configStore.state.state !== 'missing') return false;
    if (existsSync(path.join(this.userData, SET_ASIDE_DIR))) return false;
    return !(await this.options.secrets.has('deviceToken'));
  }

  private get userData(): string {
    return path.dirname(this.options.configStore.file);
  }

  /**
   * The way out when secrets.json cannot be read or decrypted (SecretsUnreadableError): offered only then, since
   * nothing it holds is usable any more, and with no PIN, since the PIN's hash is among what is lost. Moves
   * secrets.json and config.json into `set-aside/<time>/` and marks the local database to follow at the restart
   * (the page must not open it meanwhile); nothing is deleted. The machine then provisions as a new one (no demo).
   */
  async resetSecrets(): Promise<BridgeResult<{ folder: string }>> {
    const problem = await this.options.secrets.problem();
    if (!problem) {
      return fail('secrets-readable', {
        zh: '本机凭据可以正常读取，无需重置',
        en: "This machine's credentials are readable; there is nothing to reset",
      });
    }
    const folder = setAsideFolder(this.userData, this.now());
    await this.options.secrets.setAside(folder);
    await this.options.configStore.setAside(folder);
    await markDatabaseForSetAside(this.userData, folder);
    this.options.gate.lock();
    this.options.log.warn(`provisioning: credentials reset (${problem.message}); old files set aside in ${folder}`);
    this.options.onReset?.();
    return ok({ folder });
  }

  async provision(request: ProvisionRequest): Promise<BridgeResult<SiteConfig>> {
    if (!this.options.gate.isUnlocked()) return fail('technician-locked', TECHNICIAN_LOCKED);
    const secretsProblem = await this.options.secrets.problem();
    if (secretsProblem) return fail('secrets-unreadable', secretsProblem.text);
    const enrolment = await enrolDevice(this.options.fetch, request.hubUrl, request.enrolmentCode);
    if (!enrolment.ok) {
      this.options.log.warn(`provisioning: enrolment at ${request.hubUrl} failed: ${enrolment.error.code}`);
      return enrolment;
    }
    const { deviceId, siteCode, name, token } = enrolment.value;
    if (await this.options.secrets.has('deviceToken')) {
      this.options.log.warn(`provisioning: a technician enrols again; the earlier device token is replaced`);
    }
    const previous = this.options.configStore.current;
    const config: SiteConfig = {
      version: SITE_CONFIG_VERSION,
      siteCode,
      mode: request.mode,
      hubUrl: request.hubUrl.replace(/\/+$/, ''),
      counterNumber: request.counterNumber,
      deviceId,
      deviceName: name,
      printer: previous?.printer ?? null,
      kioskIdleTimeoutSeconds: previous?.kioskIdleTimeoutSeconds ?? DEFAULT_KIOSK_IDLE_TIMEOUT_SECONDS,
      language: request.language,
      idCardReader: previous?.idCardReader ?? { driver: 'none' },
      provisionedAt: this.now().toISOString(),
    };
    // Checked before anything is stored: a configuration that cannot be saved must not leave a token behind.
    const checked = parseSiteConfig(config);
    if (!checked.ok) {
      this.options.log.error(
        `provisioning: the hub's enrolment of ${deviceId} cannot be saved: ${checked.problems.map((p) => p.en).join('; ')}`,
      );
      return fail('enrolment-unusable', {
        zh: `主岛服务器返回的登记信息无法保存：${checked.problems.map((p) => p.zh).join('；')}。本机未作任何更改。该登记码已被使用，请在主岛服务器上修正（例如改用较短的设备名称）后生成新的登记码。`,
        en: `The enrolment the hub returned cannot be saved: ${checked.problems.map((p) => p.en).join('; ')}. Nothing on this machine was changed. The enrolment code has been used; correct this at the hub (for example a shorter device name) and create a new code.`,
      });
    }
    return this.commit(checked.config, token, `enrolled as ${deviceId} (${name}) at ${siteCode}`);
  }

  /** The newcomer's path: no PIN, because nothing real is configured yet and the demo touches no real hub. */
  async startDemo(): Promise<BridgeResult<DemoInfo>> {
    const demo = this.options.demo;
    if (!demo) return fail('demo-unavailable', { zh: '此版本不含演示服务器', en: 'This build has no demo hub' });
    const secretsProblem = await this.options.secrets.problem();
    if (secretsProblem) return fail('secrets-unreadable', secretsProblem.text);
    const current = this.options.configStore.current;
    if (current && !current.demo) {
      return fail('already-provisioned', {
        zh: '本机已配置到正式服务器，不能切换为演示',
        en: 'This machine is provisioned for a real hub and cannot switch to the demo',
      });
    }
    if (!current && !(await this.neverProvisioned())) {
      this.options.log.warn('demo: refused; this machine was enrolled before (damaged config.json or a stored token)');
      return fail('previously-enrolled', PREVIOUSLY_ENROLLED);
    }
    let started;
    try {
      started = await demo.start();
    } catch (error) {
      this.options.log.error(`demo: the embedded hub did not start: ${(error as Error).stack ?? String(error)}`);
      return fail('demo-failed', {
        zh: `演示服务器启动失败：${(error as Error).message}`,
        en: `The demo hub did not start: ${(error as Error).message}`,
      });
    }
    const config: SiteConfig = {
      version: SITE_CONFIG_VERSION,
      siteCode: started.siteCode,
      mode: 'counter',
      hubUrl: started.url,
      counterNumber: started.device.counter,
      deviceId: started.device.deviceId,
      deviceName: started.device.name,
      printer: null,
      kioskIdleTimeoutSeconds: DEFAULT_KIOSK_IDLE_TIMEOUT_SECONDS,
      language: 'zh-CN',
      idCardReader: { driver: 'simulated' },
      demo: { officers: started.officers.map(({ id, name, pin }) => ({ id, name, pin })) },
      provisionedAt: this.now().toISOString(),
    };
    const committed = await this.commit(config, started.device.token, `demo hub at ${started.url}`);
    if (!committed.ok) return committed;
    return ok({ siteCode: started.siteCode, officers: config.demo!.officers });
  }

  async updateSettings(patch: SiteSettingsPatch): Promise<BridgeResult<SiteConfig>> {
    if (!this.options.gate.isUnlocked()) return fail('technician-locked', TECHNICIAN_LOCKED);
    const next = await this.options.configStore.update((current) => ({ ...current, ...patch }));
    if (!next) return fail('not-provisioned', NOT_PROVISIONED);
    this.options.log.info(`provisioning: settings changed: ${Object.keys(patch).join(', ')}`);
    return ok(next);
  }

  /** Language is the officer's choice at the counter, not a technician setting. */
  async setLanguage(language: Language): Promise<BridgeResult> {
    const next = await this.options.configStore.update((current) => ({ ...current, language }));
    return next ? okVoid : fail('not-provisioned', NOT_PROVISIONED);
  }

  private async commit(config: SiteConfig, token: string, what: string): Promise<BridgeResult<SiteConfig>> {
    try {
      await this.options.secrets.set('deviceToken', token);
      await this.options.secrets.set('enrolledMode', config.mode);
    } catch (error) {
      if (error instanceof SecretStorageUnavailableError) return fail('keychain-unavailable', error.text);
      if (error instanceof SecretsUnreadableError) return fail('secrets-unreadable', error.text);
      throw error;
    }
    const saved = await this.options.configStore.save(config);
    this.options.log.info(`provisioning: ${what}; mode ${saved.mode}, counter ${saved.counterNumber}`);
    this.options.onProvisioned(saved);
    return ok(saved);
  }
}

/** Why a machine that was enrolled once cannot simply start the demo, and what the technician does instead. */
export const PREVIOUSLY_ENROLLED = {
  zh: '本机曾登记到主岛服务器，但配置文件 config.json 已损坏或缺失，因此不能使用，也不能改为演示（演示会覆盖本机的设备凭据）。请技术人员输入 PIN 解锁后，在主岛服务器生成新的登记码重新登记；或修复 config.json 后重新启动程序。',
  en: "This machine was enrolled with a hub, but its config.json is damaged or missing, so it cannot be used and cannot switch to the demo (the demo would overwrite the machine's device token). A technician unlocks with the PIN and enrols again with a new code from the hub, or repairs config.json and restarts the app.",
};

const NOT_PROVISIONED = { zh: '本机尚未配置', en: 'This machine is not provisioned yet' };
