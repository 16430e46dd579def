// One implementation with the stack and bench (scripts/stack/processes.mjs).
export { freePort } from '../../scripts/stack/processes.mjs';
