// Starting and stopping the mock's node:http servers, with their connections bounded against
// hostile callers: one that trickles its headers or body, one that keeps an idle connection.
import { createServer } from "node:http";
import { connect, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { CONNECTION_DEFAULTS, listen, urlOf } from "../../../src/mock/listen.js";
import { scaled } from "../../support/timeouts.js";

/** Opens a connection, runs `talk` on it, and resolves when the server closes it: how long it stayed open, what came back. */
function converse(port: number, talk: (socket: Socket) => void): Promise<{ ms: number; received: string }> {
  const started = performance.now();
  const socket = connect(port, "127.0.0.1");
  let received = "";
  socket.on("data", (chunk) => (received += String(chunk)));
  socket.on("error", () => {});
  socket.once("connect", () => talk(socket));
  return new Promise((resolve) => socket.once("close", () => resolve({ ms: performance.now() - started, received })));
}

/** Writes `line` every `everyMs` until the socket closes. */
function trickle(socket: Socket, line: string, everyMs: number) {
  const timer = setInterval(() => (socket.writable ? socket.write(line) : clearInterval(timer)), everyMs);
  socket.once("close", () => clearInterval(timer));
}

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

  it("bounds every server it starts by default", async () => {
    const server = createServer();
    const listening = await listen(server, "127.0.0.1", 0);
    try {
      expect(server.maxConnections).toBe(CONNECTION_DEFAULTS.maxConnections);
      expect(server.headersTimeout).toBe(CONNECTION_DEFAULTS.headersTimeoutMs);
      expect(server.requestTimeout).toBe(CONNECTION_DEFAULTS.requestTimeoutMs);
      expect(server.keepAliveTimeout).toBe(CONNECTION_DEFAULTS.keepAliveTimeoutMs);
    } finally {
      await listening.stop();
    }
  });

  it("answers 408 to headers or a body trickled past their timeouts, closes an idle keep-alive connection, and still answers", async () => {
    const bounds = { headersTimeoutMs: scaled(300), requestTimeoutMs: scaled(600), keepAliveTimeoutMs: scaled(300) };
    const server = createServer((req, res) => {
      req.resume();
      req.on("end", () => res.end("ok"));
    });
    const listening = await listen(server, "127.0.0.1", 0, bounds);
    try {
      const slack = scaled(1_500); // the check runs on a timer, and the machine may be busy
      const [headers, body, idle] = await Promise.all([
        converse(listening.port, (socket) => {
          socket.write("GET / HTTP/1.1\r\nHost: x\r\n");
          trickle(socket, "X-Slow: 1\r\n", 50);
        }),
        converse(listening.port, (socket) => {
          socket.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n");
          trickle(socket, "x", 50);
        }),
        converse(listening.port, (socket) => socket.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n")),
      ]);
      expect(headers.received).toMatch(/^HTTP\/1\.1 408 /);
      expect(headers.ms).toBeLessThan(bounds.headersTimeoutMs + slack);
      expect(body.received).toMatch(/^HTTP\/1\.1 408 /);
      expect(body.ms).toBeLessThan(bounds.requestTimeoutMs + slack);
      expect(idle.received).toMatch(/^HTTP\/1\.1 200 /);
      expect(idle.ms).toBeLessThan(bounds.keepAliveTimeoutMs + slack);
      expect(await (await fetch(listening.url)).text()).toBe("ok");
    } finally {
      await listening.stop();
    }
  });
});
