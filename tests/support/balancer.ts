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
      const attempt = (tried: number) => {
        const index = next++ % backends.length;
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
          if (error.code === "ECONNREFUSED" && tried + 1 < backends.length) return attempt(tried + 1);
          response.writeHead(502, { "content-type": "application/json" }).end('{"error":{"code":"bad_gateway"}}');
        });
        upstream.end(body);
      };
      attempt(0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
