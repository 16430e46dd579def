// Docker HEALTHCHECK: liveness of the role running in this container. The slim image has no
// curl, and node is already there. The gateway serves health on its API port (PORT); every other
// service on HTTP_PORT; HEALTHCHECK_PORT overrides both (roles without either, e.g. localnet).
const port = process.env.HEALTHCHECK_PORT ?? process.env.PORT ?? process.env.HTTP_PORT;
const path = process.env.HEALTHCHECK_PATH ?? '/health/live';
if (!port) {
  console.error('healthcheck: none of HEALTHCHECK_PORT, PORT, HTTP_PORT is set');
  process.exit(1);
}
try {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(2500) });
  process.exit(res.ok ? 0 : 1);
} catch (error) {
  console.error(`healthcheck: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
