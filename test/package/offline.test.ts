// Without the registry, what needs it says so within seconds (instead of npm's minutes of
// retries), and the caches under ~/.cache keep only what is still used.
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from "node:fs/promises";
import { createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NODE_VERSIONS, nodeBinary, pruneNodeBinaries } from "../../scripts/lib/node-binaries.js";
import { npmInstall, RegistryUnavailableError } from "../../scripts/lib/registry.js";
import { consumerCacheDir, pruneConsumerCaches } from "./cache.js";
import { within } from "../support/timeouts.js";
import { freePort } from "../support/loopback.js";

let scratch = "";
let silentRegistry = "";
let closedRegistry = "";
const sockets = new Set<Socket>();
// Accepts connections and never answers: a registry behind a dead proxy or a black-holed network.
const silent = createServer((socket) => void sockets.add(socket));

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "vpcep-offline-"));
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  silentRegistry = `http://127.0.0.1:${(silent.address() as { port: number }).port}/`;
  // A port that was free a moment ago: connecting to it is refused.
  closedRegistry = `http://127.0.0.1:${await freePort()}/`;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
  await rm(scratch, { recursive: true, force: true });
});

/** A folder with a package.json, and an empty npm cache so nothing is installed from it. */
async function emptyProject(name: string) {
  const dir = path.join(scratch, name);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "package.json"), '{ "name": "offline-probe", "private": true }');
  return { dir, env: { ...process.env, npm_config_cache: path.join(dir, ".npm-cache") } };
}

describe.concurrent("without the registry", () => {
  it("an install of an uncached package fails at once, naming the package and the registry (connection refused)", async () => {
    const { dir, env } = await emptyProject("refused");
    const started = performance.now();
    const failure = await npmInstall(["left-pad@1.3.0"], { cwd: dir, what: "left-pad for this test", registry: closedRegistry, env }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(RegistryUnavailableError);
    expect((failure as Error).message).toBe(
      `needs the npm registry (${closedRegistry}) to install left-pad for this test, and it cannot be reached: ECONNREFUSED. Run once with network access; the result is cached.`,
    );
    expect(performance.now() - started).toBeLessThan(within(30_000));
  });

  it("a registry that never answers is given up after the probe's timeout, not npm's retries", async () => {
    const { dir, env } = await emptyProject("silent");
    const failure = await npmInstall(["left-pad@1.3.0"], {
      cwd: dir,
      what: "left-pad",
      registry: silentRegistry,
      probeTimeoutMs: 1_000,
      env,
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RegistryUnavailableError);
    expect((failure as Error).message).toContain("cannot be reached: no answer within 1 s");
  });

  it("a Node binary that is not cached fails the same way, leaving nothing half-installed in the cache", async () => {
    const root = path.join(scratch, "node-cache");
    const failure = await nodeBinary("99.0.0", { root, registry: silentRegistry, probeTimeoutMs: 1_000 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RegistryUnavailableError);
    expect((failure as Error).message).toMatch(/to install Node 99\.0\.0 \(node-\w+-\w+@99\.0\.0\)/);
    expect(await readdir(root)).toEqual([]);
  });
});

describe("the caches under ~/.cache/vpcep-openapi", () => {
  it("keep the Node versions in use, and prune older ones and installs abandoned over an hour ago", async () => {
    const root = path.join(scratch, "prune-nodes");
    const names = [
      ...NODE_VERSIONS.map((v) => `node-${v}`),
      "node-18.20.0",
      "node-22.1.0.partial-1-2",
      "node-24.21.0.partial-3-4",
      "consumer-abc",
      "npm-cache",
    ];
    for (const name of names) await mkdir(path.join(root, name), { recursive: true });
    const hoursAgo = new Date(Date.now() - 2 * 3_600_000);
    await utimes(path.join(root, "node-22.1.0.partial-1-2"), hoursAgo, hoursAgo);
    const removed = await pruneNodeBinaries(NODE_VERSIONS, root);
    expect(removed.map((dir) => path.basename(dir)).sort()).toEqual(["node-18.20.0", "node-22.1.0.partial-1-2"]);
    expect((await readdir(root)).sort()).toEqual(
      [...NODE_VERSIONS.map((v) => `node-${v}`), "consumer-abc", "node-24.21.0.partial-3-4", "npm-cache"].sort(),
    );
  });

  it("keep one consumer project per existing checkout, and prune those of removed checkouts", async () => {
    const root = path.join(scratch, "prune-consumers");
    const kept = await consumerCacheDir(scratch, root);
    const gone = await consumerCacheDir(path.join(scratch, "removed-checkout"), root);
    expect(await consumerCacheDir(scratch, root)).toBe(kept);
    expect(await pruneConsumerCaches(root)).toEqual([gone]);
    expect(await readdir(root)).toEqual([path.basename(kept)]);
  });
});
