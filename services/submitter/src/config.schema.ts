import { commonConfigSchema } from '@quietpay/platform';

export const configSchema = commonConfigSchema({ name: 'submitter', httpPort: 4035 });
