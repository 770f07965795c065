import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNELS, type TongbanBridge } from '../../shared/ipc/bridge.ts';

// Only typed functions cross into the page; ipcRenderer itself never does.
const bridge = {
  getAppInfo: () => ipcRenderer.invoke(IPC_CHANNELS.getAppInfo),
} satisfies TongbanBridge;

contextBridge.exposeInMainWorld('tongban', bridge);
