import type { MenuItemConstructorOptions } from 'electron';

/**
 * The application menu, replacing Electron's default (docs/security.md, process isolation): no
 * reload (it would drop a locked renderer's state at an attacker's keypress) and no developer
 * tools outside development, no Help links that open a browser, no speech or services. Only
 * roles: no item runs code of ours. Editing roles stay because macOS routes Cmd+C/V through them.
 */
export interface MenuOptions {
  platform: string;
  packaged: boolean;
  appName: string;
  /** The system's UI language (app.getLocale()); Russian or English labels. */
  locale: string;
}

const LABELS = {
  en: { file: 'File', edit: 'Edit', view: 'View', window: 'Window' },
  ru: { file: 'Файл', edit: 'Правка', view: 'Вид', window: 'Окно' },
};

export function menuTemplate({ platform, packaged, appName, locale }: MenuOptions): MenuItemConstructorOptions[] {
  const labels = /^ru\b/i.test(locale) ? LABELS.ru : LABELS.en;
  const mac = platform === 'darwin';
  const edit: MenuItemConstructorOptions[] = [
    { role: 'undo' },
    { role: 'redo' },
    { type: 'separator' },
    { role: 'cut' },
    { role: 'copy' },
    { role: 'paste' },
    { role: 'selectAll' },
  ];
  const view: MenuItemConstructorOptions[] = [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }];
  if (!packaged) view.push({ type: 'separator' }, { role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' });
  return [
    mac
      ? { label: appName, submenu: [{ role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }] }
      : { label: labels.file, submenu: [{ role: 'quit' }] },
    { label: labels.edit, submenu: edit },
    { label: labels.view, submenu: view },
    ...(mac ? [{ label: labels.window, submenu: [{ role: 'minimize' }, { role: 'close' }] } satisfies MenuItemConstructorOptions] : []),
  ];
}
