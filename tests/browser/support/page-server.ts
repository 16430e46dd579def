import { readFile } from 'node:fs/promises';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
};

/** A path prefix of the page's origin forwarded to another server (the web app's own backend). */
export interface ProxyRoute {
  readonly prefix: string;
  /** Upstream base URL; the path after the prefix is appended. */
  readonly target: string;
}

export interface PageServerOptions {
  readonly port: number;
  /** Built files (page.js, worker.js, chunks) and index.html. */
  readonly staticDirs: readonly string[];
  readonly config: unknown;
  readonly proxies: readonly ProxyRoute[];
}

export interface PageServer {
  readonly origin: string;
  close(): Promise<void>;
}

function forward(req: IncomingMessage, res: ServerResponse, target: URL): void {
  const headers = { ...req.headers, host: target.host };
  // The browser's Origin stays out: upstream sees a same-origin call, as behind a real app's backend.
  delete headers.origin;
  const upstream = httpRequest(target, { method: req.method, headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', (error) => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
    res.end(`proxy: ${error.message}`);
  });
  req.pipe(upstream);
}

async function serveFile(res: ServerResponse, dirs: readonly string[], path: string): Promise<void> {
  const relative = normalize(path === '/' ? '/index.html' : path).replace(/^([/\\])+/, '');
  if (relative.startsWith('..')) return void res.writeHead(400).end();
  for (const dir of dirs) {
    const body = await readFile(join(dir, relative)).catch(() => undefined);
    if (body === undefined) continue;
    res.writeHead(200, { 'content-type': TYPES[extname(relative)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    return void res.end(body);
  }
  res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
}

/**
 * The web app's own origin for the browser test: serves the bundled page and worker, its
 * /config.json, and forwards its backend paths (the paid API, the RPC, the covalidator) the way a
 * web app's server or dev proxy does. The gateway is NOT behind it: the SDK calls the gateway
 * cross-origin, through the gateway's CORS.
 */
export async function startPageServer(options: PageServerOptions): Promise<PageServer> {
  const config = JSON.stringify(options.config);
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://page.invalid');
    const route = options.proxies.find((p) => url.pathname === p.prefix || url.pathname.startsWith(`${p.prefix}/`));
    if (route) return forward(req, res, new URL(`${route.target.replace(/\/+$/, '')}${url.pathname.slice(route.prefix.length)}${url.search}`));
    if (req.method !== 'GET') return void res.writeHead(405).end();
    if (url.pathname === '/config.json') return void res.writeHead(200, { 'content-type': 'application/json' }).end(config);
    void serveFile(res, options.staticDirs, url.pathname);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  return {
    origin: `http://127.0.0.1:${options.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
