export { runDemoAgent } from './demo-agent.usecase';
export type { DemoSummary } from './demo-agent.usecase';
export { runPrivateDemo } from './private-demo.usecase';
export type { PrivateDemoSummary } from './private-demo.usecase';
export { loadDemoAgentConfig, DemoAgentConfigSchema } from './config.schema';
export type { DemoAgentConfig } from './config.schema';
export { percentile } from './percentile.util';
