// `vpcep-openapi/mock`: startMock with the bin's flags as camelCase options, read by the bin's own
// reader (every mistake a VpcepConfigError naming the option, no value quoted), the control API as
// methods, close(). The vitest globalSetup recipe of examples/test-runners/ is run as it is in
// vitest-recipe.test.ts (end-to-end), beside the Jest one.
import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { createVpcepClient } from "vpcep-openapi";
import { createStatefulHandler, fetchHandler, type StartedMock, startMock } from "vpcep-openapi/mock";
import { exampleServices } from "../../generated/contract-validators.js";
import { VpcepConfigError } from "../../src/floor/error-base.js";

const _exec = promisify(execFile);
const started: StartedMock[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((mock) => mock.close()));
});
async function start(options: Parameters<typeof startMock>[0]) {
  const mock = await startMock(options);
  started.push(mock);
  return mock;
}
const refusal = (options: unknown) =>
  startMock(options as Parameters<typeof startMock>[0]).then(
    (mock) => {
      started.push(mock);
      throw new Error("started");
    },
    (error: unknown) => error,
  );

const service = {
  id: "svc-own-1",
  service_name: "own-one",
  service_type: "interface",
  status: "available",
  created_at: "2024-01-01T00:00:00Z",
} as const;

describe("startMock", () => {
  it("starts the stateful mock on a free port with the flags' options, and drives it in process", async () => {
    const mock = await start({ stateful: true, data: [service], token: "t", rateLimit: 5, strictQuery: true });
    expect(mock.mode).toBe("stateful");
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const client = createVpcepClient({ baseUrl: mock.url, projectId: "p", auth: { token: "t" } });
    expect((await client.listEndpointServices()).endpoint_services.map((s) => s.id)).toEqual(["svc-own-1"]);
    // The token is checked like the gateway; --strict-query holds.
    expect((await fetch(`${mock.url}/v1/p/vpc-endpoint-services`, { headers: { "X-Auth-Token": "wrong" } })).status).toBe(401);
    expect((await fetch(`${mock.url}/v1/p/vpc-endpoint-services?pagesize=1`, { headers: { "X-Auth-Token": "t" } })).status).toBe(400);
    const [added] = await mock.addServices({ service_name: "added", service_type: "interface", status: "creating" }, { afterMs: 1000 });
    expect((await mock.services()).map((s) => s.service_name)).toEqual(["own-one", "added"]);
    await mock.advanceClock(1000);
    expect((await mock.services()).find((s) => s.id === added!.id)?.status).toBe("available");
    await mock.updateService("svc-own-1", { service_name: "renamed" });
    await mock.removeService(added!.id);
    expect((await mock.services()).map((s) => s.service_name)).toEqual(["renamed"]);
    await mock.reset();
    expect((await mock.services()).map((s) => s.service_name)).toEqual(["own-one"]);
    await expect(mock.updateService("no-such-id", {})).rejects.toThrow(VpcepConfigError);
    expect(mock.output()).toMatch(/ready at .*\(stateful, 1 service; .*rate limit 5\/s per credential/);
    expect(mock.output()).not.toMatch(/\bt\b.*token/);
  });

  it("takes the seed data as a file, and the example services by default; close() frees the port and may be called twice", async () => {
    const file = path.join(tmpdir(), `vpcep-start-mock-${process.pid}.json`);
    await writeFile(file, JSON.stringify({ endpoint_services: [service] }));
    const fromFile = await start({ stateful: true, data: file });
    expect((await fromFile.services()).map((s) => s.id)).toEqual(["svc-own-1"]);
    const byDefault = await start({ stateful: true, port: 0 });
    expect((await byDefault.services()).length).toBe(exampleServices.length);
    await byDefault.close();
    await byDefault.close();
    await expect(fetch(`${byDefault.url}/__mock/services`)).rejects.toThrow();
  });

  it("refuses every bad option before anything listens, with a VpcepConfigError naming the option, never its value", async () => {
    const cases: [unknown, RegExp][] = [
      [{ stateful: true, rateLimit: 0 }, /^vpcep-openapi\/mock: rateLimit must be a whole number >= 1/],
      [{ rateLimit: 2 }, /rateLimit goes with stateful: true/],
      [{ stateful: true, proxy: "http://127.0.0.1:9" }, /stateful: true and proxy exclude each other/],
      [{ stateful: true, seed: 3 }, /seed goes with faults/],
      [{ stateful: true, faults: 2 }, /faults must be a rate from 0 to 1/],
      [{ stateful: "yes" }, /stateful must be true or false/],
      [{ stateful: true, token: { secret: "SECRET-VALUE-1" } }, /token must be a string or an array of strings/],
      [{ stateful: true, token: ["SECRET-VALUE-1", ""] }, /token must not be empty/],
      [{ stateful: true, accessKey: "AK-VALUE" }, /each accessKey needs a non-empty secretKey after it/],
      [{ stateful: true, controlToken: "has space SECRET-VALUE-1" }, /controlToken must be printable ASCII/],
      [{ stateful: true, data: [{ service_name: "x" }] }, /data: 1 of 1 services not valid/],
      [{ stateful: true, data: "/no/such/file.json" }, /\/no\/such\/file\.json/],
      [{ data: [service] }, /data goes with stateful: true/],
      [{ stateful: true, port: 70000 }, /port must be an integer from 0 to 65535/],
      // Each option has its type: a number as a string is not taken for the number.
      [{ stateful: true, rateLimit: "2" }, /^vpcep-openapi\/mock: rateLimit must be a number, got a string$/],
      [{ stateful: true, port: "0" }, /^vpcep-openapi\/mock: port must be a number, got a string$/],
      [{ proxy: 9 }, /^vpcep-openapi\/mock: proxy must be a string, got a number$/],
      [{ stateful: true, controlToken: ["SECRET-VALUE-1"] }, /^vpcep-openapi\/mock: controlToken must be a string, got an array$/],
      [{ stateful: true, host: "not a host" }, /^vpcep-openapi\/mock: host "not a host" cannot be listened on: no such host \(/],
      [{ stateful: true, help: true }, /unknown option\(s\) help; known: host, port, stateful/],
      [{ statefull: true }, /unknown option\(s\) statefull/],
      ["stateful", /pass an options object/],
    ];
    for (const [options, message] of cases) {
      const error = await refusal(options);
      expect(error, JSON.stringify(options)).toBeInstanceOf(VpcepConfigError);
      expect((error as Error).message, JSON.stringify(options)).toMatch(message);
      expect((error as Error).message).not.toContain("SECRET-VALUE");
      expect((error as Error).message).not.toMatch(/--[a-z]/);
    }
  });

  it("says when the port is taken, naming the option", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const { port } = taken.address() as { port: number };
    try {
      const error = await refusal({ stateful: true, port });
      expect((error as Error).message).toBe(`vpcep-openapi/mock: port ${port} on 127.0.0.1 is already in use; choose another with port`);
    } finally {
      taken.close();
    }
  });

  it("without stateful: true the control methods refuse, naming it (the proxy here; Prism is the same)", async () => {
    const proxy = await start({ proxy: "http://127.0.0.1:9" });
    expect(proxy.mode).toBe("proxy");
    await expect(proxy.reset()).rejects.toThrow("vpcep-openapi/mock: reset() needs the stateful mock: start it with { stateful: true }");
    await expect(proxy.services()).rejects.toThrow(VpcepConfigError);
  });
});

describe("the fetch handler the entry also exports", () => {
  it("answers a Request in process with the stateful mock's steps", async () => {
    const serve = fetchHandler(createStatefulHandler({ services: [service], credentials: { tokens: ["t"] } }).handle);
    const page = await serve(new Request("http://mock.local/v1/p/vpc-endpoint-services", { headers: { "X-Auth-Token": "t" } }));
    expect(page.status).toBe(200);
    expect(((await page.json()) as { total_count: number }).total_count).toBe(1);
    expect((await serve(new Request("http://mock.local/v1/p/vpc-endpoint-services"))).status).toBe(401);
  });
});
