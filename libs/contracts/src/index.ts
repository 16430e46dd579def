export * from './contract';
export * from './plain';
export * from './define-contract';
export * from './message-codec';
export * from './reply';
export * from './gen/registry';
export * from './bus-roles';
export * from './errors';
export type * from './admin-metrics';
