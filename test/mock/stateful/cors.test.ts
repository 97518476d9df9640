// Browser pages on another origin can call the stateful mock only when it is told to allow them.
import { afterAll, describe, expect, it } from "vitest";
import path from "node:path";
import { repoRoot } from "../../../scripts/lib/paths.js";
import { runNode, startMockProcess, type ReadyMock } from "../../support/processes.js";

const BIN = path.join(repoRoot, "bin", "vpcep-mock.js");
const PATH = "/v1/p/vpc-endpoint-services?limit=1";
const running: ReadyMock[] = [];
const start = async (...args: string[]) => {
  const mock = await startMockProcess(process.execPath, [BIN, "--stateful", "--port", "0", ...args]);
  running.push(mock);
  return mock;
};
afterAll(() => running.forEach((mock) => mock.child.kill("SIGTERM")));

const preflight = (url: string) =>
  fetch(`${url}${PATH}`, {
    method: "OPTIONS",
    headers: { Origin: "http://localhost:5173", "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "x-auth-token" },
  });

describe("vpcep-mock --cors", () => {
  it("sends no CORS header and refuses preflights without it, like the real service", async () => {
    const mock = await start();
    const answer = await fetch(`${mock.url}${PATH}`, { headers: { "X-Auth-Token": "t", Origin: "http://localhost:5173" } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("access-control-allow-origin")).toBeNull();
    expect((await preflight(mock.url)).status).toBe(404);
  });

  it("allows the given origin on answers and preflights, exposing X-Request-Id and Retry-After", async () => {
    const mock = await start("--cors", "http://localhost:5173");
    expect(mock.output()).toContain("CORS for http://localhost:5173");
    const answer = await fetch(`${mock.url}${PATH}`, { headers: { "X-Auth-Token": "t" } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(answer.headers.get("access-control-expose-headers")).toBe("X-Request-Id, Retry-After");
    const refused = await fetch(`${mock.url}${PATH}`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    const allowed = await preflight(mock.url);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("access-control-allow-methods")).toBe("GET");
    expect(allowed.headers.get("access-control-allow-headers")).toBe("x-auth-token");
  });

  it.each([["localhost:5173"], ["http://localhost:5173/app"], ["ftp//x"]])("refuses --cors %s with the usage (exit 2)", async (value) => {
    const { code, stderr } = await runNode(BIN, ["--stateful", "--cors", value]);
    expect(code).toBe(2);
    expect(stderr).toContain("--cors takes * or an origin such as http://localhost:5173");
  });
});
