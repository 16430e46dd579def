import { Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** Listens on an ephemeral loopback port; resolves the base URL and a closer. */
export async function listenEphemeral(server: Server): Promise<{ url: string; close: () => Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
