import {
  HUB_PROXY_BASE_URL,
  HUB_PROXY_TOKEN,
  IPC_CHANNELS,
  IPC_EVENTS,
  fail,
  okVoid,
  type AppInfo,
  type BridgeResult,
  type HubConnection,
  type RendererDiagnostics,
  type RendererErrorReport,
} from '../../shared/ipc/bridge.ts';
import {
  jobIdSchema,
  languageSchema,
  pinArgumentSchema,
  printJobSchema,
  provisionRequestSchema,
  rendererDiagnosticsSchema,
  rendererErrorReportSchema,
  siteSettingsPatchSchema,
} from '../../shared/ipc/requests.ts';
import type { Ipc } from './ipc.ts';
import type { SiteConfigStore } from './config-store.ts';
import type { Provisioning } from './provisioning.ts';
import type { TechnicianGate } from './technician.ts';
import { TECHNICIAN_LOCKED } from './technician.ts';
import type { PrintService } from './printing.ts';
import type { Devices } from './devices/index.ts';
import { SecretStorageUnavailableError, SecretsUnreadableError } from './secrets.ts';

export interface BridgeServices {
  appInfo: () => AppInfo;
  configStore: SiteConfigStore;
  provisioning: Provisioning;
  gate: TechnicianGate;
  databaseKey: () => Promise<string>;
  printing: PrintService;
  devices: Devices;
  reportError: (report: RendererErrorReport) => void;
  exportDiagnostics: (state: RendererDiagnostics) => Promise<BridgeResult<{ path: string }>>;
  /** Called after a configuration change the devices must follow. */
  onSettingsChanged: () => void;
  quit: () => void;
}

/**
 * The main-process side of every bridge method (shared/ipc/bridge.ts), one line each where possible: the work is in
 * the modules. Every handler goes through `ipc`, which checks the sender and the arguments.
 */
export function registerBridgeHandlers(ipc: Ipc, services: BridgeServices): void {
  const { configStore, provisioning, gate, printing, devices } = services;

  ipc.handle(IPC_CHANNELS.getAppInfo, [], () => services.appInfo());
  ipc.handle(IPC_CHANNELS.getSiteConfig, [], () => configStore.current);
  ipc.handle(IPC_CHANNELS.setLanguage, [languageSchema], (language) => provisioning.setLanguage(language));

  ipc.handle(IPC_CHANNELS.getHubConnection, [], (): HubConnection | null => {
    const config = configStore.current;
    if (!config) return null;
    return {
      baseUrl: HUB_PROXY_BASE_URL,
      token: HUB_PROXY_TOKEN,
      siteCode: config.siteCode,
      deviceId: config.deviceId,
    };
  });
  ipc.handle(IPC_CHANNELS.getDatabaseKey, [], async () => {
    try {
      return await services.databaseKey();
    } catch (error) {
      // The page cannot open its database without the key; the message says why in words a technician can act on.
      if (error instanceof SecretStorageUnavailableError || error instanceof SecretsUnreadableError) {
        throw new Error(`${error.text.zh} / ${error.text.en}`);
      }
      throw error;
    }
  });

  ipc.handle(IPC_CHANNELS.getProvisioningStatus, [], () => provisioning.status());
  ipc.handle(IPC_CHANNELS.setTechnicianPin, [pinArgumentSchema], (pin) => gate.setPin(pin));
  ipc.handle(IPC_CHANNELS.unlockTechnician, [pinArgumentSchema], (pin) => gate.unlock(pin));
  ipc.handle(IPC_CHANNELS.provision, [provisionRequestSchema], (request) => provisioning.provision(request));
  ipc.handle(IPC_CHANNELS.startDemo, [], () => provisioning.startDemo());
  ipc.handle(IPC_CHANNELS.resetSecrets, [], () => provisioning.resetSecrets());
  ipc.handle(IPC_CHANNELS.updateSiteSettings, [siteSettingsPatchSchema], async (patch) => {
    const result = await provisioning.updateSettings(patch);
    if (result.ok) services.onSettingsChanged();
    return result;
  });
  ipc.handle(IPC_CHANNELS.quitApp, [], (): BridgeResult => {
    if (!gate.isUnlocked()) return fail('technician-locked', TECHNICIAN_LOCKED);
    // After the reply is on its way: quitting tears the window down.
    setTimeout(services.quit, 50);
    return okVoid;
  });

  ipc.handle(IPC_CHANNELS.listPrinters, [], () => printing.listPrinters());
  ipc.handle(IPC_CHANNELS.print, [printJobSchema], (job) => printing.print(job));
  ipc.handle(IPC_CHANNELS.retryPrint, [jobIdSchema], (jobId) => printing.retry(jobId));

  ipc.handle(IPC_CHANNELS.simulateIdCardRead, [], () => devices.simulateIdCardRead());

  ipc.on(IPC_EVENTS.reportError, [rendererErrorReportSchema], (report) => services.reportError(report));
  ipc.handle(IPC_CHANNELS.exportDiagnostics, [rendererDiagnosticsSchema.optional()], (state) =>
    services.exportDiagnostics(state ?? { syncStatus: null }),
  );
}
