/**
 * A webhook receiver on loopback for the tests: a real HTTP server that records every delivery
 * (headers, the exact body, when it arrived) and answers as the test tells it to.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedDelivery {
  headers: Record<string, string>;
  body: string;
  at: number;
}

export type Answer = { status: number; body?: string } | "hang";

export interface WebhookReceiver {
  url: string;
  received: ReceivedDelivery[];
  /** How the next deliveries are answered (default 200). */
  answer: (delivery: ReceivedDelivery) => Answer;
  /** Waits until `count` deliveries have arrived (or throws after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedDelivery[]>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(path = "/hooks"): Promise<WebhookReceiver> {
  const sockets = new Set<import("node:net").Socket>();
  const receiver: WebhookReceiver = {
    url: "",
    received: [],
    answer: () => ({ status: 200, body: "ok" }),
    async waitFor(count, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (receiver.received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} deliveries, got ${receiver.received.length}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return receiver.received;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const delivery: ReceivedDelivery = {
        headers: Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)])),
        body: Buffer.concat(chunks).toString("utf8"),
        at: Date.now(),
      };
      if (request.url !== path) {
        response.writeHead(404).end();
        return;
      }
      receiver.received.push(delivery);
      const answer = receiver.answer(delivery);
      if (answer === "hang") return;
      response.writeHead(answer.status, { "content-type": "text/plain" }).end(answer.body ?? "");
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
  return receiver;
}
