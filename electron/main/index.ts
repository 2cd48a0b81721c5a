import { app, BrowserWindow, clipboard, dialog, ipcMain, powerMonitor, protocol, session } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../../src/core/clock';
import { electronFileDialogs } from './handoff/dialogs';
import { createHandlers } from './handlers';
import { registerIpc } from './ipc';
import { createKeyFileStore } from './keyfile';
import { initializeLockSignals } from './lock-signals';
import { APP_ENTRY_URL, APP_SCHEME, serveAppRequest } from './protocol';
import {
  createMainWindow,
  denyPermissionCheck,
  denyPermissionRequest,
  denyWindowOpen,
  isTrustedSenderUrl,
  preventNavigation,
  requestFilter,
} from './window';

// Wiring only: every rule used here lives in a module with its own Node tests.
const here = path.dirname(fileURLToPath(import.meta.url));
const rendererRoot = path.join(here, '../renderer');
const preloadPath = path.join(here, '../preload/index.cjs');
const devOrigin = !app.isPackaged && process.env.ELECTRON_RENDERER_URL ? new URL(process.env.ELECTRON_RENDERER_URL).origin : undefined;

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
  app.on('window-all-closed', () => app.quit());
  void app.whenReady().then(start);
}

async function start(): Promise<void> {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler(denyPermissionRequest);
  ses.setPermissionCheckHandler(denyPermissionCheck);
  ses.setSpellCheckerEnabled(false);
  ses.webRequest.onBeforeRequest(requestFilter(devOrigin));
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(request.url, rendererRoot));

  registerIpc(
    ipcMain,
    createHandlers({
      app: { name: app.getName(), version: app.getVersion(), platform: process.platform, packaged: app.isPackaged },
      keyFiles: createKeyFileStore(path.join(app.getPath('userData'), 'keys')),
      clipboard,
      handoff: { dialogs: electronFileDialogs(dialog, () => BrowserWindow.getAllWindows()[0]), now: systemClock },
      wipe: { keyDir: path.join(app.getPath('userData'), 'keys'), clearStorageData: () => session.defaultSession.clearStorageData() },
    }),
    (url) => isTrustedSenderUrl(url, devOrigin),
  );

  const win = createMainWindow(BrowserWindow, preloadPath, !app.isPackaged);
  win.setContentProtection(true);
  // Keep the neutral title even if the page sets one.
  win.on('page-title-updated', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());
  initializeLockSignals(powerMonitor, (channel) => win.webContents.send(channel));
  await win.loadURL(devOrigin ?? APP_ENTRY_URL);
}
