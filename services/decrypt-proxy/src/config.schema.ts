import { commonConfigSchema } from '@quietpay/platform';

export const configSchema = commonConfigSchema({ name: 'decrypt-proxy', httpPort: 4038 });
