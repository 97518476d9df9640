// What a bin's `main` is given besides its arguments, so tests run it in-process: the environment
// and where its two streams go.
export type Printer = (text: string) => void;

export interface CliIo {
  env: NodeJS.ProcessEnv;
  /** stdout: results, usage, the ready line. */
  print: Printer;
  /** stderr: errors, summaries, notes. */
  printError: Printer;
}

export const ioOf = (env: NodeJS.ProcessEnv = process.env, print: Printer = console.log, printError: Printer = console.error): CliIo => ({
  env,
  print,
  printError,
});
