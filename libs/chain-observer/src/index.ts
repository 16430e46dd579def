export * from './visible-transaction';
export * from './amount-exposure';
export * from './amount-time.linker';
export * from './private-queue.observer';
export * from './inco-ciphertext';
