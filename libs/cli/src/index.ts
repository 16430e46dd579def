export { runCli } from './program';
export { AdminClient, AdminApiError, adminTargetOf } from './admin-client';
export type { AdminTarget } from './admin-client';
export { checkServiceConfig, parseEnvFile, PROFILES } from './commands/config-check';
export type { ProfileCheck, Profile } from './commands/config-check';
export { rotateTokenSecrets, fingerprintOf, CURRENT_FILE, PREVIOUS_FILE } from './commands/secrets-rotate';
export type { Output } from './output';
