/**
 * Resolves on a later turn of the event loop, so the page can handle input and paint in between.
 * A message rather than setTimeout(0), which browsers clamp to 4 ms once nested: forty chunks
 * would idle 160 ms.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
