// The public surface of @quietpay/solana: IncoToken and MagicBlock encoders, layouts, PDAs, Inco
// encryption and attestation, and settlement log parsing. Program ids always come from configuration.
export * from './config/program-ids.defaults';
export * from './config/program-ids.config';
export * from './codec/little-endian.codec';
export * from './codec/account-reader.codec';
export * from './inco/anchor-discriminator.util';
export * from './inco/inco.pdas';
export * from './inco/inco-token.instructions';
export * from './inco/inco-account.decoder';
export * from './inco/inco-mint.decoder';
export * from './inco/inco-token.errors';
export * from './inco/tee-encryption';
export * from './inco/attested-decrypt.request';
export * from './inco/attestation.verifier';
export * from './magicblock/magicblock.pdas';
export * from './magicblock/settlement-instruction.decoder';
export * from './magicblock/transaction-view.normalizer';
export * from './magicblock/program-log-frames.parser';
export * from './magicblock/private-settlement.parser';
export * from './inco/idl/inco-token.idl';
export * from './inco/idl/inco-lightning.idl';
export * from './inco/idl/inco.coder';
