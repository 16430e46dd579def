import { commonConfigSchema } from '@quietpay/platform';

export const configSchema = commonConfigSchema({ name: 'session-ledger', httpPort: 4032 });
