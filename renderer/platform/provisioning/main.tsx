import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ProvisioningScreen } from './ProvisioningScreen.tsx';
import { getBridge } from '../bridge.ts';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ProvisioningScreen bridge={getBridge()} />
  </StrictMode>,
);
