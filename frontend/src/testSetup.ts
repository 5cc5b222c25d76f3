// jsdom lays nothing out, so nothing in it is ever resized: an observer
// that never calls back stands in for the browser's.
class StillObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
if (!('ResizeObserver' in globalThis)) globalThis.ResizeObserver = StillObserver as unknown as typeof ResizeObserver;
