import { commonConfigSchema } from '@quietpay/platform';

export const configSchema = commonConfigSchema({ name: 'tx-builder', httpPort: 4033 });
