import { commonConfigSchema } from '@quietpay/platform';

export const configSchema = commonConfigSchema({ name: 'crank-keeper', httpPort: 4036 });
