// Child processes as the tests run them: a Node script to completion, or a mock until it is ready.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { repoRoot } from "../../scripts/lib/paths.js";
import { SCALE, TIMEOUTS } from "./timeouts.js";

const exec = promisify(execFile);

export interface Finished {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node <file> ...args` to its end; a non-zero exit is a result, not an exception. */
export async function runNode(file: string, args: readonly string[], cwd?: string): Promise<Finished> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [file, ...args], { cwd, env: { ...process.env, SCARF_ANALYTICS: "false" } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

export interface ReadyMock {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** Starts a vpcep-mock executable and resolves once it printed `vpcep-mock: ready at <url>`. */
export function startMockProcess(command: string, args: readonly string[], cwd?: string): Promise<ReadyMock> {
  const child = spawn(command, [...args], { cwd, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, SCARF_ANALYTICS: "false" } });
  let output = "";
  return new Promise((resolve, reject) => {
    // A mock that never gets ready is stopped, not left running after the test gave up on it.
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`no ready line within ${TIMEOUTS.childReady} ms (VPCEP_TEST_TIME_SCALE=${SCALE}):\n${output}`));
    }, TIMEOUTS.childReady);
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /vpcep-mock: ready at (http:\/\/\S+)/.exec(output);
      if (ready) {
        clearTimeout(timer);
        resolve({ child, url: ready[1]!, output: () => output });
      }
    };
    child.stdout!.on("data", collect);
    child.stderr!.on("data", collect);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code}:\n${output}`));
    });
  });
}

/**
 * Sends SIGTERM and resolves once the child exited (at once when it already had): what it writes
 * on stop (a HAR published whole, a recording's temporary file) is done before the test removes
 * the folder it wrote into.
 */
export function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  return exited;
}

/** `vpcep-mock --proxy <upstream> --record <har>` on a free port, as a user's CI starts it. */
export const startRecordingProxy = (upstream: string, har: string): Promise<ReadyMock> =>
  startMockProcess(process.execPath, [path.join(repoRoot, "bin", "vpcep-mock.js"), "--port", "0", "--proxy", upstream, "--record", har]);
