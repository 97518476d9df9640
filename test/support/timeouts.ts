// The one time scale of the test suite. Every wait in the tests is a bound on an event (a ready
// line, an exit, an answer, a poll's condition), never a sleep, and every bound is a base figure
// below times SCALE. The base figures are what a quiet 2-core machine needs, with a wide margin;
// SCALE stretches all of them at once for a slower or busier machine:
//
//   VPCEP_TEST_TIME_SCALE=3 npm test     every bound three times as long
//   (unset)                              1, or 2 when CI is set: CI machines are shared and noisy
//
// A bound only decides when a test gives up with a message saying what did not happen, so a larger
// scale never slows a passing run. Figures that are inputs of the behaviour under test (a client's
// `timeoutMs: 300`, `--wait 1`, a lower bound such as "waited at least 950 ms") are not bounds and
// stay as they are; speed targets live in `npm run bench`, never here.

/** Reads the scale from the environment; a value that is not a number above 0 is refused by name. */
export function timeScaleFrom(env: Record<string, string | undefined>): number {
  const raw = env["VPCEP_TEST_TIME_SCALE"];
  if (raw === undefined || raw.trim() === "") return env["CI"] ? 2 : 1;
  const scale = Number(raw);
  if (!Number.isFinite(scale) || scale <= 0) throw new Error(`VPCEP_TEST_TIME_SCALE must be a number above 0, got ${JSON.stringify(raw)}`);
  return scale;
}

export const SCALE = timeScaleFrom(process.env);

/** A base figure in milliseconds, stretched by the scale. */
export const scaled = (ms: number): number => Math.ceil(ms * SCALE);

/** The bounds the suite uses, in milliseconds, already scaled. */
export const TIMEOUTS = {
  /** vitest's default per test and per hook: a guard against hangs, not a speed target. */
  test: scaled(60_000),
  /** A test that runs a build, a type-check or an install in a child process. */
  heavyTest: scaled(120_000),
  /** The packed-package test that installs and type-checks under several settings. */
  packageTest: scaled(180_000),
  /** A child process (a bin, the mock) printing its ready line. */
  childReady: scaled(60_000),
  /** Prism listening, for the Prism the tests start through startPrism's `timeoutMs`. */
  prismStart: scaled(60_000),
  /** A page of the reference rendering in Chromium (Playwright's own default is 30 s). */
  pageLoad: scaled(30_000),
  /** A poll of something that changes in real time (the mock's lifecycle, a page rendering). */
  poll: scaled(10_000),
  /** Output a child wrote before it exited, still in the pipe: waited for before the pipe is dropped. */
  pipeDrain: scaled(2_000),
} as const;

/**
 * An upper bound for "this ends quickly": the test's own budget for a behaviour that is bounded by
 * a shorter input (a 300 ms timeout must end well within 3 s), stretched by the scale.
 */
export const within = (ms: number): number => scaled(ms);

/** Polls `probe` until it returns a value `done` accepts; fails after `timeoutMs`, naming `what`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T> | T,
  done: (value: T) => boolean,
  { timeoutMs = TIMEOUTS.poll, intervalMs = 25 } = {},
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (performance.now() > deadline)
      throw new Error(`${what}: not reached within ${timeoutMs} ms (VPCEP_TEST_TIME_SCALE=${SCALE}); last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
