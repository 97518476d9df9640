// The one way the mock reads a request body whole (the proxy streams bodies through instead): up to a
// limit per use; past it the rest is drained, not kept, so the socket stays usable for the answer
// (a 413, or the gateway's refusal) and memory stays bounded whatever a peer sends. No Node
// built-in, not even in its types (the msw entry's declarations include it): a Node stream's
// reader is in stream-body.ts.

const MiB = 1024 * 1024;

/** The most of a body each use reads. */
export const BODY_LIMITS = {
  /** A signed request's body, read to verify its hash; a GET of this API carries none. Past it: 401. */
  signed: 1 * MiB,
  /** A control API request (services to add, a clock move). Past it: 413. */
  control: 64 * MiB,
} as const;

/** A request's body, read once when first asked; undefined when it exceeds `limit` bytes. */
export type BodyReader = (limit: number) => Promise<Uint8Array | undefined>;

export const NO_BODY: BodyReader = async () => new Uint8Array(0);

/** A body already in memory (a fetch `Request`'s bytes, a test's). */
export const bodyOf =
  (bytes: Uint8Array): BodyReader =>
  async (limit) =>
    bytes.length > limit ? undefined : bytes;
