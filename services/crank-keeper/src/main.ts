import './tracing';
import { bootstrapService } from '@quietpay/platform';
import { AppModule } from './app.module';
import { configSchema } from './config.schema';

void bootstrapService({ name: 'crank-keeper', module: AppModule, configSchema });
