// One implementation with the stack and bench (scripts/stack/processes.mjs).
export { freePort } from './stack-scripts';
