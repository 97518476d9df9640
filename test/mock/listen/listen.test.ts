// Starting and stopping the mock's node:http servers.
import { createServer } from "node:http";
import type { Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { listen, urlOf } from "../../../src/mock/listen.js";

describe("listen", () => {
  it("names an IPv6 host in brackets", () => {
    expect(urlOf("::1", 80)).toBe("http://[::1]:80");
    expect(urlOf("127.0.0.1", 80)).toBe("http://127.0.0.1:80");
  });

  it("says where it listens, and stops without waiting on a keep-alive client", async () => {
    const server = createServer((_req, res) => res.end("ok"));
    const sockets: Socket[] = [];
    server.on("connection", (socket) => sockets.push(socket));
    const listening = await listen(server, "127.0.0.1", 0);
    expect(listening.url).toBe(`http://127.0.0.1:${listening.port}`);
    expect(await (await fetch(listening.url)).text()).toBe("ok"); // leaves a keep-alive connection open
    expect(sockets.some((socket) => !socket.destroyed)).toBe(true);
    await listening.stop();
    expect(server.listening).toBe(false);
    expect(sockets.every((socket) => socket.destroyed)).toBe(true);
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
