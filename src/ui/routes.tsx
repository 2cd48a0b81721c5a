import type { ReactElement } from 'react';
import type { Permission } from '../core/roles';
import { About } from './screens/About';
import { Home } from './screens/Home';

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
  { path: '/', label: 'nav.dashboard', permission: 'operations', element: () => <Home />, nav: true },
  { path: '/about', label: 'nav.about', permission: 'operations', element: () => <About />, nav: true },
];
