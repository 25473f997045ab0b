/**
 * A small HTTP load balancer on loopback for the scale-out test: round robin over the backends, and a
 * request whose backend refuses the connection goes to the next one (as nginx's `proxy_next_upstream
 * error` does), which is safe because such a request never reached a server. A backend that dies
 * mid-request gives 502, as a real balancer would.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface Balancer {
  url: string;
  /** How many requests each backend received. */
  served: number[];
  /**
   * Resolves once the balancer holds no connection to backend `index`, kept-alive or in use: after a
   * backend dies, its closed connections reach the balancer as events, and a request that takes a
   * kept-alive connection before that event is seen fails with 502 (a real balancer has the same
   * window). Requests sent after this go to the live backends only.
   */
  forgotten(index: number): Promise<void>;
  close(): Promise<void>;
}

export async function startBalancer(backends: { port: number }[]): Promise<Balancer> {
  let next = 0;
  const served = backends.map(() => 0);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks);
      // A retry goes to the backend after the one that refused, not to the round robin's next pick:
      // with requests interleaving, that pick could be the dead backend again, and the request got a
      // 502 although a live backend was there (a flaky scale-out test under load).
      const attempt = (tried: number, index: number) => {
        const upstream = http.request(
          { host: "127.0.0.1", port: backends[index]!.port, method: request.method, path: request.url, headers: request.headers, agent },
          (answer) => {
            served[index]!++;
            response.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(response);
            answer.on("error", () => response.destroy());
          },
        );
        upstream.on("error", (error: NodeJS.ErrnoException) => {
          if (response.headersSent) return response.destroy();
          if (error.code === "ECONNREFUSED" && tried + 1 < backends.length) return attempt(tried + 1, (index + 1) % backends.length);
          response.writeHead(502, { "content-type": "application/json" }).end('{"error":{"code":"bad_gateway"}}');
        });
        upstream.end(body);
      };
      attempt(0, next++ % backends.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    served,
    async forgotten(index) {
      const port = backends[index]!.port;
      const held = () =>
        [agent.sockets, agent.freeSockets].some((pool) => Object.entries(pool).some(([name, sockets]) => name.includes(`:${port}:`) && (sockets?.length ?? 0) > 0));
      const deadline = Date.now() + 10_000;
      while (held()) {
        if (Date.now() > deadline) throw new Error(`the balancer still holds a connection to backend ${index} after 10 s`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
