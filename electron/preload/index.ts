/**
 * The preload script: runs sandboxed, before the page, with access to `ipcRenderer`. It exposes one object,
 * `window.tongban`, checked against the declared bridge type; only these functions cross into the page, never
 * `ipcRenderer` itself nor an IPC event object (whose `sender` would hand the page raw IPC).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNELS as C, IPC_EVENTS as E, type IdCardRead, type TongbanBridge } from '../../shared/ipc/bridge.ts';

const invoke =
  <K extends keyof typeof C>(channel: K) =>
  (...args: unknown[]) =>
    ipcRenderer.invoke(C[channel], ...args);

export const bridge = {
  getAppInfo: invoke('getAppInfo'),
  getSiteConfig: invoke('getSiteConfig'),
  setLanguage: (language) => ipcRenderer.invoke(C.setLanguage, language),
  getHubConnection: invoke('getHubConnection'),
  getDatabaseKey: invoke('getDatabaseKey'),
  getProvisioningStatus: invoke('getProvisioningStatus'),
  setTechnicianPin: (pin) => ipcRenderer.invoke(C.setTechnicianPin, pin),
  unlockTechnician: (pin) => ipcRenderer.invoke(C.unlockTechnician, pin),
  provision: (request) => ipcRenderer.invoke(C.provision, request),
  startDemo: invoke('startDemo'),
  resetSecrets: invoke('resetSecrets'),
  updateSiteSettings: (patch) => ipcRenderer.invoke(C.updateSiteSettings, patch),
  quitApp: invoke('quitApp'),
  listPrinters: invoke('listPrinters'),
  print: (job) => ipcRenderer.invoke(C.print, job),
  retryPrint: (jobId) => ipcRenderer.invoke(C.retryPrint, jobId),
  onIdCardRead: (listener) => {
    const relay = (_event: unknown, card: IdCardRead) => listener(card);
    ipcRenderer.on(E.idCardRead, relay);
    return () => {
      ipcRenderer.removeListener(E.idCardRead, relay);
    };
  },
  simulateIdCardRead: invoke('simulateIdCardRead'),
  reportError: (report) => ipcRenderer.send(E.reportError, report),
  exportDiagnostics: (state) => ipcRenderer.invoke(C.exportDiagnostics, state),
} satisfies TongbanBridge;

contextBridge.exposeInMainWorld('tongban', bridge);
