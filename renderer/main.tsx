import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initI18n } from './i18n/index.ts';
import { useAppStore } from './store/index.ts';
import { App } from './app/App.tsx';
import './app/app.css';

void initI18n(useAppStore.getState().settings.language).then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
