// actions/mock: starts vpcep-mock in the background, waits (with a bound) for its line
// `vpcep-mock: ready at <url>`, and exposes the URL. If the mock exits or is not ready in time,
// fails with the mock's own output. Flags are passed through: mode, data, port, the credential
// inputs (as --token, --access-key, --secret-key) and any `args`, so new mock flags need no change here.
import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { binCommand, fail, input, setOutput, words } from "../lib.mjs";

const TITLE = "vpcep-mock";
const mode = input("mode") || "stateful";
if (!["stateful", "prism"].includes(mode))
  fail(TITLE, `vpcep-mock action: input mode must be stateful or prism, got ${JSON.stringify(mode)}`, 2);
const timeout = Number(input("timeout") || "60");
if (!Number.isFinite(timeout) || timeout <= 0)
  fail(TITLE, `vpcep-mock action: input timeout must be a positive number of seconds, got ${JSON.stringify(input("timeout"))}`, 2);
const data = input("data");
if (data && !existsSync(data))
  fail(TITLE, `vpcep-mock action: input data names ${data}, which does not exist (relative to ${process.cwd()})`, 2);

const flags = [
  ...(mode === "stateful" ? ["--stateful"] : []),
  ...(data ? ["--data", data] : []),
  "--port",
  input("port") || "4010",
  ...["token", "access-key", "secret-key"].flatMap((name) => (input(name) ? [`--${name}`, input(name)] : [])),
  ...words(input("args")),
];
const { command, args } = binCommand("vpcep-mock", mode === "prism" ? ["@stoplight/prism-cli@5.14"] : []);
const log = path.join(process.env.RUNNER_TEMP || tmpdir(), `vpcep-mock-${process.pid}.log`);
const out = openSync(log, "w");
const child = spawn(command, [...args, ...flags], {
  detached: true,
  stdio: ["ignore", out, out],
  env: { ...process.env, SCARF_ANALYTICS: "false" },
});
closeSync(out);
let exited;
child.once("exit", (code, signal) => (exited = signal ?? `code ${code}`));
child.once("error", (error) => (exited = error.message));

const output = () => (existsSync(log) ? readFileSync(log, "utf8") : "");
// The credentials are passed to the mock as flags: never show them back.
const secrets = ["token", "access-key", "secret-key"].map(input).filter(Boolean);
const shown = (text) => secrets.reduce((t, s) => t.split(s).join("***"), text);
const deadline = Date.now() + timeout * 1000;
for (;;) {
  const ready = /vpcep-mock: ready at (http:\/\/\S+)/.exec(output());
  if (ready) {
    setOutput("url", ready[1]);
    setOutput("pid", String(child.pid));
    setOutput("log", log);
    console.log(`vpcep-mock is ready at ${ready[1]} (pid ${child.pid}; its output goes to ${log})`);
    child.unref();
    process.exit(0);
  }
  if (exited !== undefined) fail(TITLE, shown(`vpcep-mock exited (${exited}) before it was ready. Its output:\n${output()}`));
  if (Date.now() > deadline) {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
    fail(TITLE, shown(`vpcep-mock was not ready within ${timeout} s (input timeout). Its output:\n${output()}`));
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
}
