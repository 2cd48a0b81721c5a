import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { menuTemplate } from '../../../electron/main/menu';

function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? items(item.submenu) : [])]);
}

const ALLOWED_ROLES = new Set(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'resetZoom', 'zoomIn', 'zoomOut', 'quit', 'hide', 'hideOthers', 'unhide', 'minimize', 'close']);
const DEVELOPMENT_ROLES = new Set(['reload', 'forceReload', 'toggleDevTools']);

describe('application menu', () => {
  for (const platform of ['linux', 'win32', 'darwin']) {
    it(`in a packaged build on ${platform}: only editing, zoom, window and quit roles, no item that runs code`, () => {
      const all = items(menuTemplate({ platform, packaged: true, appName: 'Waystation', locale: 'en-US' }));
      for (const item of all) {
        // A click handler or a submenu role (help, services, speech, the default menus) could open a browser or reload.
        expect(item.click).toBeUndefined();
        if (item.role !== undefined) expect(ALLOWED_ROLES).toContain(item.role);
        else expect(item.type === 'separator' || Array.isArray(item.submenu)).toBe(true);
      }
      expect(all.map((item) => item.role)).toEqual(expect.arrayContaining(['copy', 'paste', 'quit']));
    });
  }

  it('adds reload and developer tools only in development', () => {
    const roles = items(menuTemplate({ platform: 'linux', packaged: false, appName: 'Waystation', locale: 'en' })).map((item) => item.role);
    expect(roles).toEqual(expect.arrayContaining([...DEVELOPMENT_ROLES]));
    for (const item of items(menuTemplate({ platform: 'linux', packaged: true, appName: 'Waystation', locale: 'en' }))) {
      expect(DEVELOPMENT_ROLES.has(item.role ?? '')).toBe(false);
    }
  });

  it('labels the menus in Russian on a Russian system and in English otherwise', () => {
    const labels = (locale: string) => menuTemplate({ platform: 'linux', packaged: true, appName: 'Waystation', locale }).map((item) => item.label);
    expect(labels('ru')).toEqual(['Файл', 'Правка', 'Вид']);
    expect(labels('ru-RU')).toEqual(['Файл', 'Правка', 'Вид']);
    expect(labels('de-DE')).toEqual(['File', 'Edit', 'View']);
  });

  it('on macOS the first menu is the app menu and a Window menu follows', () => {
    const template = menuTemplate({ platform: 'darwin', packaged: true, appName: 'Waystation', locale: 'en' });
    expect(template.map((item) => item.label)).toEqual(['Waystation', 'Edit', 'View', 'Window']);
  });
});
