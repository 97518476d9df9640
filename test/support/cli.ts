// Runs a bin's `main` in process (both bins take argv, env and the two printers) and collects
// what it printed: stdout as `output`, stderr as `stderr`, one line each.
type Main = (
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  print: (line: string) => void,
  printError: (line: string) => void,
) => Promise<number>;

export async function runMain(main: Main, args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    args,
    env,
    (line) => out.push(line),
    (line) => err.push(line),
  );
  return { code, output: out.join("\n"), stderr: err.join("\n") };
}
