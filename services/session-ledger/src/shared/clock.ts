/** Wall-clock seconds, injected so use cases can be tested at a fixed instant. */
export type Clock = () => number;

export const CLOCK = Symbol('session-ledger.clock');

export const systemClock: Clock = () => Math.floor(Date.now() / 1000);
