// The px402 example resource server, importable so tests can run it in-process.
export { createPrivateApiApp } from './private-api.app';
export type { PrivateApiDeps } from './private-api.app';
export { loadPrivateApiConfig, privateApiEnvSchema } from './config.schema';
export type { PrivateApiConfig } from './config.schema';
export { PAID_ROUTES } from './paid-routes.constants';
