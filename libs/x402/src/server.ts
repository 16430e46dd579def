// @quietpay/x402/server: the parts of the x402 lib that only servers use. They need Node built-ins
// (node:net's BlockList for trusted-proxy ranges), so they stay out of the main entry, which the
// browser SDK bundles: a bundler resolves every import of a module it reaches, even one it then drops.
export { clientIp, UNKNOWN_CLIENT_IP } from './http/client-ip';
export { isTrusted, normalizeIp, parseTrustedProxies } from './http/trusted-proxies';
export type { TrustedProxies } from './http/trusted-proxies';
