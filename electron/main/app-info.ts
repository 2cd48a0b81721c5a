import type { Handler } from './ipc';

export interface AppInfoDeps {
  name: string;
  version: string;
  platform: NodeJS.Platform;
  packaged: boolean;
}

/** `app.info`: what the About box shows. Electron's `app` is injected so this runs under Node. */
export function appInfoHandler(deps: AppInfoDeps): Handler<'app.info'> {
  const platform = deps.platform === 'linux' || deps.platform === 'darwin' || deps.platform === 'win32' ? deps.platform : 'other';
  return () => ({ name: deps.name, version: deps.version, platform, packaged: deps.packaged });
}
