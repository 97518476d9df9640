// A hostile caller's exchange with the recording proxy through node:http, shared by the proxy's
// adversary files: read to its end, or left after so many bytes.
import { readFile } from "node:fs/promises";
import { request, type IncomingHttpHeaders } from "node:http";
import { secretForms } from "../../support/secret-forms.js";

export const PAGE = "/v1/p/vpc-endpoint-services";
export const MiB = 1024 * 1024;

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  bytes: number;
  error?: string;
}

/** A request through node:http, read to its end or until `leaveAfter` bytes (then the caller leaves). */
export function exchange(
  url: string,
  { headers = {}, leaveAfter, keep = true }: { headers?: Record<string, string>; leaveAfter?: number; keep?: boolean } = {},
): Promise<Answer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let status = 0;
    let answerHeaders: IncomingHttpHeaders = {};
    const done = (error?: string) =>
      resolve({ status, headers: answerHeaders, body: Buffer.concat(chunks), bytes, ...(error ? { error } : {}) });
    const req = request(url, { headers }, (res) => {
      status = res.statusCode ?? 0;
      answerHeaders = res.headers;
      res.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
        if (keep) chunks.push(chunk);
        if (leaveAfter !== undefined && bytes >= leaveAfter) {
          req.destroy();
          done("left");
        }
      });
      res.on("end", () => done());
      res.on("error", (error) => done(error.message));
    });
    req.on("error", (error) => done(error.message));
    req.end();
  });
}

export type Har = { log: { entries: Record<string, any>[] } };
export const readHar = async (file: string) => JSON.parse(await readFile(file, "utf8")) as Har;

/** Every form of every secret (secret-forms.ts) that appears in one of the texts. */
export const leaks = (texts: readonly string[], secrets: readonly string[]) =>
  secrets.flatMap((secret) => secretForms(secret).filter((form) => texts.some((text) => text.includes(form))));
