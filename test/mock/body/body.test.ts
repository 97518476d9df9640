// The one body reader: whole up to a limit, past it undefined with the rest drained.
import { PassThrough, Readable } from "node:stream";
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BODY_LIMITS, bodyOf } from "../../../src/mock/body.js";
import { readStream, streamBody } from "../../../src/mock/stream-body.js";

describe("readStream", () => {
  it("reads a body whole", async () => {
    expect(Buffer.from((await readStream(Readable.from([Buffer.from("ab"), Buffer.from("cd")]), 10))!).toString()).toBe("abcd");
  });

  it("answers undefined past the limit and drains the rest, so the stream ends", async () => {
    const stream = new PassThrough();
    const read = readStream(stream, 3);
    stream.write("abcd");
    expect(await read).toBeUndefined();
    stream.end("more");
    await new Promise((resolve) => stream.once("end", resolve));
  });

  it("rejects when the stream fails or closes before its end", async () => {
    const failing = new PassThrough();
    const read = readStream(failing, 10);
    failing.destroy(new Error("reset"));
    await expect(read).rejects.toThrow("reset");
    const closed = new PassThrough();
    const early = readStream(closed, 10);
    closed.destroy();
    await expect(early).rejects.toThrow("before it was complete");
  });
});

describe("streamBody and bodyOf", () => {
  it("gives the bytes sent, however they arrive, whatever length the request announces, up to the limit", async () => {
    await fc.assert(
      fc.asyncProperty(
        // Chunks that cross the first buffer's 64 KiB and its doublings; an announced length true, short, long or absent.
        fc.array(fc.nat({ max: 50_000 }), { maxLength: 8 }),
        fc.option(fc.nat({ max: 500_000 }), { nil: undefined }),
        fc.boolean(),
        fc.nat({ max: 450_000 }),
        async (sizes, announced, truthful, limit) => {
          const chunks = sizes.map((size) => randomBytes(size));
          const sent = Buffer.concat(chunks);
          const length = truthful ? sent.length : announced;
          const request = Object.assign(Readable.from(chunks), {
            headers: length === undefined ? {} : { "content-length": String(length) },
          });
          const body = await streamBody(request)(limit);
          if (sent.length > limit) expect(body).toBeUndefined();
          else expect(Buffer.from(body!).equals(sent)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("reads a stream once, whoever asks again", async () => {
    const read = streamBody(Readable.from([Buffer.from("x")]));
    const first = await read(10);
    expect(await read(10)).toBe(first);
  });

  it("holds a body in memory to the same limit", async () => {
    const bytes = new Uint8Array(5);
    expect(await bodyOf(bytes)(5)).toBe(bytes);
    expect(await bodyOf(bytes)(4)).toBeUndefined();
  });

  it("has one limit per use, the signed body the smallest", () => {
    expect(BODY_LIMITS.signed).toBe(1024 * 1024);
    expect(BODY_LIMITS.control).toBe(64 * 1024 * 1024);
  });
});
