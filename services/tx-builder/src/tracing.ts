// Imported first by main.ts: @quietpay/telemetry loads only OpenTelemetry, so http, ioredis and
// express are patched before Nest or the platform require them.
import { startTelemetry } from '@quietpay/telemetry';

startTelemetry({ serviceName: 'tx-builder' });
