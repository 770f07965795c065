import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ProvisioningScreen } from './ProvisioningScreen.tsx';
import { getBridge } from '../bridge.ts';
import { forwardRendererErrors } from '../forward-errors.ts';

forwardRendererErrors(getBridge());

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ProvisioningScreen bridge={getBridge()} />
  </StrictMode>,
);
