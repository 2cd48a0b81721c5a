import { contextBridge, ipcRenderer } from 'electron';
import { CHANNELS, LOCK_EVENT } from '../../src/core/channels';

// One object, one function per channel; nothing else of Electron reaches the page.
const bridge: Record<string, unknown> = {};
for (const [name, channel] of Object.entries(CHANNELS)) {
  bridge[name] = (request: unknown) => ipcRenderer.invoke(channel, request);
}
bridge.onLockRequest = (listener: () => void) => {
  const wrapped = () => listener();
  ipcRenderer.on(LOCK_EVENT, wrapped);
  return () => ipcRenderer.removeListener(LOCK_EVENT, wrapped);
};

contextBridge.exposeInMainWorld('waystation', bridge);
