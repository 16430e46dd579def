/** Injection tokens for what PlatformModule provides (classes are their own tokens). */
export const SERVICE_CONFIG = Symbol('quietpay.serviceConfig');
export const SERVICE_IDENTITY = Symbol('quietpay.serviceIdentity');
export const LOGGER = Symbol('quietpay.logger');
export const NATS_CONNECTION = Symbol('quietpay.natsConnection');
export const REDIS = Symbol('quietpay.redis');
