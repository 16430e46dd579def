// The public surface of @quietpay/x402: x402 wire types, header codecs, networks, reason codes and
// the quietpay session scheme's signed messages.
export * from './networks/solana-networks.constants';
export * from './networks/network-resolver';
export * from './errors/x402-error-codes';
export { InvalidOptionError, QuietpayError } from './errors/quietpay.error';
export type { QuietpayErrorDetails } from './errors/quietpay.error';
export { requireAddress, requireHttpUrl } from './errors/option-checks';
export * from './wire/primitives.schema';
// One definition per shared wire rule: payment id, base58 address, base-unit amounts.
export * from './wire/wire-predicates';
export * from './wire/wire-rules';
export { PaymentRequiredMini, SettleResponseMini, SupportedResponseMini, issuesText } from './wire/client-wire.mini';
export * from './wire/payment-requirements.schema';
export * from './wire/payment-required.schema';
export * from './wire/payment-payload.schema';
export * from './wire/facilitator-responses.schema';
export * from './wire/facilitator-requests.schema';
export * from './wire/v1.schema';
export { base64ToBytes, bytesToBase64 } from './headers/base64.codec';
export { decodeBase64Json, encodeBase64Json } from './headers/base64-json.codec';
export * from './headers/header-names.constants';
export * from './headers/header-codec.error';
export * from './headers/x402-header.codec';
export * from './session/session-payment.schema';
export * from './session/session-payment.signer';
export * from './session/session-auth.text';
export * from './session/session-auth.message';
export * from './session/legacy-session-auth.message';
export * from './session/session-close.signing';
export * from './session/session-close.message';
export { PX402_CURRENCY, PX402_HEADERS, PX402_NETWORK, PX402_PARTS_SUMMED } from './px402/px402-headers';
export { ed25519Sign, ed25519Verify, ed25519PublicKey, ed25519KeyPair } from './session/ed25519.util';
export type { Ed25519Verifier } from './session/ed25519.util';
// The client address behind trusted proxies (px402's per-IP limits, the gateway's rate limits) is
// in '@quietpay/x402/server': it needs node:net, and this entry is bundled into the browser SDK.
