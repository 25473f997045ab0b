/**
 * The connection-level behaviour of the Node server, over raw HTTP/1.1 against the production build:
 * - issue 31, item 3: a chunked body past the drain bound (1 MiB) is answered 413, not with a
 *   connection reset (the server used to destroy the socket before the 413 was written);
 * - issue 26, item 7: a keep-alive client that idles near the server's keep-alive timeout is never
 *   reset: Node's default (5 s) equals Node's own client agents' idle timeout (5 s), so a client
 *   reusing its socket at 4.9 s raced the server closing it (`socket hang up (ECONNRESET)` in CI).
 */
import { once } from "node:events";
import http from "node:http";
import net from "node:net";
import { describe, expect, inject, it } from "vitest";

const baseUrl = new URL(inject("baseUrl"));

interface Answer {
  status: number;
  body: string;
  socket: import("node:net").Socket;
}

function send(agent: http.Agent, options: http.RequestOptions, write?: (request: http.ClientRequest) => void): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: baseUrl.hostname, port: baseUrl.port, agent, ...options }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body, socket: request.socket! }));
    });
    request.on("error", reject);
    if (write) write(request);
    else request.end();
  });
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("connections", () => {
  it("answers a chunked body over the drain bound with 413, not a connection reset (issue 31, item 3)", async () => {
    const agent = new http.Agent({ keepAlive: false });
    const chunk = Buffer.alloc(64 * 1024, "a");
    const answer = await send(
      agent,
      { method: "POST", path: "/api/v1/shipping/quote", headers: { "content-type": "application/json", "transfer-encoding": "chunked" } },
      (request) => {
        // 2 MiB in 64 KiB chunks, written as fast as the socket takes them; stops once the answer is in.
        let sent = 0;
        let answered = false;
        request.on("response", () => (answered = true));
        const pump = () => {
          while (!answered && sent < 2 * 1024 * 1024) {
            sent += chunk.byteLength;
            if (!request.write(chunk)) return void request.once("drain", pump);
          }
          request.end();
        };
        pump();
      },
    );
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error.code).toBe("payload_too_large");
    agent.destroy();
  });

  it("lets a client that sends its whole body before reading the answer read the 413 (a lingering close, not a reset)", async () => {
    // Such a client (an upload of a known size) is still writing when the answer comes. A server that
    // closes its socket right after the answer leaves the rest unread, and the kernel answers what
    // still arrives with a reset: the client's next write fails (EPIPE, ECONNRESET), and an HTTP
    // client can fail before it reads the 413 (Node's, with the test above, in CI). 16 MiB, more
    // than loopback's socket buffers hold, written before a byte of the answer is read.
    const socket = net.connect(Number(baseUrl.port), baseUrl.hostname);
    await once(socket, "connect");
    socket.pause();
    const size = 64 * 1024;
    const chunk = `${size.toString(16)}\r\n${"a".repeat(size)}\r\n`;
    await new Promise<void>((resolve, reject) => {
      socket.once("error", reject);
      socket.write(`POST /api/v1/shipping/quote HTTP/1.1\r\nHost: ${baseUrl.host}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`);
      let sent = 0;
      const pump = () => {
        while (sent < 256) {
          sent++;
          if (!socket.write(chunk)) return void socket.once("drain", pump);
        }
        socket.write("0\r\n\r\n", (error) => (error ? reject(error) : resolve()));
      };
      pump();
    });
    let answer = "";
    socket.setEncoding("utf8").on("data", (text: string) => (answer += text));
    socket.resume();
    await once(socket, "end");
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain('"payload_too_large"');
    socket.destroy();
  });

  it("keeps an idle keep-alive connection open past Node clients' own idle timeout (issue 26, item 7)", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1, timeout: 60_000 });
    const first = await send(agent, { method: "GET", path: "/api/v1/health" });
    expect(first.status).toBe(200);
    let closed = false;
    first.socket.once("close", () => (closed = true));
    // Past Node's default server keep-alive timeout (5 s) and its clients' free-socket timeout (5 s).
    await wait(6_500);
    expect(closed, "the server closed an idle keep-alive connection a client may still reuse").toBe(false);
    const second = await send(agent, { method: "GET", path: "/api/v1/health" });
    expect(second.status).toBe(200);
    expect(second.socket).toBe(first.socket);
    agent.destroy();
  }, 20_000);
});
