// vpcep-mock's flags as a user types them: --help lists every flag, bad flags exit 2 with the
// usage, credentials come from flags, a file or the environment.
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../scripts/lib/paths.js";
import { MOCK_OPTIONS, main } from "../../src/cli/mock.js";
import { runMain } from "../support/cli.js";
import { runNode, startMockProcess } from "../support/processes.js";

const bin = path.join(repoRoot, "bin", "vpcep-mock.js");
const run = (...args: string[]) => runNode(bin, args);
// The refusals come from the bin's `main` before anything listens: they run in process (the exit
// codes crossing the process boundary are bins.test.ts's).
const refuse = (...args: string[]) => runMain(main, args);
let scratch = "";
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "vpcep-mock-cli-"));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe("vpcep-mock flags", () => {
  it("--help lists every flag it accepts", async () => {
    const { code, stdout } = await run("--help");
    expect(code).toBe(0);
    for (const name of Object.keys(MOCK_OPTIONS)) expect(stdout).toMatch(new RegExp(`--${name}\\b`));
  });

  it("the testing guide (docs/testing.md) shows every flag of the stateful mock and the proxy", async () => {
    const section = await readFile(path.join(repoRoot, "docs", "testing.md"), "utf8");
    const shown = Object.keys(MOCK_OPTIONS).filter((name) => !["host", "port", "help", "version"].includes(name));
    expect(shown.filter((name) => !section.includes(`--${name}`))).toEqual([]);
  });

  it("--version prints the package's version", async () => {
    const { version } = JSON.parse(await readFile(path.join(repoRoot, "package.json"), "utf8")) as { version: string };
    expect(await run("--version")).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it.each([
    [["--bogus"], /Unknown option '--bogus'/],
    [["--port"], /Option '--port <value>' argument missing/],
    [["stateful"], /Unexpected argument 'stateful'/],
    [["--token", "t"], /--token goes with --stateful/],
    [["--no-control"], /--no-control goes with --stateful/],
    [["--record", "x.har"], /--record goes with --proxy/],
    [["--stateful", "--proxy", "http://127.0.0.1:1"], /--stateful and --proxy exclude each other/],
    [["--stateful", "--seed", "3"], /--seed goes with --faults/],
    [["--stateful", "--faults", "2"], /--faults must be a rate from 0 to 1, got "2"/],
    [["--stateful", "--faults", "often"], /--faults must be a rate from 0 to 1, got "often"/],
    [["--stateful", "--rate-limit", "0"], /--rate-limit must be a whole number >= 1, got "0"/],
    [["--stateful", "--creating-ms", "soon"], /--creating-ms must be a whole number >= 0/],
    [["--stateful", "--creating-becomes", "gone"], /--creating-becomes must be available or failed/],
    [["--stateful", "--secret-key", "s"], /--secret-key must follow its --access-key/],
    [["--stateful", "--access-key", "a"], /each --access-key needs a non-empty --secret-key after it/],
    [["--stateful", "--access-key", "a", "--secret-key", "s", "--secret-key", "t"], /--secret-key must follow its --access-key/],
    [["--stateful", "--token", ""], /--token must not be empty/],
    [["--proxy", "not a url"], /--proxy "not a url" is not a URL/],
    [["--proxy", "ftp://example.com"], /--proxy must be an http or https URL/],
    [["--proxy", "http://127.0.0.1:1", "--strict-query"], /--strict-query goes with the Prism or the stateful mock/],
    [["--startup-timeout", "soon"], /--startup-timeout must be a whole number >= 1, got "soon"/],
    [["--startup-timeout", "0"], /--startup-timeout must be a whole number >= 1, got "0"/],
    // parseArgs keeps the last of a repeated flag: the bin refuses the repeat (--token and the keys are repeatable).
    [["--stateful", "--data", "a.json", "--data=b.json"], /--data is given more than once; it takes one value/],
    [["--port", "1", "--port", "2"], /--port is given more than once; it takes one value/],
    // A negative number is the flag's own range error, not parseArgs' "argument is ambiguous".
    [["--startup-timeout", "-5"], /--startup-timeout must be a whole number >= 1, got "-5"/],
    [["--port", "-1"], /--port must be an integer from 0 to 65535, got "-1"/],
    [["--stateful", "--rate-limit", "-2"], /--rate-limit must be a whole number >= 1, got "-2"/],
    [["--stateful", "--faults", "-.5"], /--faults must be a rate from 0 to 1, got "-.5"/],
    [
      ["--proxy", "http://127.0.0.1:1", "--upstream-timeout", "-3"],
      /--upstream-timeout must be a number of milliseconds from 1 to 2147483647, got "-3"/,
    ],
    [["--startup-timeout=-5"], /--startup-timeout must be a whole number >= 1, got "-5"/],
    [["--startup-timeout", "99999999999"], /--startup-timeout must be at most 3600000 \(an hour\), got "99999999999"/],
    [["--stateful", "--startup-timeout", "1000"], /--startup-timeout goes with the Prism mock/],
    [["--example-data", "--port", "1"], /--example-data prints the seed data and exits; it takes no --port/],
    [["--strict-query=yes"], /--strict-query/],
  ])("refuses %j with exit 2 and the usage", async (args, message) => {
    const { code, stderr } = await refuse(...(args as string[]));
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).toContain("usage: vpcep-mock");
  });

  it.each([
    ["not JSON", "{", /--credentials \S*creds\.json is not valid JSON/],
    ["tokens that are not strings", JSON.stringify({ tokens: [1] }), /"tokens" must be an array of non-empty strings/],
    [
      "a key without its secret",
      JSON.stringify({ keys: [{ access_key: "a" }] }),
      /keys\[0\] needs non-empty "access_key" and "secret_key"/,
    ],
    // A misspelled field would otherwise leave the gateway accepting any credential.
    ["a misspelled field", JSON.stringify({ token: ["t"] }), /unknown field\(s\) "token"; it takes "tokens" and "keys"/],
    ["a secret pasted as a field name", JSON.stringify({ "sk-9f8e7d6c5b4a": 1 }), /unknown field\(s\) \(a name not shown\)/],
    ["no credential at all", JSON.stringify({ tokens: [] }), /holds no credential; give "tokens" or "keys"/],
    ["an array", "[]", /must be an object with "tokens" and\/or "keys"/],
  ])("refuses a credentials file with %s (exit 1, naming it)", async (_what, content, message) => {
    const file = path.join(scratch, "creds.json");
    await writeFile(file, content);
    const { code, stderr } = await refuse("--stateful", "--port", "0", "--credentials", file);
    expect(code).toBe(1);
    expect(stderr).toMatch(message);
  });

  it("says in the ready line what it checks: presence only, or credentials like the gateway", async () => {
    const open = await startMockProcess(process.execPath, [
      bin,
      "--port",
      "0",
      "--stateful",
      "--rate-limit",
      "5",
      "--faults",
      "0.1",
      "--seed",
      "4",
    ]);
    open.child.kill("SIGTERM");
    expect(open.output()).toMatch(
      /credentials: any X-Auth-Token or signature accepted \(presence only\); rate limit 5\/s per credential; faults in 0\.1 of requests, seed 4; control API at http/,
    );

    const file = path.join(scratch, "good.json");
    await writeFile(file, JSON.stringify({ tokens: ["file-token"], keys: [{ access_key: "FILEAK", secret_key: "file-secret" }] }));
    const checked = await startMockProcess(process.execPath, [bin, "--port", "0", "--stateful", "--credentials", file, "--no-control"]);
    const answer = async (token: string) =>
      (await fetch(`${checked.url}/v1/p/vpc-endpoint-services`, { headers: { "X-Auth-Token": token } })).status;
    expect([await answer("file-token"), await answer("other")]).toEqual([200, 401]);
    checked.child.kill("SIGTERM");
    expect(checked.output()).toMatch(/credentials checked like the gateway: 1 token\(s\), 1 access key\(s\); control API off/);
    expect(checked.output()).not.toContain("file-secret");
  });

  it("reads credentials from the environment", async () => {
    const child = spawn(process.execPath, [bin, "--port", "0", "--stateful"], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, VPCEP_MOCK_TOKENS: "env-one, env-two", VPCEP_MOCK_ACCESS_KEY: "ENVAK", VPCEP_MOCK_SECRET_KEY: "env-secret" },
    });
    let output = "";
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const ready = /ready at (http:\/\/\S+)/.exec(output);
        if (ready) resolve(ready[1]!);
      });
      child.once("exit", (code) => reject(new Error(`exited ${code}: ${output}`)));
    });
    const status = async (token: string) =>
      (await fetch(`${url}/v1/p/vpc-endpoint-services`, { headers: { "X-Auth-Token": token } })).status;
    expect([await status("env-one"), await status("env-two"), await status("env-three")]).toEqual([200, 200, 401]);
    child.kill("SIGTERM");
    expect(output).toMatch(/2 token\(s\), 1 access key\(s\)/);
  });
});
