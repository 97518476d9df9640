// The bins' configurations, read in-process: flags, environment and files to a typed value or a
// usage error naming what is wrong; and each main with its env and printers passed in.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { numberFlag, parseFlags, portFlag, UsageError, wholeNumber } from "../../src/floor/flags.js";
import { readContractConfig } from "../../src/cli/contract-config.js";
import { ConfigFileError } from "../../src/floor/json-file.js";
import { main as mockMain } from "../../src/cli/mock.js";
import { readMockConfig } from "../../src/mock/options/config.js";

const scratch = mkdtempSync(path.join(tmpdir(), "vpcep-cli-config-"));

describe("args", () => {
  it("parses strictly, naming the flag at fault without node's advice on positionals", () => {
    expect(parseFlags(["--a", "1"], { a: { type: "string" } }, false).values).toEqual({ a: "1" });
    expect(() => parseFlags(["--b"], { a: { type: "string" } }, false)).toThrow(new UsageError("Unknown option '--b'"));
    expect(() => parseFlags(["x"], {}, false)).toThrow(UsageError);
  });

  it("checks ports and numbers with messages naming the flag and the value", () => {
    expect(portFlag(undefined, 4010)).toBe(4010);
    expect(() => portFlag("70000", 1)).toThrow('--port must be an integer from 0 to 65535, got "70000"');
    expect(wholeNumber("seed", "0", 0)).toBe(0);
    expect(() => wholeNumber("rate-limit", "1.5", 1)).toThrow("--rate-limit must be a whole number >= 1");
    expect(numberFlag("wait", "0.5", 0, { min: 0 })).toBe(0.5);
    expect(() => numberFlag("fuzz", "2.5", 0, { min: 1, integer: true })).toThrow("--fuzz must be an integer of at least 1");
  });
});

describe("readMockConfig", () => {
  it("reads the stateful mock's flags, the environment's credentials and the defaults", async () => {
    const config = await readMockConfig(["--stateful", "--port", "0", "--token", "a", "--faults", "0.5", "--cors", "*"], {
      VPCEP_MOCK_TOKENS: "b, c",
      VPCEP_MOCK_ACCESS_KEY: "ak",
      VPCEP_MOCK_SECRET_KEY: "sk",
    });
    expect(config).toMatchObject({ mode: "stateful", host: "127.0.0.1", port: 0, seed: 1, faultRate: 0.5 });
    expect(config.mode === "stateful" && config.options).toMatchObject({
      control: true,
      cors: "*",
      faults: { rate: 0.5, seed: 1 },
      credentials: { tokens: ["a", "b", "c"], keys: [{ accessKey: "ak", secretKey: "sk" }] },
    });
  });

  it("takes Prism by default and the proxy with --proxy", async () => {
    expect(await readMockConfig([], {})).toEqual({
      mode: "prism",
      host: "127.0.0.1",
      port: 4010,
      connections: {},
      strictQuery: false,
      startupTimeoutMs: 30_000,
    });
    expect(await readMockConfig(["--strict-query", "--startup-timeout", "90000"], {})).toMatchObject({
      mode: "prism",
      strictQuery: true,
      startupTimeoutMs: 90_000,
    });
    expect(await readMockConfig(["--stateful", "--strict-query"], {})).toMatchObject({ mode: "stateful", options: { strictQuery: true } });
    expect(await readMockConfig(["--stateful"], {})).toMatchObject({ mode: "stateful", options: { strictQuery: false } });
    expect(await readMockConfig(["--example-data"], {})).toEqual({ mode: "example-data" });
    expect(await readMockConfig(["--proxy", "https://example.com"], {})).toMatchObject({ mode: "proxy", upstream: "https://example.com" });
  });

  it("refuses with a UsageError what the command line gets wrong, a ConfigFileError for a file", async () => {
    await expect(readMockConfig(["--proxy", "ftp://x"], {})).rejects.toThrow(UsageError);
    await expect(readMockConfig(["--stateful"], { VPCEP_MOCK_ACCESS_KEY: "ak" })).rejects.toThrow(
      "VPCEP_MOCK_ACCESS_KEY and VPCEP_MOCK_SECRET_KEY go together",
    );
    await expect(readMockConfig(["--stateful", "--token", "with space "], {})).rejects.toThrow(
      "a credential from --token starts or ends with white space",
    );
    const broken = path.join(scratch, "broken.json");
    writeFileSync(broken, "{");
    await expect(readMockConfig(["--stateful", "--credentials", broken], {})).rejects.toThrow(
      new ConfigFileError(`--credentials ${broken} is not valid JSON: it ends too early (line 1, column 2)`),
    );
  });

  it("main prints through the printers it is given and exits 2 on a usage error", async () => {
    const out: string[] = [];
    const err: string[] = [];
    expect(
      await mockMain(
        ["--version"],
        {},
        (t) => out.push(t),
        (t) => err.push(t),
      ),
    ).toBe(0);
    expect(out[0]).toMatch(/^\d+\.\d+\.\d+/);
    expect(
      await mockMain(
        ["--bogus"],
        {},
        (t) => out.push(t),
        (t) => err.push(t),
      ),
    ).toBe(2);
    expect(err[0]).toMatch(/^vpcep-mock: Unknown option '--bogus'\nusage: vpcep-mock/);
  });
});

describe("readContractConfig", () => {
  it("reads check with credentials from the environment, named by their source", () => {
    const config = readContractConfig(["check", "http://127.0.0.1:1", "--stateless"], { OS_TOKEN: "secret-token", OS_PROJECT_ID: "p" });
    expect(config).toMatchObject({
      command: "check",
      reporter: "table",
      coverage: false,
      wait: 0,
      options: {
        baseUrl: "http://127.0.0.1:1",
        projectId: "p",
        timeoutMs: 10_000,
        state: "stateless",
        auth: { token: "secret-token" },
        authSource: "OS_TOKEN",
      },
    });
  });

  it("takes a token or a key pair, the flags over the environment, and refuses both at one level", () => {
    const authOf = (args: string[], env: NodeJS.ProcessEnv) =>
      (readContractConfig(["check", "http://127.0.0.1:1", ...args], env) as { options: { authSource?: string } }).options.authSource;
    const keys = { OS_ACCESS_KEY: "AK", OS_SECRET_KEY: "SK" };
    expect(authOf(["--token", "t"], keys)).toBe("--token");
    expect(authOf(["--access-key", "a", "--secret-key", "s"], { OS_TOKEN: "t" })).toBe("--access-key and --secret-key");
    expect(() => authOf(["--token", "t", "--access-key", "a", "--secret-key", "s"], {})).toThrow(
      new UsageError("give --token or --access-key and --secret-key, not both"),
    );
    expect(() => authOf([], { OS_TOKEN: "secret-token", ...keys })).toThrow(UsageError);
    expect(() => authOf([], { OS_TOKEN: "secret-token", ...keys })).not.toThrow(/secret-token|SK/);
  });

  it("takes the project from --project-id, else a non-empty OS_PROJECT_ID, else the document's example", () => {
    const projectOf = (args: string[], env: NodeJS.ProcessEnv) =>
      (readContractConfig(["check", "http://127.0.0.1:1", ...args], env) as { options: { projectId: string } }).options.projectId;
    expect(projectOf(["--project-id", "p1"], { OS_PROJECT_ID: "p2" })).toBe("p1");
    expect(projectOf([], { OS_PROJECT_ID: "p2" })).toBe("p2");
    // An unset repository variable in CI gives an empty one: the default, not /v1//vpc-endpoint-services.
    expect(projectOf([], { OS_PROJECT_ID: "" })).toBe("6e9dfd51d1124e8d8498dce894923a0d");
    expect(projectOf([], {})).toBe("6e9dfd51d1124e8d8498dce894923a0d");
  });

  it.each([
    [["--project-id", ""], {}, "--project-id must not be empty"],
    [["--project-id", "a/b"], {}, "--project-id must be a project ID"],
    [["--project-id", ".."], {}, "--project-id must be a project ID"],
    [[], { OS_PROJECT_ID: "p?limit=1" }, "OS_PROJECT_ID must be a project ID"],
    [[], { OS_PROJECT_ID: "x".repeat(65) }, "OS_PROJECT_ID must be a project ID"],
  ])("refuses the project %j %j before sending anything, without echoing it", (args, env, message) => {
    const attempt = () => readContractConfig(["check", "http://127.0.0.1:1", ...args], env);
    expect(attempt).toThrow(UsageError);
    expect(attempt).toThrow(message);
    expect(attempt).not.toThrow(/a\/b|limit=1|xxxx/);
  });

  it.each([
    ["http://127.0.0.1:4312?x=1", "the base URL must not carry a query"],
    ["http://127.0.0.1:4312/?", "the base URL must not carry a query"],
    ["http://127.0.0.1:4312#top", "the base URL must not carry a fragment"],
    ["file:///tmp/x", "the base URL must be an http: or https: URL, not file:"],
    ["localhost:4312", "the base URL must be an http: or https: URL, not localhost:"],
    ["not a url", "the base URL is not an absolute URL (e.g. http://127.0.0.1:4010)"],
    ["http://user:SECRETPASS@127.0.0.1:4312", "the base URL must not carry a user name or password"],
  ])("refuses the base URL %j, naming what is wrong", (target, message) => {
    expect(() => readContractConfig(["check", target], {})).toThrow(new UsageError(message));
  });

  it("refuses what does not fit, naming it", () => {
    expect(() => readContractConfig([], {})).toThrow("a command is needed: check or validate");
    expect(() => readContractConfig(["validate", "x.har", "--fuzz", "3"], {})).toThrow(
      "validate takes only --reporter, --junit, --coverage, --judge, --report-novelty and --fail-on-novelty",
    );
    expect(() => readContractConfig(["check", "ftp://x"], {})).toThrow("the base URL must be an http: or https: URL, not ftp:");
    expect(() => readContractConfig(["check", "http://x", "--access-key", "a"], {})).toThrow(/AK\/SK needs both/);
    expect(() => readContractConfig(["lint"], {})).toThrow('unknown command "lint"');
    expect(() => readContractConfig(["validate", "x.har", "--judge", "both"], {})).toThrow(
      '--judge must be one of server, client, got "both"',
    );
    expect(() => readContractConfig(["check", "http://x", "--judge", "server"], {})).toThrow("--judge goes with validate");
    expect(() => readContractConfig(["check", "http://x", "--report-novelty", ""], {})).toThrow("--report-novelty needs a file name");
  });

  it("reads the judge (server by default), the novelty report's file and --fail-on-novelty", () => {
    expect(readContractConfig(["validate", "x.har"], {})).toMatchObject({ judge: "server", failOnNovelty: false });
    expect(readContractConfig(["validate", "x.har", "--judge", "client"], {})).toMatchObject({ judge: "client" });
    expect(readContractConfig(["check", "http://x", "--report-novelty", "d.md", "--fail-on-novelty"], {})).toMatchObject({
      reportNovelty: "d.md",
      failOnNovelty: true,
    });
  });
});
