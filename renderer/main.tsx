import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ServiceGuide } from './app/ServiceGuide.tsx';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ServiceGuide />
  </StrictMode>,
);
