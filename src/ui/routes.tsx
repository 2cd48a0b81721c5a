import type { ReactElement } from 'react';
import type { Permission } from '../core/roles';
import { About } from './screens/About';
import { Houses } from './screens/operations/Houses';
import { PersonEdit, PersonNew } from './screens/operations/PersonForm';
import { PersonPage } from './screens/operations/PersonPage';
import { RecordEvent } from './screens/operations/RecordEvent';
import { Residents } from './screens/operations/Residents';
import { HandoffsScreen } from './screens/handoff/Handoffs';
import { NetworkScreen } from './screens/network/Network';
import { PartnersScreen } from './screens/handoff/Partners';
import { ReceiveScreen } from './screens/handoff/Receive';
import { SendScreen } from './screens/handoff/Send';
import { Dashboard } from './screens/operations/Dashboard';
import { ImportScreen } from './screens/operations/Import';
import { ReportsScreen } from './screens/operations/Reports';
import { RetentionScreen } from './screens/operations/Retention';
import { AuditScreen } from './screens/admin/Audit';
import { BackupScreen } from './screens/admin/Backup';
import { DuressScreen } from './screens/admin/Duress';
import { RecoveryScreen } from './screens/admin/Recovery';
import { RotateScreen } from './screens/admin/Rotate';
import { SettingsScreen } from './screens/admin/Settings';
import { UsersScreen } from './screens/admin/Users';
import { WipeScreen } from './screens/admin/Wipe';
import { EvacuateScreen } from './screens/evacuate/Evacuate';

/**
 * The screens of the unlocked app: path, nav label key, the permission that shows it, and the element.
 * The vault enforces permissions again on every write; hiding is only for clarity.
 */
export interface AppRoute {
  path: string;
  label: string;
  permission: Permission;
  element: () => ReactElement;
  /** Listed in the main navigation. */
  nav: boolean;
}

export const ROUTES: AppRoute[] = [
  { path: '/', label: 'nav.dashboard', permission: 'operations', element: () => <Dashboard />, nav: true },
  { path: '/residents', label: 'nav.residents', permission: 'operations', element: () => <Residents />, nav: true },
  { path: '/residents/new', label: 'operations.personForm.newTitle', permission: 'operations', element: () => <PersonNew />, nav: false },
  { path: '/residents/:id', label: 'nav.residents', permission: 'operations', element: () => <PersonPage />, nav: false },
  { path: '/residents/:id/edit', label: 'operations.person.edit', permission: 'operations', element: () => <PersonEdit />, nav: false },
  { path: '/residents/:id/record/:kind', label: 'operations.person.record', permission: 'operations', element: () => <RecordEvent />, nav: false },
  { path: '/houses', label: 'nav.houses', permission: 'operations', element: () => <Houses />, nav: true },
  { path: '/reports', label: 'reports.nav.reports', permission: 'operations', element: () => <ReportsScreen />, nav: true },
  { path: '/import', label: 'reports.nav.import', permission: 'operations', element: () => <ImportScreen />, nav: true },
  { path: '/retention', label: 'reports.nav.retention', permission: 'operations', element: () => <RetentionScreen />, nav: true },
  { path: '/handoff', label: 'handoff.nav.handoff', permission: 'handoff', element: () => <PartnersScreen />, nav: true },
  { path: '/handoff/send', label: 'handoff.nav.send', permission: 'handoff', element: () => <SendScreen />, nav: false },
  { path: '/handoff/receive', label: 'handoff.nav.receive', permission: 'handoff', element: () => <ReceiveScreen />, nav: false },
  { path: '/handoff/sent', label: 'handoff.nav.sent', permission: 'handoff', element: () => <HandoffsScreen />, nav: false },
  { path: '/network', label: 'network.nav', permission: 'handoff', element: () => <NetworkScreen />, nav: true },
  { path: '/admin', label: 'admin.nav.admin', permission: 'administration', element: () => <UsersScreen />, nav: true },
  { path: '/admin/recovery', label: 'admin.nav.recovery', permission: 'administration', element: () => <RecoveryScreen />, nav: false },
  { path: '/admin/duress', label: 'admin.nav.duress', permission: 'administration', element: () => <DuressScreen />, nav: false },
  { path: '/admin/audit', label: 'admin.nav.audit', permission: 'administration', element: () => <AuditScreen />, nav: false },
  { path: '/admin/settings', label: 'admin.nav.settings', permission: 'administration', element: () => <SettingsScreen />, nav: false },
  { path: '/admin/backup', label: 'admin.nav.backup', permission: 'administration', element: () => <BackupScreen />, nav: false },
  { path: '/admin/rotate', label: 'admin.nav.rotate', permission: 'administration', element: () => <RotateScreen />, nav: false },
  { path: '/admin/wipe', label: 'admin.nav.wipe', permission: 'administration', element: () => <WipeScreen />, nav: false },
  { path: '/evacuate', label: 'evacuate.nav', permission: 'evacuation', element: () => <EvacuateScreen />, nav: false },
  { path: '/about', label: 'nav.about', permission: 'operations', element: () => <About />, nav: true },
];
