export { runDemoAgent } from './demo-agent.usecase';
export type { DemoSummary } from './demo-agent.usecase';
export { loadDemoAgentConfig, DemoAgentConfigSchema } from './config.schema';
export type { DemoAgentConfig } from './config.schema';
export { percentile } from './percentile.util';
