// The public API of @quietpay/platform: what a service needs to boot, talk and shut down.
export { commonConfigSchema } from './config/common-config.schema';
export type { CommonConfig, CommonConfigDefaults } from './config/common-config.schema';
export { loadConfig, describeConfigIssues } from './config/load-config';
export type { Env } from './config/load-config';
export { secretFile } from './config/secret-file.schema';
export { commaList, positiveInt } from './config/config-values.schema';
export { magicBlockConfigShape } from './config/magicblock.config';
export type { MagicBlockDefaults } from './config/magicblock.config';
export { Secret } from './config/secret';

export { QuietpayError } from './errors/quietpay-error';
export type { ErrorContext, QuietpayErrorOptions } from './errors/quietpay-error';
export { PLATFORM_ERROR_CLASSES, PLATFORM_ERROR_CODES, TRANSPORT_ERROR_CODES, isTransportErrorCode, retryClassOf } from './errors/error-code';
export { serviceErrors } from './errors/service-errors';
export { isSettlementFailureReason, settlementFailureReasonOf } from './errors/settlement-failure-reason';
export type { SettlementFailureReason } from './errors/settlement-failure-reason';
export type { ServiceErrorFactory } from './errors/service-errors';
export type { ErrorCode, PlatformErrorCode, TransportErrorCode } from './errors/error-code';
export { toWireError, fromWireError, wireErrorSchema } from './errors/wire-error';
export type { WireError } from './errors/wire-error';
export { toQuietpayError } from './errors/to-quietpay-error';
export { isDependencyUnavailable } from './errors/dependency-failure';

export { createLogger } from './logging/create-logger';
export type { LoggerOptions } from './logging/create-logger';
export { NestLoggerAdapter } from './logging/nest-logger.adapter';
export { REDACT_PATHS } from './logging/redact-paths';

export { startTracing, stopTracing } from './tracing/start-tracing';
export { injectTraceCarrier, extractTraceCarrier, traceHeaders, contextFromHeaders } from './tracing/trace-carrier';
export type { TraceCarrier } from './tracing/trace-carrier';

export { BusClient } from './bus/bus-client';
export type { RequestOptions } from './bus/bus-client';
export { BusHandler } from './bus/bus-handler.decorator';
export { errorReplyJson, errorFromReplyJson } from './bus/command-reply';
export { unwrapReply } from './bus/unwrap-reply';
export { signedOrRefused } from './bus/signer-outcome';
export type { SignerOutcome } from './bus/signer-outcome';
export { EventBus } from './bus/event-bus';
export { ensureStream, limitExistingStream } from './bus/ensure-stream';
export { DEFAULT_STREAM_LIMITS, streamLimitsOf, type StreamLimits } from './bus/stream-limits';
export { publishEvent } from './bus/event-publisher';
export type { PublishResult } from './bus/event-publisher';
export { natsConnectionOptions } from './bus/nats-connection-options';
export { QuietpayNatsServer } from './bus/quietpay-nats.server';

export {
  createRedis,
  redisOptions,
  redisAuthOptions,
  queueConnectionOptions,
  queueClusterConnection,
  parseClusterNodes,
  type RedisClient,
} from './redis/create-redis';
export { natsCredentials, redisCredentials, passwordOf } from './auth/service-credentials';
export type { Credentials } from './auth/service-credentials';
export { natsPermissionsFor, inboxPrefixOf } from './auth/nats-permissions';
export type { NatsPermissions } from './auth/nats-permissions';
export { natsUsers, renderNatsAuthorization, NATS_ADMIN_USER, NATS_OPERATOR_USER, NATS_SERVICE_USERS } from './auth/nats-server-config';
export type { NatsUserEntry } from './auth/nats-server-config';
export { redisAclRules, renderRedisAclFile, REDIS_HEALTH_USER } from './auth/redis-acl';
export type { RedisAclUser } from './auth/redis-acl';
export { LuaScript } from './redis/lua-script';
export { FIXED_WINDOW_LIMIT_SCRIPT } from './redis/fixed-window-limit.lua';
export type { TracedJobData } from './tracing/trace-carrier';

export { ReadinessService } from './health/readiness.service';
export type { Readiness, CheckResult, ReadinessProbe } from './health/readiness.service';
export { MetricsHttpController } from './health/metrics-http.controller';

export { SERVICE_NAMES, describeContract, healthContract } from './ops/ops-contracts';
export type { ServiceIdentity } from './ops/service-identity';

export { PlatformModule } from './bootstrap/platform.module';
export { bootstrapService } from './bootstrap/bootstrap-service';
export type { ServiceDefinition } from './bootstrap/bootstrap-service';
export { SERVICE_CONFIG, SERVICE_IDENTITY, LOGGER, NATS_CONNECTION, REDIS } from './platform.tokens';

export { setPaymentAttributes, paymentAttributesOf } from './tracing/payment-attributes';
export type { PaymentAttributes } from './tracing/payment-attributes';
export { metricsRegistry } from './metrics/metrics.registry';
export { busHandlerDuration, busRequestDuration } from './metrics/bus.metrics';
export { httpRequestsTotal, httpRequestDuration } from './metrics/http.metrics';
export { settlementsTotal, settlementStepDuration, registerSettlementQueueDepth } from './metrics/settlement.metrics';
export { pollerLagSlots, pollerLastSuccess, pollerStepDuration, crankHealthy } from './metrics/chain.metrics';

export { BoundedCache } from './cache/bounded-cache';
export { NativeEd25519, NativeEd25519SigningKey, nativeEd25519 } from './crypto/native-ed25519';
export { encodeChargeAuthorization, decodeChargeAuthorization } from './authority/charge-authorization.codec';
export type { ChargeAuthorizationTerms } from './authority/charge-authorization.codec';
export { encodeAccountCreation, decodeAccountCreation } from './authority/account-creation-authorization.codec';
export type { AccountCreationTerms } from './authority/account-creation-authorization.codec';
export { LedgerAuthorityKey, ledgerAuthorityVerifier, ledgerAccountCreationVerifier, isKeypairFile } from './authority/ledger-authority.key';
export type { SignedChargeAuthorization, AuthorizationCheck, AccountCreationCheck, SignedDocumentCheck } from './authority/ledger-authority.key';
