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
  type Language,
  type SiteConfig,
} from '../../shared/ipc/site-config.ts';
import { enrolDevice } from '../../shared/ipc/enrolment.ts';
import type { SiteConfigStore } from './config-store.ts';
import { SecretStorageUnavailableError, type SecretStore } from './secrets.ts';
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
}

/** First-run provisioning, the demo, and technician settings: everything that writes config.json or the token. */
export class Provisioning {
  private readonly now: () => Date;

  constructor(private readonly options: ProvisioningOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async status(): Promise<ProvisioningStatus> {
    const state = this.options.configStore.state;
    return {
      provisioned: state.state === 'ok',
      technicianPinSet: await this.options.gate.isPinSet(),
      technicianUnlockedUntil: this.options.gate.unlockedUntilIso(),
      configProblems: state.state === 'invalid' ? state.problems : [],
      demoAvailable: this.options.demo !== undefined,
    };
  }

  async provision(request: ProvisionRequest): Promise<BridgeResult<SiteConfig>> {
    if (!this.options.gate.isUnlocked()) return fail('technician-locked', TECHNICIAN_LOCKED);
    const enrolment = await enrolDevice(this.options.fetch, request.hubUrl, request.enrolmentCode);
    if (!enrolment.ok) {
      this.options.log.warn(`provisioning: enrolment at ${request.hubUrl} failed: ${enrolment.error.code}`);
      return enrolment;
    }
    const { deviceId, siteCode, name, token } = enrolment.value;
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
    return this.commit(config, token, `enrolled as ${deviceId} (${name}) at ${siteCode}`);
  }

  /** The newcomer's path: no PIN, because nothing real is configured yet and the demo touches no real hub. */
  async startDemo(): Promise<BridgeResult<DemoInfo>> {
    const demo = this.options.demo;
    if (!demo) return fail('demo-unavailable', { zh: '此版本不含演示服务器', en: 'This build has no demo hub' });
    if (this.options.configStore.current && !this.options.configStore.current.demo) {
      return fail('already-provisioned', {
        zh: '本机已配置到正式服务器，不能切换为演示',
        en: 'This machine is provisioned for a real hub and cannot switch to the demo',
      });
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
    const current = this.options.configStore.current;
    if (!current) return fail('not-provisioned', { zh: '本机尚未配置', en: 'This machine is not provisioned yet' });
    const next = await this.options.configStore.save({ ...current, ...patch });
    this.options.log.info(`provisioning: settings changed: ${Object.keys(patch).join(', ')}`);
    return ok(next);
  }

  /** Language is the officer's choice at the counter, not a technician setting. */
  async setLanguage(language: Language): Promise<BridgeResult> {
    const current = this.options.configStore.current;
    if (!current) return fail('not-provisioned', { zh: '本机尚未配置', en: 'This machine is not provisioned yet' });
    await this.options.configStore.save({ ...current, language });
    return okVoid;
  }

  private async commit(config: SiteConfig, token: string, what: string): Promise<BridgeResult<SiteConfig>> {
    try {
      await this.options.secrets.set('deviceToken', token);
    } catch (error) {
      if (error instanceof SecretStorageUnavailableError) return fail('keychain-unavailable', error.text);
      throw error;
    }
    const saved = await this.options.configStore.save(config);
    this.options.log.info(`provisioning: ${what}; mode ${saved.mode}, counter ${saved.counterNumber}`);
    this.options.onProvisioned(saved);
    return ok(saved);
  }
}
