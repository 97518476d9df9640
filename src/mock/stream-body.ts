// A request body read from a Node stream (node:http), by the rules of body.ts: up to a limit per
// use, the rest drained, not kept. Node only; the fetch and msw paths use body.ts's `bodyOf`.
import type { Readable } from "node:stream";
import type { BodyReader } from "./body.js";

/** Where a body of unannounced length starts: its buffer grows from here, doubling. */
const FIRST_CAPACITY = 64 * 1024;

/**
 * Reads a stream whole; undefined past `limit` bytes (the rest drained); rejects if the stream
 * fails or closes early. The bytes go into one buffer as they arrive: of the length the request
 * announces (`expected`, its Content-Length) when that is within the limit, else grown by
 * doubling; no list of chunks is joined in one long step at the end, and what the buffer holds
 * beyond the bytes that arrived is address space, never written (allocUnsafe).
 */
export function readStream(stream: Readable, limit: number, expected?: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    let buffer = Buffer.alloc(0);
    let size = 0;
    const onData = (chunk: Buffer) => {
      if (size + chunk.length > limit) {
        stream.off("data", onData);
        stream.resume();
        return void resolve(undefined);
      }
      if (size + chunk.length > buffer.length) {
        const needed = size + chunk.length;
        const capacity =
          expected !== undefined && expected >= needed && expected <= limit
            ? expected
            : Math.min(limit, Math.max(FIRST_CAPACITY, buffer.length * 2, needed));
        const grown = Buffer.allocUnsafe(capacity);
        buffer.copy(grown, 0, 0, size);
        buffer = grown;
      }
      size += chunk.copy(buffer, size);
    };
    stream.on("data", onData);
    stream.once("end", () => resolve(buffer.subarray(0, size)));
    stream.once("error", reject);
    stream.once("close", () => reject(new Error("the body ended before it was complete")));
  });
}

/** The body length a request announces (its Content-Length), when the stream is a request that has one. */
function announcedLength(stream: Readable): number | undefined {
  const length = (stream as Readable & { headers?: Record<string, unknown> }).headers?.["content-length"];
  return typeof length === "string" && /^\d{1,15}$/.test(length) ? Number(length) : undefined;
}

/** A BodyReader over a stream: read on first call (with that call's limit), the same promise after. */
export function streamBody(stream: Readable): BodyReader {
  let read: Promise<Uint8Array | undefined> | undefined;
  return (limit) => (read ??= readStream(stream, limit, announcedLength(stream)));
}
