import { describe, expect, it, vi } from 'vitest';
import {
  denyPermissionCheck,
  denyPermissionRequest,
  denyWindowOpen,
  isAllowedRequestUrl,
  isTrustedSender,
  senderFrameOf,
  preventNavigation,
  requestFilter,
  createMainWindow,
  type WindowOptionsLike,
} from '../../../electron/main/window';

describe('window hardening', () => {
  class FakeWindow {
    constructor(readonly options: WindowOptionsLike) {}
  }

  it('webPreferences isolate and sandbox the page', () => {
    expect(createMainWindow(FakeWindow, '/p.cjs', false).options.webPreferences).toEqual({
      preload: '/p.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      disableBlinkFeatures: 'Auxclick',
      devTools: false,
    });
    expect(createMainWindow(FakeWindow, '/p.cjs', true).options.webPreferences.devTools).toBe(true);
  });

  it('uses a neutral title and shows only when ready', () => {
    const { options } = createMainWindow(FakeWindow, '/p.cjs', false);
    expect(options.title).toBe('Waystation');
    expect(options.show).toBe(false);
    expect(JSON.stringify(options).toLowerCase()).not.toMatch(/lgbt|refugee|safe ?house|shelter/);
  });

  it('allows requests only to the app scheme (and the dev server in development)', () => {
    expect(isAllowedRequestUrl('app://waystation/index.html')).toBe(true);
    expect(isAllowedRequestUrl('app://waystation/assets/x.js')).toBe(true);
    for (const url of ['https://example.org/', 'http://127.0.0.1:5173/', 'file:///etc/passwd', 'ws://x', 'app://other/x', 'devtools://devtools/', 'not a url']) {
      expect(isAllowedRequestUrl(url), url).toBe(false);
    }
    expect(isAllowedRequestUrl('http://localhost:5173/src/main.tsx', 'http://localhost:5173')).toBe(true);
    expect(isAllowedRequestUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
  });

  it('the session filter cancels foreign requests', () => {
    const filter = requestFilter();
    const callback = vi.fn();
    filter({ url: 'https://telemetry.example/collect' }, callback);
    filter({ url: 'app://waystation/index.html' }, callback);
    expect(callback.mock.calls).toEqual([[{ cancel: true }], [{ cancel: false }]]);
  });

  it('trusts as an IPC sender only the top-level frame of the app window, on the app origin', () => {
    const top = (url: string) => ({ url, isAppMainFrame: true });
    expect(isTrustedSender(top('app://waystation/index.html#/x'))).toBe(true);
    expect(isTrustedSender(top('http://localhost:5173/'), 'http://localhost:5173')).toBe(true);
    // The same app page, but in a subframe, in DevTools or in another window.
    expect(isTrustedSender({ url: 'app://waystation/index.html', isAppMainFrame: false })).toBe(false);
    for (const url of ['https://evil.example/', 'app://other/index.html', 'app://waystation.evil/', 'file:///tmp/index.html', 'about:blank', 'about:srcdoc', 'not a url', '']) {
      expect(isTrustedSender(top(url), 'http://localhost:5173'), url).toBe(false);
    }
    expect(isTrustedSender(top('devtools://devtools/bundled/devtools_app.html'), 'http://localhost:5173')).toBe(false);
    expect(isTrustedSender(top('http://localhost:5173/'))).toBe(false);
    expect(isTrustedSender(top('http://localhost:5174/'), 'http://localhost:5173')).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });

  it("reads an IPC event's frame: top-level and from the app window's own webContents", () => {
    const url = 'app://waystation/index.html';
    expect(senderFrameOf({ sender: { id: 3 }, senderFrame: { url, parent: null } }, 3)).toEqual({ url, isAppMainFrame: true });
    expect(senderFrameOf({ sender: { id: 3 }, senderFrame: { url, parent: { url } } }, 3)).toEqual({ url, isAppMainFrame: false });
    // DevTools and any other window have their own webContents.
    expect(senderFrameOf({ sender: { id: 4 }, senderFrame: { url, parent: null } }, 3)).toEqual({ url, isAppMainFrame: false });
    expect(senderFrameOf({ sender: null, senderFrame: { url, parent: null } }, 3)).toEqual({ url, isAppMainFrame: false });
    // A frame that navigated away or closed before main read the message.
    expect(senderFrameOf({ sender: { id: 3 }, senderFrame: null }, 3)).toBeUndefined();
  });

  it('denies every permission, navigation and new window', () => {
    const callback = vi.fn();
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) denyPermissionRequest(null, permission, callback);
    expect(callback.mock.calls.every(([granted]) => granted === false)).toBe(true);
    expect(denyPermissionCheck()).toBe(false);
    const event = { preventDefault: vi.fn() };
    preventNavigation(event);
    expect(event.preventDefault).toHaveBeenCalledOnce();
    expect(denyWindowOpen()).toEqual({ action: 'deny' });
  });
});
