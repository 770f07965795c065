/**
 * The one object the preload script exposes to the renderer (`window.tongban`), and its channel names. The preload
 * implements it over IPC; web mode implements the same type in the renderer. Nothing else crosses the boundary.
 */
export const IPC_CHANNELS = {
  getAppInfo: 'tongban:get-app-info',
} as const;

export interface AppInfo {
  version: string;
  /** 'electron' in the desktop app, 'web' in a browser. */
  shell: 'electron' | 'web';
  platform: string;
}

export interface TongbanBridge {
  getAppInfo(): Promise<AppInfo>;
}
