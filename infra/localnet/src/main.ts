import { readCliOptions } from './cli-options';
import { startLocalnet } from './compose/start-localnet';

async function main(): Promise<void> {
  const net = await startLocalnet(readCliOptions(process.argv.slice(2), process.env));
  const { endpoints, mints, wallets, modules } = net;
  process.stdout.write(`localnet ready ${JSON.stringify({ endpoints, mints, wallets, modules })}\n`);
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`localnet: ${signal}, stopping\n`);
    net.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`localnet: stop failed: ${String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((e: unknown) => {
  process.stderr.write(`localnet: failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
