// The port check every server runs before it starts.
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { probePort } from "../../../src/mock/running.js";

describe("probePort", () => {
  it("gives the port the OS picked for 0, and frees it again", async () => {
    const port = await probePort("127.0.0.1", 0);
    expect(port).toBeGreaterThan(0);
    expect(await probePort("127.0.0.1", port)).toBe(port);
  });

  it("rejects with EADDRINUSE for a port in use", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const { port } = taken.address() as { port: number };
    try {
      await expect(probePort("127.0.0.1", port)).rejects.toMatchObject({ code: "EADDRINUSE" });
    } finally {
      taken.close();
    }
  });
});
