// One small HTTP server for webhooks (Telegram in webhook mode, later Zalo) and a health check.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Logger } from "./logger.ts";

export type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export class WebhookServer {
  private readonly routes = new Map<string, Handler>();
  private server: Server | null = null;

  constructor(private readonly logger: Logger) {}

  route(path: string, handler: Handler): void {
    this.routes.set(path, handler);
  }

  async listen(port: number, host: string): Promise<number> {
    this.server = createServer((req, res) => {
      const path = (req.url ?? "/").split("?")[0]!;
      if (req.method === "GET" && path === "/health") {
        res.writeHead(200, { "content-type": "text/plain" }).end("ok");
        return;
      }
      const handler = this.routes.get(path);
      if (!handler || req.method !== "POST") {
        res.writeHead(404, { "content-type": "text/plain" }).end("not found");
        return;
      }
      Promise.resolve(handler(req, res)).catch((err: unknown) => {
        this.logger.error({ err, path }, "webhook handler failed");
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once("error", reject);
      this.server!.listen(port, host, () => resolve());
    });
    const address = this.server.address();
    return typeof address === "object" && address ? address.port : port;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
