/**
 * Log paths whose values are replaced by `[redacted]`. pino's `*` matches one level, so the
 * common nestings are listed explicitly; Secret values additionally serialise as `[redacted]`.
 */
const SECRET_KEYS = ['secret', 'privateKey', 'secretKey', 'keypair', 'password', 'apiKey', 'hmacSecret'];
const HEADER_KEYS = ['authorization', 'cookie', 'x-api-key', 'payment-signature'];

export const REDACT_PATHS: readonly string[] = [
  ...SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
  ...HEADER_KEYS.flatMap((key) => [`headers["${key}"]`, `*.headers["${key}"]`, `*.*.headers["${key}"]`]),
];
