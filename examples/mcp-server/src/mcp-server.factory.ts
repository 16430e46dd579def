import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { PrivateClient } from '@quietpay/sdk';
import { px402BalanceTool } from './px402-balance.tool';
import { px402FetchInput, px402FetchTool } from './px402-fetch.tool';

/**
 * An MCP server whose tools let a model call px402-paid APIs with the agent's wallet.
 *
 * @example
 * const server = createPx402McpServer(createPrivateClient(options));
 * await server.connect(new StdioServerTransport());
 */
export function createPx402McpServer(client: PrivateClient): McpServer {
  const server = new McpServer({ name: 'quietpay-px402', version: '0.1.0' });
  server.registerTool(
    'px402_fetch',
    {
      description:
        'Fetch a URL; when it answers 402 with a px402 quote, pay it privately in USDC (MagicBlock private transfer) and retry until served. Returns status, body and the payments made.',
      inputSchema: px402FetchInput,
    },
    px402FetchTool(client),
  );
  server.registerTool('px402_balance', { description: "The agent wallet's base-chain and private USDC balances.", inputSchema: {} }, px402BalanceTool(client));
  return server;
}
