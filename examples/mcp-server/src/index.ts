// The px402 MCP server, importable for embedding in another MCP host.
export { createPx402McpServer } from './mcp-server.factory';
export { loadMcpServerConfig, mcpServerEnvSchema } from './config.schema';
export type { McpServerConfig } from './config.schema';
