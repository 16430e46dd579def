export { startLocalnet, DEFAULT_STATE_DIR } from './compose/start-localnet';
export type { StartLocalnetOptions, RunningLocalnet, WalletInfo } from './compose/start-localnet';
export { LocalChainCore } from './chain/local-chain';
export type { LocalChainOptions, CommitmentLevel } from './chain/local-chain';
export { buildNoopElf } from './svm/noop-elf.builder';
export * from './emulation/types';
export { deriveLocalnetKeys, seededBytes, seededKeypair } from './compose/seeded-keys';
export type { SeededLocalnetKeys } from './compose/seeded-keys';
export { readCliOptions } from './cli-options';
