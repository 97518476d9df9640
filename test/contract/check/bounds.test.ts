// `vpcep-contract check` against hostile loopback servers, one per bound: answers of many MiB each
// (the run keeps no answer body, so its memory does not grow with them), an endless body to the
// `--wait` probe (never read), and a server that goes silent or slow (`--deadline` ends the run,
// the cases not reached are not run with the reason, exit 3).
import { spawn } from "node:child_process";
import type { ServerResponse } from "node:http";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../../scripts/lib/paths.js";
import { main } from "../../../src/cli/contract.js";
import { runMain } from "../../support/cli.js";
import { type Loopback, sendJson, startLoopback } from "../../support/loopback.js";
import { REFERENCE_TOKEN, referenceAnswer, referenceServices } from "../../support/reference-server.js";
import { within } from "../../support/timeouts.js";

const servers: Loopback[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
async function loopback(handler: Parameters<typeof startLoopback>[0]) {
  const server = await startLoopback(handler);
  servers.push(server);
  return server;
}

const MAX_RSS_ON_EXIT = `data:text/javascript,process.on("exit",()=>process.stderr.write("\\nmax-rss-kib "+process.resourceUsage().maxRSS+"\\n"))`;

/**
 * Runs the bin in a child of its own and reads the child's peak resident memory as it exits: the
 * test's worker is shared with other files (vitest's isolate: false), so its own memory says
 * nothing about this run. The loopback servers answer from this process meanwhile.
 */
function runBinMeasured(args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string; mib: number }> {
  const child = spawn(process.execPath, ["--import", MAX_RSS_ON_EXIT, path.join(repoRoot, "bin", "vpcep-contract.js"), ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let errors = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => {
      const kib = /max-rss-kib (\d+)/.exec(errors)?.[1];
      if (!kib) return reject(new Error(`no peak memory reported by the child:\n${errors}`));
      resolve({ code, output: output + errors, mib: Number(kib) / 1024 });
    });
  });
}

/** A child's peak memory running `--version`: what the bin costs before any answer. */
let baselineMib: number;
beforeAll(async () => {
  baselineMib = (await runBinMeasured(["--version"], {})).mib;
});

const services = referenceServices();
const faithful = (url: string | undefined, token: string | undefined) =>
  referenceAnswer(new URL(url ?? "/", "http://x").searchParams, token, services);

describe("check's memory does not grow with the answers", () => {
  it("keeps no answer body: about 55 answers that parse into 150,000 arrays each (about 380 MiB if kept) grow resident memory by under 240 MiB, exit 1", async () => {
    // Valid pages whose extra field (responses are open) parses into many objects: cheap to send and validate, costly to keep.
    // Sized against a checker that kept every body (checked by hand, Node 20): it grows by about 380 MiB
    // and fails; this one grows by 110 to 130 MiB. Larger pages only cost CPU (250,000 arrays: 3.3 s).
    const body = `{"endpoint_services":[],"total_count":0,"extra":[${"[],".repeat(150_000)}[]]}`;
    const server = await loopback((_req, res) => res.writeHead(200, { "Content-Type": "application/json" }).end(body));
    const { code, mib } = await runBinMeasured(["check", server.url, "--reporter", "json"], { OS_TOKEN: "t" });
    expect(server.received.length).toBeGreaterThanOrEqual(40);
    expect(code).toBe(1);
    expect(mib - baselineMib).toBeLessThan(240);
  });
});

describe("--wait reads no body", () => {
  it("an endless body to the probe is never read: the wait ends at once, memory stays flat, the run goes on (exit 3 at the 401)", async () => {
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    const server = await loopback((req, res: ServerResponse) => {
      if (req.url?.startsWith("/v1/")) return sendJson(res, 401, { error_code: "EndPoint.0003", error_msg: "Authentication failed." });
      res.writeHead(200, { "Content-Type": "application/json" });
      const endless = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once("drain", endless);
      };
      endless();
    });
    const started = performance.now();
    const { code, output, mib } = await runBinMeasured(["check", server.url, "--wait", "30"], { OS_TOKEN: "t" });
    expect(code).toBe(3);
    expect(output).toMatch(/the server answered 401/);
    expect(mib - baselineMib).toBeLessThan(100);
    expect(performance.now() - started).toBeLessThan(within(5_000));
  });
});

describe("--deadline bounds the whole run", () => {
  it("a server that goes silent after five answers: the run ends at the deadline, the case in flight and those not reached are not run, exit 3", async () => {
    const server = await loopback((req, res) => {
      if (servers[0]!.received.length > 5) return; // never answers again
      const answer = faithful(req.url, String(req.headers["x-auth-token"]));
      sendJson(res, answer.status, answer.body);
    });
    const started = performance.now();
    const { code, output } = await runMain(main, ["check", server.url, "--deadline", "1", "--timeout", "60000", "--reporter", "json"], {
      OS_TOKEN: REFERENCE_TOKEN,
    });
    const elapsed = performance.now() - started;
    const report = JSON.parse(output) as { notRun: number; failed: number; cases: { name: string; notRun?: string }[] };
    expect(code).toBe(3);
    expect(report.failed).toBe(0);
    expect(report.notRun).toBeGreaterThan(30);
    expect(report.cases.at(-1)!.notRun).toBe("the run's deadline (--deadline 1 s) passed before this case could finish");
    expect(elapsed).toBeLessThan(within(4_000));
  });

  it("a slow server (each answer after 150 ms): the cases reached hold, the rest are not run, exit 3, within the deadline", async () => {
    const server = await loopback((req, res) => {
      const answer = faithful(req.url, req.headers["x-auth-token"] as string | undefined);
      setTimeout(() => sendJson(res, answer.status, answer.body), 150);
    });
    const started = performance.now();
    const { code, output } = await runMain(main, ["check", server.url, "--deadline", "1.5", "--reporter", "json"], {
      OS_TOKEN: REFERENCE_TOKEN,
    });
    const report = JSON.parse(output) as { passed: number; failed: number; notRun: number };
    expect(code).toBe(3);
    expect(report.passed).toBeGreaterThan(0);
    expect(report.failed).toBe(0);
    expect(report.notRun).toBeGreaterThan(0);
    expect(performance.now() - started).toBeLessThan(within(4_000));
  });

  it("names the deadline as given (--deadline 0.05, not 0)", async () => {
    const server = await loopback(() => {}); // never answers
    const { code, output } = await runMain(main, ["check", server.url, "--deadline", "0.05", "--reporter", "json"], {
      OS_TOKEN: REFERENCE_TOKEN,
    });
    const report = JSON.parse(output) as { cases: { notRun?: string }[] };
    expect(code).toBe(3);
    // The case in flight says the server had not answered, so a silent server is not taken for a slow run.
    expect(report.cases[0]!.notRun).toBe(
      "the run's deadline (--deadline 0.05 s) passed before this case could finish; GET /v1/6e9dfd51d1124e8d8498dce894923a0d/vpc-endpoint-services had no answer by then",
    );
    expect(report.cases.at(-1)!.notRun).toBe("the run's deadline (--deadline 0.05 s) passed before this case could finish");
  });

  it.each([["0"], ["soon"]])("refuses --deadline %s with exit 2", async (value) => {
    const { code, stderr } = await runMain(main, ["check", "http://127.0.0.1:9", "--deadline", value]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--deadline must be a number of at least 0\.001/);
  });
});
