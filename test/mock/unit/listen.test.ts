// Starting and stopping the mock's node:http servers.
import { createServer } from "node:http";
import { describe, expect, it } from "vitest";
import { listen, urlOf } from "../../../src/mock/listen.js";

describe("listen", () => {
  it("names an IPv6 host in brackets", () => {
    expect(urlOf("::1", 80)).toBe("http://[::1]:80");
    expect(urlOf("127.0.0.1", 80)).toBe("http://127.0.0.1:80");
  });

  it("says where it listens, and stops without waiting on a keep-alive client", async () => {
    const server = createServer((_req, res) => res.end("ok"));
    const listening = await listen(server, "127.0.0.1", 0);
    expect(listening.url).toBe(`http://127.0.0.1:${listening.port}`);
    expect(await (await fetch(listening.url)).text()).toBe("ok"); // leaves a keep-alive connection open
    const started = Date.now();
    await listening.stop();
    expect(Date.now() - started).toBeLessThan(4_000); // keep-alive holds a socket 5 s unless closed
    expect(server.listening).toBe(false);
  });

  it("rejects when the port is taken", async () => {
    const first = await listen(createServer(), "127.0.0.1", 0);
    try {
      await expect(listen(createServer(), "127.0.0.1", first.port)).rejects.toMatchObject({ code: "EADDRINUSE" });
    } finally {
      await first.stop();
    }
  });
});
