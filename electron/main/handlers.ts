import { appInfoHandler, type AppInfoDeps } from './app-info';
import type { HandlerTable } from './ipc';

/** Everything the main-process handlers need from the outside world, injected (Electron in the app, temp dirs in tests). */
export interface MainDeps {
  app: AppInfoDeps;
}

export function createHandlers(deps: MainDeps): HandlerTable {
  return {
    'app.info': appInfoHandler(deps.app),
  };
}
