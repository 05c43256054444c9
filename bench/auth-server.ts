// The server half of `npm run bench:auth`: the real route handlers of POST /api/auth/sign-in and
// GET /api/health behind node:http on a loopback port, in one process as under `next start`.
// Prints {"port": N} once listening. DATABASE_URL names the benchmark's database.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function toFetchRequest(req: IncomingMessage, base: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  // As Next.js does: the socket's address when the client sent no X-Forwarded-For.
  if (!headers.has("x-forwarded-for")) headers.set("x-forwarded-for", req.socket.remoteAddress ?? "");
  const body = chunks.length ? Buffer.concat(chunks) : undefined;
  return new Request(new URL(req.url ?? "/", base), { method: req.method, headers, body });
}

async function main() {
  const routes: Record<string, Handler> = {
    "POST /api/auth/sign-in": (await import("@/app/api/auth/sign-in/route")).POST as unknown as Handler,
    "GET /api/health": (await import("@/app/api/health/route")).GET as unknown as Handler,
  };
  let base = "";
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const handler = routes[`${req.method} ${new URL(req.url ?? "/", "http://x").pathname}`];
    void (async () => {
      if (!handler) return res.writeHead(404).end();
      const response = await handler(await toFetchRequest(req, base), { params: Promise.resolve({}) });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    })().catch((err: unknown) => {
      process.stderr.write(`server error: ${(err as Error).message}\n`);
      res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  console.log(JSON.stringify({ port }));
}

void main();
