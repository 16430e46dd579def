export { createPaidApi } from './paid-api.app';
export { chatRouter } from './chat.route';
export { loadPaidApiConfig, PaidApiConfigSchema } from './config.schema';
export type { PaidApiConfig } from './config.schema';
