// Entry of the field sealer's worker thread (node-sealer.ts): the app's worker code over Node's message port.
import { parentPort } from 'node:worker_threads';
import { serveFieldSealer, type SealerRequestMessage } from '../../renderer/db/field-sealer.ts';

const port = parentPort!;
serveFieldSealer({
  onMessage: (listener) => port.on('message', (message: SealerRequestMessage) => listener(message)),
  postMessage: (answer) => port.postMessage(answer),
});
