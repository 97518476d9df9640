// `npm run image` end to end: the OCI archive is built twice from this checkout (the same bytes),
// read as a registry would (both platforms, the config, the size), then loaded with Debian's
// buildah and run with --isolation chroot --network host: the stateful mock inside answers the
// host, `vpcep-contract check` inside passes against it, and the recipes' commands (compose's
// command and health check, the services' health command) run as written, the port moved to a
// free one. The arm64 image's files run too, by qemu-aarch64-static's user-mode emulation.
import { execFile, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { gunzipSync } from "node:zlib";
import { validateWorkflow } from "@action-validator/core";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleServices } from "../../generated/contract-validators.js";
import { buildImage, DEFAULT_CMD, PORT } from "../../scripts/image.js";
import { repoRoot } from "../../scripts/lib/paths.js";
import { imageTags } from "../../scripts/release-image.js";
import { freePort } from "../support/loopback.js";
import { startMockProcess, type ReadyMock } from "../support/processes.js";
import { TIMEOUTS } from "../support/timeouts.js";
import { readArchive } from "./archive.js";

const IMAGE = "ghcr.io/vpcep-openapi/vpcep-openapi:0";
const MAX_COMPRESSED = 80 * 1024 * 1024;
const BUILD_TIMEOUT = TIMEOUTS.packageTest * 2;
const version = (JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string }).version;
const recipe = (name: string) => readFileSync(path.join(repoRoot, "examples", "image", name), "utf8");

const scratch = await mkdtemp(path.join(tmpdir(), "vpcep-image-test-"));
const first = path.join(scratch, "first.oci.tar");
const second = path.join(scratch, "second.oci.tar");
let built: Awaited<ReturnType<typeof buildImage>>;
let archive: Awaited<ReturnType<typeof readArchive>>;

beforeAll(async () => {
  built = await buildImage({ out: first });
  archive = await readArchive(first);
}, BUILD_TIMEOUT);
afterAll(() => rm(scratch, { recursive: true, force: true }));

const sha256 = (bytes: Buffer) => `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
const platform = (arch: string) => {
  const found = archive.platforms.find((p) => p.descriptor.platform?.architecture === arch);
  if (!found) throw new Error(`no linux/${arch} in the index`);
  return found;
};

describe("the OCI archive of npm run image", () => {
  it("holds one index naming the version, with linux/amd64 and linux/arm64 manifests", () => {
    expect(JSON.parse(archive.files.get("oci-layout")!.body.toString())).toEqual({ imageLayoutVersion: "1.0.0" });
    expect(archive.layout.manifests).toHaveLength(1);
    expect(archive.top.annotations).toEqual({ "org.opencontainers.image.ref.name": version });
    expect(archive.index.mediaType).toBe("application/vnd.oci.image.index.v1+json");
    expect(archive.index.manifests.map((m) => m.platform)).toEqual([
      { architecture: "amd64", os: "linux" },
      { architecture: "arm64", os: "linux" },
    ]);
    expect(built.index).toBe(archive.top.digest);
  });

  it.each(["amd64", "arm64"])(
    "linux/%s: non-root, entrypoint vpcep-mock, the stateful mock on 0.0.0.0:4010 by default, PATH, labels",
    (arch) => {
      const { config } = platform(arch);
      expect(config.architecture).toBe(arch);
      const [uid, gid] = config.config.User.split(":").map(Number);
      expect(uid).toBeGreaterThan(0);
      expect(gid).toBeGreaterThan(0);
      expect(config.config.Entrypoint).toEqual(["vpcep-mock"]);
      expect(config.config.Cmd).toEqual(["--stateful", "--host", "0.0.0.0", "--port", "4010"]);
      expect(config.config.Env).toContain("PATH=/usr/local/bin:/usr/bin:/bin");
      expect(config.config.ExposedPorts).toEqual({ "4010/tcp": {} });
      expect(config.config.Labels).toMatchObject({
        "org.opencontainers.image.version": version,
        "org.opencontainers.image.licenses": "MIT",
        "org.opencontainers.image.source": "https://github.com/vpcep-openapi/vpcep-openapi",
      });
    },
  );

  it.each(["amd64", "arm64"])("linux/%s: at most 80 MiB compressed; every blob matches its digest, every layer its diff_id", (arch) => {
    const { manifest, config, descriptor } = platform(arch);
    const compressed = descriptor.size + manifest.config.size + manifest.layers.reduce((sum, layer) => sum + layer.size, 0);
    expect(compressed).toBeLessThanOrEqual(MAX_COMPRESSED);
    for (const item of [descriptor, manifest.config, ...manifest.layers]) {
      const bytes = archive.blob(item.digest);
      expect(sha256(bytes), item.mediaType).toBe(item.digest);
      expect(bytes.length).toBe(item.size);
    }
    expect(manifest.layers.map((layer) => sha256(gunzipSync(archive.blob(layer.digest))))).toEqual(config.rootfs.diff_ids);
  });

  it.each([
    ["amd64", 0x3e],
    ["arm64", 0xb7],
  ])(
    "linux/%s: Node and /usr/bin/env are ELF binaries of that machine, with the loader and libraries beside them",
    async (arch, machine) => {
      const runtime = await platform(arch).layer(0);
      for (const file of ["usr/local/bin/node", "usr/bin/env"]) {
        const { body, header } = runtime.get(file)!;
        expect(body.subarray(0, 4).toString("latin1"), file).toBe("\x7fELF");
        expect(body.readUInt16LE(18), `${file}'s e_machine`).toBe(machine);
        expect(header.mode! & 0o111).not.toBe(0);
      }
      const names = [...runtime.keys()].join("\n");
      for (const library of [
        "libc.so.6",
        "libm.so.6",
        "libstdc++.so.6",
        "libgcc_s.so.1",
        arch === "amd64" ? "ld-linux-x86-64.so.2" : "ld-linux-aarch64.so.1",
      ])
        expect(names, library).toContain(library);
    },
  );

  it("the application layer is the same for both platforms: the packed package with its production dependencies, the bins on PATH, the user", async () => {
    const [amd64, arm64] = [platform("amd64").manifest.layers[1]!, platform("arm64").manifest.layers[1]!];
    expect(amd64.digest).toBe(arm64.digest);
    const app = await platform("amd64").layer(1);
    expect(JSON.parse(app.get("opt/vpcep-openapi/package.json")!.body.toString()).version).toBe(version);
    expect(app.has("opt/vpcep-openapi/node_modules/openapi-fetch/package.json")).toBe(true);
    // Optional peers and devDependencies stay out: no Prism, no fast-check, no vitest.
    for (const left of ["@stoplight/prism-cli", "fast-check", "vitest", "msw"])
      expect(app.has(`opt/vpcep-openapi/node_modules/${left}/package.json`), left).toBe(false);
    expect(app.get("usr/local/bin/vpcep-mock")!.header).toMatchObject({
      type: "symlink",
      linkname: "../../../opt/vpcep-openapi/bin/vpcep-mock.js",
    });
    expect(app.get("usr/local/bin/vpcep-contract")!.header).toMatchObject({
      type: "symlink",
      linkname: "../../../opt/vpcep-openapi/bin/vpcep-contract.js",
    });
    expect(app.get("opt/vpcep-openapi/bin/vpcep-mock.js")!.header.mode! & 0o111).not.toBe(0);
    expect(app.get("etc/passwd")!.body.toString()).toMatch(/^vpcep:x:10001:10001:/m);
    expect(app.get("tmp")!.header.mode).toBe(0o1777);
    for (const { header } of app.values())
      expect(header.mtime?.getTime(), header.name).toBe(app.get("etc/passwd")!.header.mtime?.getTime());
  });

  it(
    "the same sources give the same bytes: a second build writes an identical archive",
    async () => {
      const again = await buildImage({ out: second });
      expect(again.index).toBe(built.index);
      expect(sha256(await readFile(second))).toBe(sha256(await readFile(first)));
    },
    BUILD_TIMEOUT,
  );

  it("release.yml would push the version's line tag, which the recipes name", () => {
    const [major] = version.split(".");
    expect(imageTags(`v${version}`, [])).toContain(major);
    expect(IMAGE).toBe(`ghcr.io/vpcep-openapi/vpcep-openapi:${major}`);
  });
});

/** A command of the image or a recipe with its port (and listening address) moved: 4010 is not ours to take. */
const moved = (command: string[], to: number) =>
  command.map((arg, i) => (command[i - 1] === "--host" ? "127.0.0.1" : arg.replace(String(PORT), String(to))));

// buildah: Debian's, run as root with vfs storage; with CI set, its absence fails the run.
const hasBuildah = spawnSync("buildah", ["--version"]).status === 0;
const inCi = Boolean(process.env.CI);
if (!hasBuildah && !inCi)
  console.warn("test/image: buildah is not installed (apt-get install buildah): the image is built and read, not run");

const buildah = (args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile("buildah", ["--storage-driver", "vfs", ...args], { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });

describe.skipIf(!hasBuildah && !inCi)("the linux/amd64 image run by buildah (--isolation chroot --network host)", () => {
  let container = "";
  let imageId = "";
  let mock: ReadyMock | undefined;
  let port = 0;
  const running: ReadyMock[] = [];
  const inside = (command: string[], extra: string[] = []) =>
    buildah(["run", "--isolation", "chroot", "--network", "host", ...extra, container, "--", ...command]);
  const startInside = async (command: string[], extra: string[] = []) => {
    const started = await startMockProcess("buildah", [
      "--storage-driver",
      "vfs",
      "run",
      "--isolation",
      "chroot",
      "--network",
      "host",
      ...extra,
      container,
      "--",
      ...command,
    ]);
    running.push(started);
    return started;
  };

  beforeAll(async () => {
    if (!hasBuildah)
      throw new Error("buildah is not installed and CI is set: .ci/run installs it (apt-get install buildah); the image must be run in CI");
    const from = await buildah(["from", "--name", `vpcep-image-test-${process.pid}`, `oci-archive:${first}`]);
    expect(from.code, from.stderr).toBe(0);
    container = from.stdout.trim().split("\n").at(-1)!;
    imageId = (await buildah(["inspect", "--type", "container", "--format", "{{.FromImageID}}", container])).stdout.trim();
    port = await freePort();
    const config = platform("amd64").config.config;
    mock = await startInside(moved([...config.Entrypoint, ...config.Cmd], port));
  }, BUILD_TIMEOUT);
  afterAll(async () => {
    for (const started of running) started.child.kill("SIGTERM");
    if (container) await buildah(["rm", container]);
    if (imageId) await buildah(["rmi", imageId]);
  }, TIMEOUTS.test);

  it("the default command (port moved) starts the stateful mock as the non-root user, and it answers the host", async () => {
    expect(mock!.url).toBe(`http://127.0.0.1:${port}`);
    expect(mock!.output()).toMatch(/vpcep-mock: ready at \S+ \(stateful, 5 services;/);
    const page = (await (await fetch(`${mock!.url}/v1/p/vpc-endpoint-services?limit=2`, { headers: { "X-Auth-Token": "t" } })).json()) as {
      total_count: number;
      endpoint_services: unknown[];
    };
    expect(page.total_count).toBe(5);
    expect(page.endpoint_services).toHaveLength(2);
    const who = await inside(["node", "-e", "console.log(process.getuid(), process.cwd(), process.version)"]);
    expect(who.stdout.trim()).toMatch(/^10001 \/home\/vpcep v24\./);
  });

  it("vpcep-contract check inside the container passes against the mock", async () => {
    // The default command starts a mock without credentials (open by design): --open, as the contract checks guide says.
    const check = await inside(["vpcep-contract", "check", mock!.url, "--token", "t", "--open"]);
    expect(check.stderr).toMatch(/vpcep-contract check: \d+ passed, 0 failed/);
    expect(check.code, check.stdout + check.stderr).toBe(0);
  });

  it("vpcep-mock's Prism mode is not in the image and says so, exit 1", async () => {
    const prism = await inside(["vpcep-mock", "--port", String(await freePort())]);
    expect(prism.code).not.toBe(0);
    expect(prism.stderr).toMatch(/@stoplight\/prism-cli/);
  });

  it("compose.yaml: its command with a mounted data file serves those services, and its health check passes; against nothing it fails", async () => {
    const compose = parse(recipe("compose.yaml")) as {
      services: { vpcep: { image: string; command: string[]; volumes: string[]; ports: string[]; healthcheck: { test: string[] } } };
    };
    const service = compose.services.vpcep;
    expect(service.image).toBe(IMAGE);
    expect(service.ports).toEqual([`${PORT}:${PORT}`]);
    const [, mounted] = service.volumes[0]!.split(":");
    const data = path.join(scratch, "services.json");
    await writeFile(data, JSON.stringify(exampleServices.slice(0, 2)));
    const own = await freePort();
    const started = await startInside(moved([...platform("amd64").config.config.Entrypoint, ...service.command], own), [
      "--volume",
      `${data}:${mounted}:ro`,
    ]);
    const page = (await (await fetch(`${started.url}/v1/p/vpc-endpoint-services`, { headers: { "X-Auth-Token": "t" } })).json()) as {
      total_count: number;
    };
    expect(page.total_count).toBe(2);
    expect(service.healthcheck.test[0]).toBe("CMD");
    const health = await inside(moved(service.healthcheck.test.slice(1), own));
    expect(health.stdout).toContain(`vpcep-health: http://127.0.0.1:${own} answers (HTTP`);
    expect(health.code).toBe(0);
    const closed = await inside(moved(service.healthcheck.test.slice(1), await freePort()));
    expect(closed.stderr).toMatch(/does not answer: ECONNREFUSED/);
    expect(closed.code).toBe(1);
  });

  it("github-actions.yml: a valid workflow whose service's health command passes against the mock", async () => {
    const text = recipe("github-actions.yml");
    expect(validateWorkflow(text).errors).toEqual([]);
    const service = (parse(text) as { jobs: { test: { services: { vpcep: { image: string; ports: string[]; options: string } } } } }).jobs
      .test.services.vpcep;
    expect(service.image).toBe(IMAGE);
    expect(service.ports).toEqual([`${PORT}:${PORT}`]);
    const healthCmd = /--health-cmd (\S+)/.exec(service.options)?.[1];
    expect(healthCmd).toBe("vpcep-health");
    // Run as written it asks port 4010; the test's mock is on a free port, named explicitly.
    const health = await inside([healthCmd!, mock!.url]);
    expect(health.code, health.stderr).toBe(0);
  });

  it("gitlab-ci.yml and the Testcontainers snippets name the image, its exposed port and the ready line the mock prints", () => {
    const gitlab = parse(recipe("gitlab-ci.yml")) as {
      test: { services: { name: string; alias: string }[]; variables: Record<string, string> };
    };
    expect(gitlab.test.services).toEqual([{ name: IMAGE, alias: "vpcep" }]);
    expect(gitlab.test.variables["VPCEP_ENDPOINT"]).toBe(`http://vpcep:${PORT}`);
    expect(Object.keys(platform("amd64").config.config.ExposedPorts)).toEqual([`${PORT}/tcp`]); // what GitLab waits for
    for (const file of ["testcontainers/mock_test.go", "testcontainers/MockTest.java"]) {
      const text = recipe(file);
      expect(text, file).toContain(`"${IMAGE}"`);
      expect(text, file).toMatch(new RegExp(`\\b${PORT}\\b`));
      expect(text, file).toContain("vpcep-mock: ready at");
    }
    expect(mock!.output()).toContain("vpcep-mock: ready at");
    expect(DEFAULT_CMD).toEqual(platform("amd64").config.config.Cmd);
  });
});

// The arm64 image's files run on this amd64 machine by qemu's user-mode emulation, without binfmt:
// the image's own Node, loader and libraries (qemu -L), the stateful mock and the checker. With CI
// set, a missing qemu-aarch64-static fails the run (.ci/run installs qemu-user-static).
const hasQemu = spawnSync("qemu-aarch64-static", ["--version"]).status === 0;
if (!hasQemu && !inCi)
  console.warn("test/image: qemu-aarch64-static is not installed (apt-get install qemu-user-static): the arm64 image is read, not run");

describe.skipIf(!hasQemu && !inCi)("the linux/arm64 image's files run by qemu-aarch64-static", () => {
  const rootfs = path.join(scratch, "arm64-rootfs");
  const emulated = (script: string) => ["-L", rootfs, `${rootfs}/usr/local/bin/node`, `${rootfs}/opt/vpcep-openapi/bin/${script}.js`];
  const running: ReadyMock[] = [];
  afterAll(() => {
    for (const started of running) started.child.kill("SIGTERM");
  });

  it(
    "the stateful mock answers the host and vpcep-contract check passes against it, both arm64",
    async () => {
      if (!hasQemu)
        throw new Error("qemu-aarch64-static is not installed and CI is set: .ci/run installs it (apt-get install qemu-user-static)");
      const { manifest } = platform("arm64");
      await mkdir(rootfs, { recursive: true });
      for (const [i, layer] of manifest.layers.entries()) {
        const file = path.join(scratch, `arm64-layer-${i}.tar.gz`);
        await writeFile(file, archive.blob(layer.digest));
        await promisify(execFile)("tar", ["-xzf", file, "-C", rootfs]);
      }
      const config = platform("arm64").config.config;
      const mock = await startMockProcess("qemu-aarch64-static", [...emulated("vpcep-mock"), ...moved(config.Cmd, await freePort())]);
      running.push(mock);
      const page = (await (await fetch(`${mock.url}/v1/p/vpc-endpoint-services`, { headers: { "X-Auth-Token": "t" } })).json()) as {
        total_count: number;
      };
      expect(page.total_count).toBe(5);
      const arch = await promisify(execFile)("qemu-aarch64-static", ["-L", rootfs, `${rootfs}/usr/local/bin/node`, "-p", "process.arch"]);
      expect(arch.stdout.trim()).toBe("arm64");
      const check = await new Promise<{ code: number; stderr: string }>((resolve) => {
        execFile(
          "qemu-aarch64-static",
          [...emulated("vpcep-contract"), "check", mock.url, "--token", "t", "--open"],
          (error, _stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stderr }),
        );
      });
      expect(check.stderr).toMatch(/vpcep-contract check: \d+ passed, 0 failed/);
      expect(check.code).toBe(0);
    },
    TIMEOUTS.heavyTest,
  );
});
