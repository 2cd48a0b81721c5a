import { APP_HOST, APP_ORIGIN, APP_SCHEME } from './protocol';

/**
 * The hardened window and session policy (docs/threat-model.md §15, 17, 18) as plain data and functions,
 * so each rule is unit-tested under Node; index.ts only wires them to Electron.
 */

export interface WindowOptionsLike {
  webPreferences: Record<string, unknown>;
  [key: string]: unknown;
}

/**
 * Creates the one app window. The options are a single literal inside the `new BrowserWindow`
 * call (no spread, no helper) because that is what Electronegativity can check; the constructor
 * is injected so the unit tests read the very same literal.
 */
export function createMainWindow<W>(BrowserWindow: new (options: WindowOptionsLike) => W, preload: string, devTools: boolean): W {
  return new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 760,
    minHeight: 520,
    show: false,
    // A neutral title: nothing on screen says what the organisation does (docs/threat-model.md §21).
    title: 'Waystation',
    backgroundColor: '#f6f5f2',
    autoHideMenuBar: true,
    webPreferences: {
      preload,
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
      devTools,
    },
  });
}

/** The only origins a request may go to: the app's own scheme, plus the dev server in development. */
export function isAllowedRequestUrl(url: string, devOrigin?: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.origin === APP_ORIGIN || (parsed.protocol === 'app:' && parsed.host === 'waystation')) return true;
  if (parsed.protocol === 'devtools:' ) return devOrigin !== undefined;
  return devOrigin !== undefined && parsed.origin === devOrigin;
}

/** What main knows of the frame that sent an IPC message. */
export interface SenderFrame {
  url: string;
  /** The top-level frame of the app's own window: not a subframe, not DevTools, not another window. */
  isAppMainFrame: boolean;
}

/**
 * A sender is trusted only if it is the app's own page, top-level in the app's window, on the app's
 * origin (or `appOrigin`: the dev server in development, the e2e server in tests). Checked on every
 * IPC message.
 */
export function isTrustedSender(frame: SenderFrame | undefined, appOrigin?: string): boolean {
  if (!frame?.isAppMainFrame) return false;
  let url: URL;
  try {
    url = new URL(frame.url);
  } catch {
    return false;
  }
  // app: is not a special scheme, so its URL.origin is "null": compare scheme and host.
  if (url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST) return true;
  return appOrigin !== undefined && url.origin === appOrigin;
}

/** Electron's IPC event, as far as the sender check reads it. */
export interface IpcEventLike {
  sender: { id: number } | null;
  senderFrame: { url: string; parent: unknown } | null;
}

/**
 * The facts isTrustedSender needs, read off an Electron IPC event. `appContentsId` is the app
 * window's webContents.id; senderFrame is null once the frame has navigated away or closed.
 */
export function senderFrameOf(event: IpcEventLike, appContentsId: number): SenderFrame | undefined {
  const frame = event.senderFrame;
  if (!frame) return undefined;
  return { url: frame.url, isAppMainFrame: frame.parent === null && event.sender?.id === appContentsId };
}

/** Every permission request and check is denied: the app needs no camera, notifications, geolocation... */
export const denyPermissionRequest = (_wc: unknown, _permission: string, callback: (granted: boolean) => void): void => callback(false);
export const denyPermissionCheck = (): boolean => false;

/** Navigation away from the loaded page, new windows and middle-click (auxclick) opens are refused. */
export function preventNavigation(event: { preventDefault(): void }): void {
  event.preventDefault();
}
export const denyWindowOpen = () => ({ action: 'deny' as const });

/** The single request filter installed on the session: anything not on the app's scheme is cancelled. */
export function requestFilter(devOrigin?: string) {
  return (details: { url: string }, callback: (response: { cancel: boolean }) => void): void =>
    callback({ cancel: !isAllowedRequestUrl(details.url, devOrigin) });
}
