import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProjects, REPO_ROOT } from '../support/build-projects';
import { startPrivateStack, type PrivateStack } from './client-stack.fixture';

interface FetchToolAnswer {
  status: number;
  paymentSignature: string | null;
  body: string;
  payments: { paymentId: string; amount: string; recipient: string; transactionSignature: string; settlementSignature?: string }[];
}

const textOf = (result: unknown): string => {
  const content = (result as { content?: { type: string; text?: string }[] }).content ?? [];
  return content.find((c) => c.type === 'text')?.text ?? '';
};

describe('examples/mcp-server over stdio (built, spawned by an MCP client)', () => {
  let stack: PrivateStack;
  let client: Client;
  let transport: StdioClientTransport;

  beforeAll(async () => {
    buildProjects(['examples/mcp-server']);
    stack = await startPrivateStack();
    transport = new StdioClientTransport({
      command: process.execPath,
      args: [join(REPO_ROOT, 'examples/mcp-server/dist/main.js')],
      env: {
        PATH: process.env['PATH'] ?? '',
        PX402_KEYPAIR_PATH: stack.net.wallets['agent']!.keypairPath,
        SOLANA_RPC_URL: stack.net.endpoints.rpc,
        PAYMENTS_API_URL: stack.net.endpoints.payments ?? '',
        USDC_MINT: stack.net.mints.usdc,
        SOLANA_CLUSTER: 'localnet',
        PX402_MAX_WAIT_MS: '60000',
      },
      stderr: 'pipe',
    });
    client = new Client({ name: 'px402-mcp-test', version: '0.0.0' });
    await client.connect(transport);
  });

  afterAll(async () => {
    await client?.close();
    await stack?.stop();
  });

  it('lists px402_fetch and px402_balance', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['px402_balance', 'px402_fetch']);
    const fetchTool = tools.find((t) => t.name === 'px402_fetch');
    expect(fetchTool?.inputSchema.required).toEqual(['url']);
  });

  it('pays a route through px402_fetch and the private balance tool answers', async () => {
    const before = JSON.parse(textOf(await client.callTool({ name: 'px402_balance', arguments: {} }))) as { wallet: string; base: { micro: string } };
    expect(before.wallet).toBe(stack.net.wallets['agent']!.publicKey);

    const result = await client.callTool({ name: 'px402_fetch', arguments: { url: `${stack.apiUrl}/api/whales` } });
    expect(result.isError).toBeFalsy();
    const answer = JSON.parse(textOf(result)) as FetchToolAnswer;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ asset: 'SOL' });
    expect(answer.paymentSignature).toBeTruthy();
    expect(answer.payments).toHaveLength(1);
    expect(answer.payments[0]).toMatchObject({
      amount: '20000',
      recipient: stack.net.wallets['merchant']!.publicKey,
      settlementSignature: answer.paymentSignature,
    });

    const after = JSON.parse(textOf(await client.callTool({ name: 'px402_balance', arguments: {} }))) as { base: { micro: string } };
    // The agent paid the price plus the payments API's token fee (0.1 %).
    const spent = BigInt(before.base.micro) - BigInt(after.base.micro);
    expect(spent >= 20_000n && spent <= 20_100n).toBe(true);
  });
});
