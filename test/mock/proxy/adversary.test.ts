// The recording proxy in front of hostile loopback upstreams: one that echoes the caller's
// credentials in every form in its body, headers and status text; one that sends a huge or endless
// body, a slow one, or nothing at all; a caller that leaves mid-answer; links planted where the
// recording is written. Each case asserts the typed outcome, zero leaked bytes in the HAR and in
// the proxy's output, and a bound on time. The huge bodies are in huge-bodies.test.ts (the scale tier).
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { createServer as createTcpServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProxy } from "../../../src/mock/proxy/proxy.js";
import { startLoopback, type Loopback } from "../../support/loopback.js";
import { TIMEOUTS, waitFor, within } from "../../support/timeouts.js";
import { secretForms as formsOf, unicodeEscape } from "../../support/secret-forms.js";
import { exchange, type Har, leaks, MiB, PAGE, readHar } from "./hostile-exchange.js";

/** Every string of a parsed HAR, joined: a form hidden by the file's own JSON escaping is found too. */
function stringsOf(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(stringsOf).join("\n");
  if (value && typeof value === "object")
    return Object.entries(value)
      .map(([k, v]) => `${k}\n${stringsOf(v)}`)
      .join("\n");
  return String(value);
}

let scratch = "";
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "vpcep-proxy-adversary-"));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe("an upstream that echoes the caller's credentials", () => {
  // Credentials as a header can carry them (printable ASCII), rich in the characters escaping treats specially.
  const specials = fc.constantFrom("/", "+", "=", '"', "\\", " ", "%", "&", "A", "u", "0");
  const credential = fc
    .array(
      fc.oneof(
        specials,
        fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 3 }),
      ),
      { minLength: 4, maxLength: 24 },
    )
    .map((parts) => `K${parts.join("")}Z`);
  // A configured secret may be any text: the upstream echoes it in bodies only.
  const configured = fc
    .string({
      unit: fc.oneof(fc.constantFrom("/", "é", "😀", '"', "\\"), fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 })),
      minLength: 4,
      maxLength: 12,
    })
    .map((s) => `Q${s}Q`);

  it(
    "leaves no form of any of them in the HAR or the proxy's output, and relays the answer byte for byte",
    async () => {
      let echo: { body: Buffer; headers: [string, string][]; statusText: string } = {
        body: Buffer.alloc(0),
        headers: [],
        statusText: "OK",
      };
      const upstream = await startLoopback((_req, res) => {
        res.statusMessage = echo.statusText;
        for (const [name, value] of echo.headers) res.setHeader(name, value);
        res.writeHead(200).end(echo.body);
      });
      try {
        await fc.assert(
          fc.asyncProperty(
            credential,
            credential,
            credential,
            configured,
            fc.boolean(),
            async (token, ak, securityToken, extra, asJson) => {
              const har = path.join(scratch, `echo-${Math.random().toString(36).slice(2)}.har`);
              const proxy = await startProxy({ upstream: upstream.url, record: har, secrets: [extra], recordFlushMs: 10 });
              const headerSecrets = [token, ak, securityToken];
              const everyForm = [...headerSecrets, extra].flatMap(formsOf);
              const bodyText = asJson
                ? JSON.stringify({ error_msg: everyForm.join(" | "), echo: headerSecrets, nested: { note: everyForm } })
                : `echo: ${everyForm.join(" ~ ")}\n`;
              echo = {
                body: Buffer.from(bodyText),
                statusText: `Echo ${encodeURIComponent(token)}`,
                headers: [
                  ["Content-Type", asJson ? "application/json" : "text/plain"],
                  ["X-Request-Id", token],
                  ["X-Echo-Escaped", JSON.stringify(ak).slice(1, -1)],
                  ["X-Echo-Percent", encodeURIComponent(securityToken)],
                  ["X-Echo-Unicode", unicodeEscape(token, false)],
                  ["Location", `http://127.0.0.1/x?t=${encodeURIComponent(ak)}`],
                ],
              };
              try {
                const answer = await exchange(`${proxy.url}${PAGE}?limit=1&marker=${encodeURIComponent(token)}`, {
                  headers: {
                    "X-Auth-Token": token,
                    "X-Security-Token": securityToken,
                    Authorization: `SDK-HMAC-SHA256 Access=${ak}, SignedHeaders=host;x-sdk-date, Signature=${"ab".repeat(32)}`,
                  },
                });
                expect(answer.status).toBe(200);
                expect(answer.body.equals(echo.body)).toBe(true);
                expect(answer.headers["x-request-id"]).toBe(token);
              } finally {
                await proxy.stop();
              }
              const file = await readFile(har, "utf8");
              const recorded = JSON.parse(file) as Har;
              expect(recorded.log.entries).toHaveLength(1);
              expect(leaks([file, stringsOf(recorded), proxy.output()], [...headerSecrets, extra, "ab".repeat(32)])).toEqual([]);
              await rm(har);
            },
          ),
          { numRuns: 25 },
        );
      } finally {
        await upstream.close();
      }
    },
    TIMEOUTS.test,
  );

  it("records no prefix of a secret that the record limit cuts through, and notes the truncation", async () => {
    const token = "MIIcutThroughTokenValue0123456789";
    const limit = 4096;
    const body = `${"a".repeat(limit - 7)}${token}${"b".repeat(limit)}`;
    const upstream = await startLoopback((_req, res) => res.writeHead(200, { "Content-Type": "text/plain" }).end(body));
    const har = path.join(scratch, "cut.har");
    const proxy = await startProxy({ upstream: upstream.url, record: har, recordBodyLimit: limit });
    try {
      const answer = await exchange(`${proxy.url}/other`, { headers: { "X-Auth-Token": token } });
      expect(answer.body.toString()).toBe(body);
    } finally {
      await proxy.stop();
      await upstream.close();
    }
    const content = (await readHar(har)).log.entries[0]!.response.content;
    expect(content.size).toBe(body.length);
    expect(content.comment).toBe(`truncated: the first ${limit} of ${body.length} bytes are recorded (--record-body-limit)`);
    expect(content.text).toMatch(/^a+$/);
    expect(content.text.length).toBeLessThanOrEqual(limit);
    expect(await readFile(har, "utf8")).not.toContain(token.slice(0, 4));
  });
});

describe("an upstream that sends too much, too slowly or nothing", () => {
  let upstream: Loopback;
  const closed: number[] = [];
  const timers: NodeJS.Timeout[] = [];
  beforeAll(async () => {
    upstream = await startLoopback((req, res) => {
      req.socket.once("close", () => closed.push(performance.now()));
      const url = new URL(req.url ?? "/", "http://x");
      if (url.pathname === "/silent") return;
      if (url.pathname === "/silent-mid-body") return void res.writeHead(200, { "Content-Type": "text/plain" }).write("begun");
      if (url.pathname === "/slow") {
        res.writeHead(200, { "Content-Type": "text/plain" });
        let left = 12;
        const timer = setInterval(() => {
          if (--left > 0) return void res.write("tick\n");
          clearInterval(timer);
          res.end("done\n");
        }, 50);
        return void timers.push(timer);
      }
      if (url.pathname === "/endless") {
        res.writeHead(200, { "Content-Type": "application/octet-stream" });
        const chunk = Buffer.alloc(64 * 1024, "e");
        const pump = () => {
          while (!res.destroyed && res.write(chunk));
          if (!res.destroyed) res.once("drain", pump);
        };
        return pump();
      }
      res.writeHead(404).end();
    });
  });
  afterAll(async () => {
    for (const timer of timers) clearInterval(timer);
    await upstream.close();
  });

  it("answers 504 naming the proxy when the upstream stays silent, and closes the upstream request", async () => {
    const proxy = await startProxy({ upstream: upstream.url, upstreamTimeoutMs: 300 });
    try {
      const started = performance.now();
      const answer = await exchange(`${proxy.url}/silent`, { headers: { "X-Auth-Token": "silent-token-value" } });
      expect(performance.now() - started).toBeLessThan(within(3000));
      expect(answer.status).toBe(504);
      expect(answer.headers["content-type"]).toBe("application/json");
      expect(JSON.parse(answer.body.toString())).toEqual({
        error_code: "vpcep-mock.upstream-timeout",
        error_msg: `vpcep-mock proxy: upstream ${upstream.url} sent nothing for 300 ms (--upstream-timeout)`,
      });
      await waitFor(
        "the upstream socket closed",
        () => closed.length,
        (n) => n > 0,
        { timeoutMs: within(2000) },
      );
      expect(proxy.output()).toContain("sent nothing for 300 ms");
    } finally {
      await proxy.stop();
    }
  });

  it("cuts an answer whose body goes silent, and records that it did", async () => {
    const har = path.join(scratch, "silent-mid-body.har");
    const proxy = await startProxy({ upstream: upstream.url, upstreamTimeoutMs: 300, record: har });
    try {
      const started = performance.now();
      const answer = await exchange(`${proxy.url}/silent-mid-body`);
      expect(performance.now() - started).toBeLessThan(within(3000));
      expect(answer.status).toBe(200);
      expect(answer.error).toBeDefined();
      expect(answer.body.toString()).toBe("begun");
    } finally {
      await proxy.stop();
    }
    const [entry] = (await readHar(har)).log.entries;
    expect(entry!.comment).toBe(`upstream ${upstream.url} sent nothing for 300 ms (--upstream-timeout)`);
    expect(entry!.response.content.text).toBe("begun");
  });

  it("cuts the answer when the upstream resets mid-body, records why, and goes on serving", async () => {
    const resetting = createTcpServer((socket) =>
      socket.once("data", () => {
        socket.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\npartial");
        setTimeout(() => socket.resetAndDestroy(), 50);
      }),
    );
    await new Promise<void>((resolve) => resetting.listen(0, "127.0.0.1", resolve));
    const har = path.join(scratch, "reset.har");
    const proxy = await startProxy({ upstream: `http://127.0.0.1:${(resetting.address() as AddressInfo).port}`, record: har });
    try {
      const answer = await exchange(`${proxy.url}/reset`);
      expect(answer.status).toBe(200);
      expect(answer.error).toBeDefined();
      expect(answer.body.toString()).toBe("partial");
      const again = await exchange(`${proxy.url}/reset`);
      expect(again.body.toString()).toBe("partial");
    } finally {
      await proxy.stop();
      resetting.close();
    }
    const entries = (await readHar(har)).log.entries;
    expect(entries).toHaveLength(2);
    expect(entries[0]!.comment).toMatch(/closed the connection before its answer was complete/);
  });

  it("relays a slow answer whose chunks come within the timeout", async () => {
    const proxy = await startProxy({ upstream: upstream.url, upstreamTimeoutMs: 300 });
    try {
      const answer = await exchange(`${proxy.url}/slow`);
      expect(answer.error).toBeUndefined();
      expect(answer.body.toString()).toBe(`${"tick\n".repeat(11)}done\n`);
    } finally {
      await proxy.stop();
    }
  });

  it("aborts the upstream request within a bound when the caller leaves mid-answer", async () => {
    const har = path.join(scratch, "left.har");
    const proxy = await startProxy({ upstream: upstream.url, record: har });
    try {
      const before = closed.length;
      const answer = await exchange(`${proxy.url}/endless`, { leaveAfter: 8 * MiB, keep: false });
      expect(answer.error).toBe("left");
      const left = performance.now();
      await waitFor(
        "the upstream socket closed",
        () => closed.length,
        (n) => n > before,
        { timeoutMs: within(2000) },
      );
      expect(performance.now() - left).toBeLessThan(within(2000));
    } finally {
      await proxy.stop();
    }
    const [entry] = (await readHar(har)).log.entries;
    expect(entry!.comment).toMatch(/^the caller closed the connection before the answer was complete/);
    expect(entry!.response.content.comment).toMatch(/^truncated: the first 1048576 of \d+ bytes are recorded/);
    expect(entry!.response.content.text).toHaveLength(MiB);
  });
});

describe("where the recording is written", () => {
  it("never writes through a link planted at a temporary name or at the target, and keeps only the HAR in the folder", async () => {
    const upstream = await startLoopback((_req, res) => res.writeHead(200, { "Content-Type": "application/json" }).end("{}"));
    const folder = path.join(scratch, "links");
    const outside = path.join(scratch, "outside");
    await mkdir(folder);
    await mkdir(outside);
    const har = path.join(folder, "r.har");
    const victims: string[] = [];
    const plant = async (at: string) => {
      const victim = path.join(outside, `victim-${victims.length}`);
      await writeFile(victim, "untouched\n");
      victims.push(victim);
      await symlink(victim, at);
    };
    // The names the recorder tries first, the name the recorder before it used, and the target itself.
    for (let i = 0; i < 8; i++) {
      await plant(path.join(folder, `.r.har.${process.pid}.${i}.tmp`));
      await plant(path.join(folder, `.r.har.${process.pid}.${i}.entries`));
    }
    await plant(`${har}.partial`);
    await plant(har);
    const proxy = await startProxy({ upstream: upstream.url, record: har, recordFlushMs: 10 });
    try {
      for (let i = 0; i < 5; i++) expect((await exchange(`${proxy.url}${PAGE}`)).status).toBe(200);
    } finally {
      await proxy.stop();
      await upstream.close();
    }
    for (const victim of victims) expect(await readFile(victim, "utf8")).toBe("untouched\n");
    expect((await lstat(har)).isFile()).toBe(true);
    expect((await readHar(har)).log.entries).toHaveLength(5);
    const left = (await readdir(folder)).filter(
      (name) => !name.endsWith(".tmp") && !name.endsWith(".entries") && !name.endsWith(".partial"),
    );
    expect(left).toEqual(["r.har"]);
    // Only the planted links remain besides it: the recorder's own temporary files are gone.
    for (const name of await readdir(folder))
      if (name !== "r.har") expect((await lstat(path.join(folder, name))).isSymbolicLink()).toBe(true);
  });

  it("refuses to start, naming the path, when the recording cannot be written there", async () => {
    const folder = path.join(scratch, "a-folder.har");
    await mkdir(folder);
    await expect(startProxy({ upstream: "http://127.0.0.1:9", record: folder })).rejects.toThrow(
      `cannot record to ${folder}: EISDIR (the folder must be writable and the path not a folder)`,
    );
    expect(await readdir(scratch)).not.toContainEqual(expect.stringMatching(/^\.a-folder\.har\./));
  });

  it("keeps the file on disk a whole HAR whenever a reader looks, over many exchanges", async () => {
    const upstream = await startLoopback((_req, res) => res.writeHead(200, { "Content-Type": "application/json" }).end("{}"));
    const har = path.join(scratch, "reader.har");
    const proxy = await startProxy({ upstream: upstream.url, record: har, recordFlushMs: 5 });
    let reads = 0;
    let reading = true;
    const reader = (async () => {
      while (reading) {
        JSON.parse(await readFile(har, "utf8"));
        reads++;
      }
    })();
    try {
      for (let i = 0; i < 300; i++) await exchange(`${proxy.url}${PAGE}?offset=${i}`);
    } finally {
      await proxy.stop();
      reading = false;
      await upstream.close();
    }
    await reader;
    expect(reads).toBeGreaterThan(0);
    expect((await readHar(har)).log.entries).toHaveLength(300);
  });
});

describe("a caller whose request has thousands of problems, and credentials from earlier requests", () => {
  it("reports at most eleven bounded lines a request, masks every credential seen since the start, and keeps answering", async () => {
    const first = "FIRST-credential-0123456789abcdef";
    const upstream = await startLoopback((_req, res) =>
      res
        .writeHead(200, { "Content-Type": "application/json" })
        .end(JSON.stringify({ endpoint_services: "bad", total_count: 0, echo: first })),
    );
    const lines: string[] = [];
    const proxy = await startProxy({ upstream: upstream.url, onViolation: (line) => lines.push(line) });
    try {
      expect((await exchange(`${proxy.url}${PAGE}`, { headers: { "X-Auth-Token": first } })).status).toBe(200);
      // 2,700 parameters the document does not list (a no-cors GET any web page can send): before,
      // 31.6 MiB of report a request, and the proxy died after about 23 of them.
      const query = Array.from({ length: 2700 }, (_, i) => `${i.toString(36)}=`).join("&");
      for (let i = 0; i < 30; i++) {
        const before = lines.length;
        const answer = await exchange(`${proxy.url}${PAGE}?${query}&limit=${first}`, {
          headers: { "X-Auth-Token": `second-${i}-credential-xyz` },
        });
        expect(answer.status).toBe(200);
        const mine = lines.slice(before);
        expect(mine.length).toBeLessThanOrEqual(11);
        expect(mine.at(-1)).toMatch(/… and \d+ more problems of this exchange \(the first 10 are shown\)$/);
        expect(mine.join("\n").length).toBeLessThan(32 * 1024);
      }
      expect(proxy.output().length).toBeLessThanOrEqual(512 * 1024);
      // The first request's credential, echoed in later answers and sent in later URLs, is masked in every line.
      expect(leaks([lines.join("\n"), proxy.output()], [first])).toEqual([]);
      expect((await exchange(`${proxy.url}${PAGE}`)).status).toBe(200);
    } finally {
      await proxy.stop();
      await upstream.close();
    }
  });

  it("writes nothing from the wire that starts a line or reads as a workflow command", async () => {
    const upstream = await startLoopback((_req, res) =>
      res
        .writeHead(200, { "Content-Type": "application/json" })
        .end(JSON.stringify({ endpoint_services: [{ "::error::x\n::stop-commands::y": 1 }], total_count: "\u001b[2J" })),
    );
    const lines: string[] = [];
    const proxy = await startProxy({ upstream: upstream.url, onViolation: (line) => lines.push(line) });
    try {
      await exchange(`${proxy.url}${PAGE}?%0A::error::z=1`);
    } finally {
      await proxy.stop();
      await upstream.close();
    }
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).not.toMatch(/[\r\n\u001b]/);
      expect(line).not.toMatch(/^\s*::/);
    }
  });
});
