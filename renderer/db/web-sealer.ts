import { pageSealer, workerSealer, type FieldSealer, type SealerAnswer } from './field-sealer.ts';

/**
 * The app's field sealer: a Web Worker of the page (the Electron shell's `app://tongban` and web mode alike; the
 * policies allow a worker from the app's own origin). Where no worker can be made, the page seals itself. A worker
 * given up on is reported on the console and to `report` (the desktop app's log, through the bridge, for the
 * technician).
 */
export function webWorkerSealer(fieldKey: CryptoKey, report: (message: string) => void = () => undefined): FieldSealer {
  const reportGiveUp = (reason: string) => {
    const message = giveUpMessage(reason);
    console.warn(message);
    report(message);
  };
  let worker: Worker;
  try {
    worker = new Worker(new URL('./field-sealer.worker.ts', import.meta.url), {
      type: 'module',
      name: 'tongban-field-sealer',
    });
  } catch (error) {
    reportGiveUp(error instanceof Error ? error.message : String(error));
    return pageSealer(fieldKey);
  }
  return workerSealer(
    {
      postMessage: (message) => worker.postMessage(message),
      listen(onAnswer, onFailure) {
        worker.addEventListener('message', (event: MessageEvent<SealerAnswer>) => onAnswer(event.data));
        worker.addEventListener('error', (event) => {
          event.preventDefault();
          onFailure(event.message || 'the worker failed to load or threw');
        });
        worker.addEventListener('messageerror', () => onFailure('a message from the worker could not be read'));
      },
      terminate: () => worker.terminate(),
    },
    fieldKey,
    { onGiveUp: reportGiveUp },
  );
}

/** For the technician: what happened, and that nothing is stored differently because of it. */
export const giveUpMessage = (reason: string): string =>
  `个人信息加密改在页面中进行（加密线程不可用：${reason}）。数据照常加密保存。 / ` +
  `Personal data is now encrypted in the page (the encryption worker is unavailable: ${reason}). ` +
  `Data is encrypted and saved as before.`;
