// The service's public surface for tooling (deployment checks read the config schema); the
// process itself starts from main.ts.
export { configSchema } from './config.schema';
