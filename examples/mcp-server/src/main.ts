import { readFileSync } from 'node:fs';
import { Keypair } from '@solana/web3.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createPrivateClient, keypairWallet } from '@quietpay/sdk';
import { loadMcpServerConfig } from './config.schema';
import { createPx402McpServer } from './mcp-server.factory';

async function main(): Promise<void> {
  const config = loadMcpServerConfig(process.env);
  const secret = Uint8Array.from(JSON.parse(readFileSync(config.PX402_KEYPAIR_PATH, 'utf8')) as number[]);
  const client = createPrivateClient({
    wallet: keypairWallet(Keypair.fromSecretKey(secret)),
    rpcUrl: config.SOLANA_RPC_URL,
    paymentsApiUrl: config.PAYMENTS_API_URL,
    mint: config.USDC_MINT,
    cluster: config.SOLANA_CLUSTER,
    retry: {
      ...(config.PX402_RETRY_SCHEDULE_MS ? { schedule: config.PX402_RETRY_SCHEDULE_MS } : {}),
      ...(config.PX402_MAX_WAIT_MS ? { maxWaitMs: config.PX402_MAX_WAIT_MS } : {}),
    },
    maxAmountPerRequest: config.PX402_MAX_AMOUNT,
    repayOnExpiry: config.PX402_REPAY_ON_EXPIRY,
    // stdout carries MCP frames; diagnostics go to stderr.
    onPayment: (r) => process.stderr.write(`px402: paid ${r.amount} to ${r.recipient} (id ${r.paymentId}) in ${r.transactionSignature}\n`),
  });
  await createPx402McpServer(client).connect(new StdioServerTransport());
  process.stderr.write(`px402 MCP server ready for ${client.publicKey.toBase58()}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`px402 MCP server failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
