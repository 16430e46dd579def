import { commonConfigSchema } from '@quietpay/platform';

export const configSchema = commonConfigSchema({ name: 'chain-poller', httpPort: 4037 });
