// Lets other requests in between the chunks of a long job: setImmediate where there is one (Node),
// a zero timeout elsewhere (a browser page or worker running the MSW handlers).
const schedule: (callback: () => void) => void =
  typeof globalThis.setImmediate === "function" ? (callback) => globalThis.setImmediate(callback) : (callback) => setTimeout(callback, 0);

/** Resolves on the event loop's next turn. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => schedule(resolve));
