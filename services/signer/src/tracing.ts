// Imported first by main.ts: the tracer provider must exist before any module creates spans.
import { startTracing } from '@quietpay/platform';

startTracing('signer');
