// A server under check that echoes a long credential and sends control characters and workflow
// commands in its error codes, ids, enum values and field names: no reporter (table, JSON, JUnit,
// job summary, annotations, Markdown novelty report) holds eight characters of the credential in a
// row, and no line a server controls reads as a workflow command.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../../src/cli/contract.js";
import {
  annotations,
  markdownSummary,
  renderReport,
  safeReport,
  summaryLine,
  withoutCommands,
  type Report,
} from "../../../src/contract/report.js";
import { noveltyMarkdown, preview } from "../../../src/contract/novelty.js";
import { createRedactor, FRAGMENT } from "../../../src/floor/redact.js";
import { runMain } from "../../support/cli.js";
import { sendJson, startLoopback, type Loopback } from "../../support/loopback.js";

/** The longest run of the secret's characters (a substring of it) found in the text. */
function longestRun(text: string, secret: string): number {
  let best = 0;
  for (let length = 1; length <= secret.length; length++) {
    let found = false;
    for (let i = 0; i + length <= secret.length && !found; i++) found = text.includes(secret.slice(i, i + length));
    if (!found) break;
    best = length;
  }
  return best;
}

/** Lines that a workflow runner reads as a command: `::` first, after spaces. */
const commandLines = (text: string) => text.split(/\r\n|\r|\n/).filter((line) => /^\s*::/.test(line));

const TOKEN = Array.from({ length: 200 }, (_, i) => "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"[(i * 7) % 62]).join(
  "",
);
const EVIL = "X\n::stop-commands::pwn\r\n  ::error::injected\u2028::warning::x\u001b[2J";

let server: Loopback;
let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "vpcep-hostile-report-"));
  server = await startLoopback((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.searchParams.get("limit") === "ten") return sendJson(res, 400, { error_code: EVIL, error_msg: TOKEN });
    if (url.searchParams.has("offset")) {
      res.writeHead(200, { "Content-Type": "text/plain" }).end(`${TOKEN} is not JSON`);
      return;
    }
    sendJson(res, 200, {
      endpoint_services: [{ id: TOKEN, status: EVIL, echo: TOKEN, [`x${EVIL}`]: 1 }],
      total_count: 1,
      novel: `${EVIL} ${TOKEN}`,
    });
  });
});
afterAll(async () => {
  await server.close();
  await rm(scratch, { recursive: true, force: true });
});

describe("vpcep-contract check against a server echoing a 200-character token and workflow commands", () => {
  it("no reporter shows eight characters of the token in a row, and no line reads as a workflow command", async () => {
    const outputs: Record<string, string> = {};
    for (const reporter of ["table", "json", "junit"]) {
      const files = {
        junit: path.join(scratch, `${reporter}.xml`),
        novelty: path.join(scratch, `${reporter}.md`),
        summary: path.join(scratch, `${reporter}-summary.md`),
      };
      await writeFile(files.summary, "");
      const env = { OS_TOKEN: TOKEN, OS_PROJECT_ID: "p", GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: files.summary };
      const run = await runMain(
        main,
        ["check", server.url, "--stateless", "--reporter", reporter, "--junit", files.junit, "--report-novelty", files.novelty],
        env,
      );
      expect(run.code).toBe(1);
      outputs[`${reporter} stdout`] = run.output;
      // stderr: the annotations (our own `::error` lines) and the summary line.
      const own = run.stderr.split("\n").filter((line) => line.startsWith("::error title="));
      outputs[`${reporter} stderr`] = run.stderr
        .split("\n")
        .filter((line) => !own.includes(line))
        .join("\n");
      outputs[`${reporter} annotations`] = own.map((line) => line.slice(line.indexOf("::", 2) + 2)).join("\n");
      outputs[`${reporter} JUnit file`] = await readFile(files.junit, "utf8");
      outputs[`${reporter} novelty report`] = await readFile(files.novelty, "utf8");
      outputs[`${reporter} job summary`] = await readFile(files.summary, "utf8");
    }
    for (const [name, text] of Object.entries(outputs)) {
      expect(longestRun(text, TOKEN), name).toBeLessThan(FRAGMENT);
      expect(commandLines(text), name).toEqual([]);
      expect(text, name).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u2028\u2029]/);
    }
    // The injected text is still shown, on its line, as visible escapes.
    expect(outputs["table stdout"]).toContain("X\\u000A::stop-commands::pwn\\u000D\\u000A  ::error::injected");
  });
});

/** Secrets of any alphabet and length up to 400, self-repeating ones included (`"A"×n+"B"`, a short pattern repeated). */
const longSecret = fc.oneof(
  fc.string({ unit: "grapheme", minLength: 8, maxLength: 400 }),
  fc.string({
    unit: fc.constantFrom("/", "+", "=", '"', "\\", "%", "&", "<", "|", "A", "u", "0", "é", "😀"),
    minLength: 8,
    maxLength: 400,
  }),
  fc
    .tuple(fc.string({ minLength: 1, maxLength: 3 }), fc.integer({ min: 8, max: 700 }), fc.string({ maxLength: 2 }))
    .map(([unit, times, end]) => `${unit.repeat(times)}${end}`),
);

describe("every reporter, for any secret", () => {
  it("leaves no run of eight of its characters, whatever excerpt of it the report holds and however it is escaped", () => {
    fc.assert(
      fc.property(longSecret, fc.nat(), fc.nat(), fc.string({ maxLength: 20 }), (secret, a, b, around) => {
        fc.pre(secret.length >= FRAGMENT);
        const start = a % (secret.length - FRAGMENT + 1);
        const excerpt = secret.slice(start, start + FRAGMENT + (b % (secret.length - start - FRAGMENT + 1)));
        const echoes = [
          excerpt,
          JSON.stringify(secret).slice(1, 41),
          encodeURIComponent(secret).slice(0, 68),
          `${around}${secret}${around}`,
        ];
        const report: Report = {
          suite: "vpcep-contract check",
          results: [
            {
              name: `case ${echoes[0]}`,
              requests: [`GET /v1/p/vpc-endpoint-services?marker=${echoes[2]}`],
              status: 400,
              problems: echoes.map((echo) => `error_code: ${echo}`),
              ms: 1,
            },
          ],
          notes: [`note: ${echoes[1]}`],
          novelties: [{ kind: "error code", item: echoes[3]!, where: "case", example: preview(secret), seen: 1 }],
        };
        const redact = createRedactor([secret]);
        const safe = safeReport(report, redact);
        const texts = [
          renderReport(safe, "table"),
          renderReport(safe, "json"),
          renderReport(safe, "junit"),
          markdownSummary(safe),
          noveltyMarkdown(safe.novelties ?? [], { suite: "s" }),
          summaryLine(safe),
          ...annotations(safe),
        ].map((text) => withoutCommands(redact(text)));
        for (const text of texts) expect(longestRun(text, secret)).toBeLessThan(FRAGMENT);
      }),
      { numRuns: 150 },
    );
  });
});
