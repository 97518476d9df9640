// A server that echoes the credentials back in every form a wire can carry them: no error output
// of the client or the raw client holds any form of any of them. Property tests with fast-check.
import { createServer as createTcpServer, type AddressInfo } from "node:net";
import { inspect } from "node:util";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { createVpcepClient, VpcepApiError, type VpcepClientOptions } from "vpcep-openapi";
import { createVpcepRawClient, listEndpointServices } from "vpcep-openapi/raw";
import { createRedactor } from "../../../src/floor/redact.js";
import { startLoopback, type Loopback } from "../../support/loopback.js";
import { percentAll, secretForms, unicodeEscape } from "../../support/secret-forms.js";
import { scaled } from "../../support/timeouts.js";

const PROJECT = "6e9dfd51d1124e8d8498dce894923a0d";

/**
 * The secret with each character in a form picked at random: raw, `\uXXXX` (either case),
 * percent-encoded (either case).
 */
const mixedForm = (secret: string) =>
  fc.array(fc.integer({ min: 0, max: 4 }), { minLength: secret.length, maxLength: secret.length }).map((picks) =>
    Array.from(secret)
      .map((char, i) => {
        const pick = picks[i % picks.length] ?? 0;
        return pick === 0 ? char : pick <= 2 ? unicodeEscape(char, pick === 1) : percentAll(char, pick === 3);
      })
      .join(""),
  );

/** The forms of a secret, computed once: the property runs look for the same secrets' forms many times over. */
const formsCache = new Map<string, readonly string[]>();
function formsOf(secret: string): readonly string[] {
  let forms = formsCache.get(secret);
  if (forms === undefined) formsCache.set(secret, (forms = secretForms(secret)));
  return forms;
}

const leaks = (output: string, secrets: readonly string[]) =>
  secrets.flatMap((secret) => formsOf(secret).filter((form) => output.includes(form)));

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
const anyText = fc.string({ unit: "grapheme", maxLength: 40 });

describe("createRedactor", () => {
  it("masks every form of every secret, whatever surrounds it (any characters, non-ASCII included)", () => {
    const secret = fc.string({
      unit: fc.oneof(
        fc.constantFrom("/", "+", "=", '"', "\\", " ", "é", "😀", "\u0041"),
        fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }),
      ),
      minLength: 4,
      maxLength: 16,
    });
    fc.assert(
      fc.property(fc.array(secret, { minLength: 1, maxLength: 3 }), anyText, anyText, fc.nat(), (secrets, before, after, which) => {
        const redact = createRedactor(secrets);
        for (const secret of secrets) {
          for (const form of [...formsOf(secret), JSON.stringify(secret)]) {
            const out = redact(`${before}${form}${after}`);
            expect(leaks(out, secrets), `${JSON.stringify(form)} in ${JSON.stringify(out)}`).toEqual([]);
          }
          // Beyond four backslashes in a row, a mix of their raw and escaped forms may be missed (see secretPattern).
          if (/\\{5,}/.test(secret)) continue;
          const mixed = fc.sample(mixedForm(secret), { numRuns: 1, seed: which })[0]!;
          expect(leaks(redact(`${before}${mixed}${after}`), [secret])).toEqual([]);
          expect(redact(`${before}${mixed}${after}`)).not.toContain(mixed);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("masks a raw backslash before an escaped echo of the rest (fast-check's counterexample, seed 894163703)", () => {
    const redact = createRedactor(["\\// "]);
    expect(redact('say "\\//\\u0020" again')).not.toContain("\\//\\u0020");
    expect(leaks(redact("\\//\\u0020"), ["\\// "])).toEqual([]);
  });

  it("leaves a text without secrets as it is, ignores secrets shorter than four characters, and masks any run of eight of a secret's characters", () => {
    const redact = createRedactor(["abc", "TOKEN-1234", undefined]);
    expect(redact("abc and TOKEN-1 stay; TOKEN-1234 goes")).toBe("abc and TOKEN-1 stay; *** goes");
    expect(redact("cut: TOKEN-12…, OKEN-1234, KEN-123")).toBe("cut: ***…, ***, KEN-123");
  });

  it('stays linear for a self-repeating secret: "A"×2000+"B" over 200 KB of A (77 s before), and masks every run of eight of it', () => {
    const redact = createRedactor([`${"A".repeat(2000)}B`]);
    const started = performance.now();
    expect(redact(`x${"A".repeat(200_000)}y`)).toBe("x***y");
    expect(redact("AAAAAAA|AAAAAAAB|AAAAAAB")).toBe("AAAAAAA|***|AAAAAAB");
    // A guard against a quadratic scan, not a speed target: `npm run bench` holds those.
    expect(performance.now() - started).toBeLessThan(scaled(5_000));
  });
});

let server: Loopback | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const AUTH_KINDS = fc.oneof(
  credential.map((token) => ({ token })),
  fc.tuple(credential, credential, credential).map(([accessKey, secretKey, securityToken]) => ({ accessKey, secretKey, securityToken })),
);
const secretsOf = (auth: VpcepClientOptions["auth"]) =>
  "token" in auth ? [auth.token] : [auth.accessKey, auth.secretKey, auth.securityToken ?? ""];

/** Echoes every secret in every form: body (raw, JSON-escaped, `\u`, percent), headers and status text. */
function echoing(secrets: readonly string[], status: number) {
  return startLoopback((_req, res) => {
    const forms = secrets.flatMap(formsOf);
    const body =
      status === 200
        ? `not json ${forms.join(" | ")}`
        : `{"error_code":"EndPoint.0002","error_msg":"bad ${forms.map((f) => JSON.stringify(f).slice(1, -1)).join(" ")} ${JSON.stringify(secrets.join(" ")).slice(1, -1)}","request_id":"${encodeURIComponent(secrets[0]!)}"}${forms.join(" ")}`;
    res.statusMessage = `Echo ${secrets.join(" ")}`;
    res.writeHead(status, {
      "Content-Type": "application/json",
      "X-Request-Id": `${secrets[0]} ${encodeURIComponent(secrets.at(-1)!)}`,
      "X-Echo": secrets.map((s) => encodeURIComponent(s)).join(","),
    });
    res.end(body);
  });
}

describe("a server echoing the credentials", () => {
  it("createVpcepClient: no form of any credential in message, stack, JSON.stringify, inspect, body, requestId", async () => {
    await fc.assert(
      fc.asyncProperty(AUTH_KINDS, fc.constantFrom(200, 400, 401, 403, 404, 500), async (auth, status) => {
        const secrets = secretsOf(auth).filter(Boolean);
        server = await echoing(secrets, status);
        try {
          const client = createVpcepClient({ projectId: PROJECT, baseUrl: server.url, auth, retry: false });
          const error = await client.listEndpointServices().catch((e: unknown) => e);
          expect(error).toBeInstanceOf(VpcepApiError);
          const e = error as VpcepApiError;
          const outputs = [
            e.message,
            e.stack ?? "",
            JSON.stringify(e),
            inspect(e, { depth: 10 }),
            e.body,
            e.requestId ?? "",
            String(e),
          ].join("\n");
          expect(leaks(outputs, secrets)).toEqual([]);
          expect(outputs).toContain("***");
        } finally {
          await server.close();
          server = undefined;
        }
      }),
      { numRuns: 40 },
    );
  });

  it("createVpcepRawClient: no form of any credential in error, response headers or status text", async () => {
    await fc.assert(
      fc.asyncProperty(AUTH_KINDS, fc.constantFrom(400, 401, 404, 500), async (auth, status) => {
        const secrets = secretsOf(auth).filter(Boolean);
        server = await echoing(secrets, status);
        try {
          const client = createVpcepRawClient({ projectId: PROJECT, baseUrl: server.url, auth, retry: false });
          const { error, response } = await listEndpointServices(client, { params: { path: { project_id: PROJECT } } });
          const headers = JSON.stringify([...response.headers]);
          const outputs = [JSON.stringify(error), inspect(error, { depth: 10 }), headers, response.statusText].join("\n");
          expect(leaks(outputs, secrets)).toEqual([]);
          expect(response.status).toBe(status);
        } finally {
          await server.close();
          server = undefined;
        }
      }),
      { numRuns: 30 },
    );
  });

  it("createVpcepRawClient: a 2xx body that is not JSON is a VpcepApiError without the secret, not a SyntaxError quoting it", async () => {
    const auth = { token: 'tok/ECHO"SECRET\\1' };
    server = await echoing([auth.token], 200);
    const client = createVpcepRawClient({ projectId: PROJECT, baseUrl: server.url, auth, retry: false });
    const error = await listEndpointServices(client, { params: { path: { project_id: PROJECT } } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VpcepApiError);
    const e = error as VpcepApiError;
    expect(leaks([e.message, e.stack, JSON.stringify(e), inspect(e), e.body].join("\n"), [auth.token])).toEqual([]);
  });
});

describe("a server that escapes the echo twice", () => {
  it("no form of the secret in what a reader decodes from the body: error_msg, message, body, raw client error", async () => {
    await fc.assert(
      fc.asyncProperty(AUTH_KINDS, async (auth) => {
        const secrets = secretsOf(auth).filter(Boolean) as string[];
        // The body's error_msg holds each secret's escaped forms, so the wire carries them escaped twice.
        const errorMsg = `echo ${secrets.flatMap((secret) => formsOf(secret).slice(1, 5)).join(" | ")}`;
        server = await startLoopback((_req, res) => {
          res.writeHead(400, { "Content-Type": "application/json" }).end(JSON.stringify({ error_code: "X.1", error_msg: errorMsg }));
        });
        try {
          const client = createVpcepClient({ projectId: PROJECT, baseUrl: server.url, auth, retry: false });
          const e = (await client.listEndpointServices().catch((error: unknown) => error)) as VpcepApiError;
          expect(e).toBeInstanceOf(VpcepApiError);
          const decoded = JSON.parse(e.body) as { error_msg: string };
          const raw = createVpcepRawClient({ projectId: PROJECT, baseUrl: server.url, auth, retry: false });
          const { error } = await listEndpointServices(raw, { params: { path: { project_id: PROJECT } } });
          const outputs = [
            e.message,
            e.stack ?? "",
            JSON.stringify(e),
            inspect(e),
            e.errorMsg ?? "",
            decoded.error_msg,
            JSON.stringify(error),
          ];
          expect(leaks(outputs.join("\n"), secrets)).toEqual([]);
          expect(e.errorMsg).toContain("***");
        } finally {
          await server.close();
          server = undefined;
        }
      }),
      { numRuns: 25 },
    );
  });
});

describe("a server that breaks the protocol with the credential in the bytes", () => {
  it("the VpcepNetworkError's cause chain is masked too (undici's parser error carries the raw bytes)", async () => {
    const token = "tok-CAUSE-SECRET-1";
    const tcp = createTcpServer((socket) => {
      socket.on("error", () => undefined);
      socket.on("data", () => socket.end(`HTTP/1.1 200 OK\r\nX-Echo: \x01${token}\r\nContent-Length: 2\r\n\r\n{}`));
    });
    await new Promise<void>((resolve) => tcp.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = tcp.address() as AddressInfo;
      const error = await createVpcepClient({ projectId: PROJECT, baseUrl: `http://127.0.0.1:${port}`, auth: { token }, retry: false })
        .listEndpointServices()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).name).toBe("VpcepNetworkError");
      const outputs = [(error as Error).message, (error as Error).stack, JSON.stringify(error), inspect(error, { depth: 20 })].join("\n");
      expect(leaks(outputs, [token])).toEqual([]);
      expect(outputs).toContain("HPE_INVALID_HEADER_TOKEN");
    } finally {
      await new Promise((resolve) => tcp.close(resolve));
    }
  });
});
