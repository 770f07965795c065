// The field sealer's worker in the app (web mode and the Electron shell): see field-sealer.ts.
import { serveFieldSealer, type SealerAnswer, type SealerRequestMessage } from './field-sealer.ts';

// A dedicated worker's global scope; the project's types are the page's (DOM), not the worker's.
const scope = self as unknown as {
  addEventListener(type: 'message', listener: (event: MessageEvent<SealerRequestMessage>) => void): void;
  postMessage(message: SealerAnswer): void;
  /** How many values this worker has sealed: what the end-to-end tests read to see the app's seals go through it. */
  tongbanSealedValues?: () => number;
};

scope.tongbanSealedValues = serveFieldSealer({
  onMessage: (listener) => scope.addEventListener('message', (event) => listener(event.data)),
  postMessage: (answer) => scope.postMessage(answer),
});
