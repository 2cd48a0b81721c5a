import { app, BrowserWindow, clipboard, dialog, ipcMain, Menu, powerMonitor, protocol, session } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../../src/core/clock';
import { clipboardGuard } from './clipboard';
import { nativeBuses } from './dbus-lock-signals';
import { electronFileDialogs } from './handoff/dialogs';
import { createHandlers } from './handlers';
import { registerIpc } from './ipc';
import { createKeyFileStore } from './keyfile';
import { createLockController } from './lock';
import { initializeLockSignals } from './lock-signals';
import { menuTemplate } from './menu';
import { APP_ENTRY_URL, APP_SCHEME, serveAppRequest } from './protocol';
import { disableSpellchecker } from './spellcheck';
import { refuseUnsafeStart } from './switches';
import {
  createMainWindow,
  denyPermissionCheck,
  denyPermissionRequest,
  denyWindowOpen,
  isTrustedSender,
  preventNavigation,
  requestFilter,
  senderFrameOf,
} from './window';

// Wiring only: every rule used here lives in a module with its own Node tests.
const here = path.dirname(fileURLToPath(import.meta.url));
const rendererRoot = path.join(here, '../renderer');
const preloadPath = path.join(here, '../preload/index.cjs');
const devOrigin = !app.isPackaged && process.env.ELECTRON_RENDERER_URL ? new URL(process.env.ELECTRON_RENDERER_URL).origin : undefined;

// First of all: a packaged build started with a debugging or sandbox-weakening switch goes no
// further; process.exit stops here, before ready, when Chromium would open a debugging port.
refuseUnsafeStart({
  packaged: app.isPackaged,
  argv: process.argv,
  env: process.env,
  platform: process.platform,
  writeError: (line) => process.stderr.write(line),
  exit: (code) => process.exit(code),
});

app.enableSandbox();
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [win] = BrowserWindow.getAllWindows();
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', preventNavigation);
    contents.on('will-redirect', preventNavigation);
    contents.on('will-attach-webview', preventNavigation);
    contents.setWindowOpenHandler(denyWindowOpen);
  });
  // A lock closes the window before opening its replacement (lock.ts): that is not the end of the app.
  app.on('window-all-closed', () => {
    if (!locks.replacing()) app.quit();
  });
  void app.whenReady().then(start);
}

// The IPC handlers share this guard (one per clipboard): it knows what the app copied.
const copies = clipboardGuard(clipboard);
// Modal to the window of the moment; every lock also closes an open save confirmation (dialogs.ts).
const fileDialogs = electronFileDialogs(dialog, () => locks.current());

const locks = createLockController<BrowserWindow>({
  createWindow: openWindow,
  // Every lock ends here, whichever trigger: the app's copy leaves the clipboard with the renderer,
  // and an open save confirmation closes. destroy() ends the renderer at once: no beforeunload,
  // nothing the page can delay.
  closeWindow: (win) => {
    copies.clearIfOurs();
    fileDialogs.cancelPending();
    win.destroy();
  },
  send: (win, channel) => win.webContents.send(channel),
  timers: { set: (run, ms) => setTimeout(run, ms), clear: (handle) => clearTimeout(handle as NodeJS.Timeout) },
  graceMs: 1500,
  failed: () => app.quit(),
});

async function start(): Promise<void> {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler(denyPermissionRequest);
  ses.setPermissionCheckHandler(denyPermissionCheck);
  disableSpellchecker(ses, process.platform);
  ses.webRequest.onBeforeRequest(requestFilter(devOrigin));
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(request.url, rendererRoot));
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(menuTemplate({ platform: process.platform, packaged: app.isPackaged, appName: app.getName(), locale: app.getLocale() })),
  );
  app.on('will-quit', () => copies.clearIfOurs());

  registerIpc(
    ipcMain,
    createHandlers({
      lock: locks,
      app: { name: app.getName(), version: app.getVersion(), platform: process.platform, packaged: app.isPackaged },
      keyFiles: createKeyFileStore(path.join(app.getPath('userData'), 'keys')),
      practiceKeys: { store: createKeyFileStore(path.join(app.getPath('userData'), 'practice-keys')), dir: path.join(app.getPath('userData'), 'practice-keys') },
      clipboard,
      handoff: { dialogs: fileDialogs, now: systemClock },
      wipe: { keyDir: path.join(app.getPath('userData'), 'keys'), clearStorageData: () => session.defaultSession.clearStorageData() },
    }),
    // The window of the moment: every lock replaces it (lock.ts), and the old one's id is no longer trusted.
    (event) => isTrustedSender(senderFrameOf(event, locks.current()?.webContents.id ?? -1), devOrigin),
  );

  locks.attach(openWindow());
  // Cleared at once too: a closing lid may not wait for the renderer's answer.
  initializeLockSignals({ powerMonitor, platform: process.platform, buses: nativeBuses }, () => {
    copies.clearIfOurs();
    locks.lockFromMain();
  });
}

/** The app window at the entry page; every lock replaces it with a new one (lock.ts). */
function openWindow(): BrowserWindow {
  const win = createMainWindow(BrowserWindow, preloadPath, !app.isPackaged);
  win.setContentProtection(true);
  // Keep the neutral title even if the page sets one.
  win.on('page-title-updated', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());
  void win.loadURL(devOrigin ?? APP_ENTRY_URL);
  return win;
}
