import type { ComponentType } from 'react';
import type { ScreenId } from '../store/index.ts';
import { QueueScreen } from '../features/queue/QueueScreen.tsx';
import { IntakeScreen } from '../features/intake/IntakeScreen.tsx';
import { CasesScreen } from '../features/cases/CasesScreen.tsx';
import { SyncPage } from '../features/sync/SyncPage.tsx';
import { SettingsScreen } from '../features/settings/SettingsScreen.tsx';
import { ServiceGuide } from './ServiceGuide.tsx';

export interface ScreenDefinition {
  id: ScreenId;
  /** i18n key of the menu entry and the page title. */
  titleKey: `nav.${ScreenId}`;
  /** The function key that opens it from anywhere (KeyboardEvent.key). */
  shortcut?: string;
  component: ComponentType;
}

/**
 * The screens of the signed-in counter app, in menu order. Adding a screen: its id in `ScreenId` (store), its title
 * under `nav.` in both i18n files, and a line here. Open it with `useAppStore.getState().navigation.go(id, params)`.
 */
export const SCREENS: readonly ScreenDefinition[] = [
  { id: 'queue', titleKey: 'nav.queue', shortcut: 'F4', component: QueueScreen },
  { id: 'intake', titleKey: 'nav.intake', shortcut: 'F2', component: IntakeScreen },
  { id: 'cases', titleKey: 'nav.cases', shortcut: 'F3', component: CasesScreen },
  { id: 'guide', titleKey: 'nav.guide', component: ServiceGuide },
  { id: 'sync', titleKey: 'nav.sync', shortcut: 'F9', component: SyncPage },
  { id: 'settings', titleKey: 'nav.settings', shortcut: 'F8', component: SettingsScreen },
];

export const screenById = (id: ScreenId): ScreenDefinition => SCREENS.find((s) => s.id === id) ?? SCREENS[0]!;
