import { trace } from '@opentelemetry/api';
import pino, { DestinationStream, Logger } from 'pino';
import { REDACT_PATHS } from './redact-paths';

export interface LoggerOptions {
  readonly service: string;
  readonly instance: string;
  readonly level: string;
}

/** The active span's ids, so every log line can be joined to its trace. */
function traceFields(): Record<string, string> {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}

/**
 * A pino JSON logger stamped with service, instance and the active trace/span ids, with
 * secrets redacted.
 *
 * @example
 * const log = createLogger({ service: 'signer', instance: 'signer-1', level: 'info' });
 * log.info({ subject }, 'request handled');
 */
export function createLogger(options: LoggerOptions, destination?: DestinationStream): Logger {
  const config = {
    level: options.level,
    base: { service: options.service, instance: options.instance },
    messageKey: 'msg',
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
    mixin: traceFields,
  };
  return destination ? pino(config, destination) : pino(config);
}
