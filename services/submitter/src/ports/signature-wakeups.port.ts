/**
 * Early wake-ups for a confirmation wait: the chain's push notification that a signature reached
 * `confirmed` (adapter: chain/signature-notifications.adapter.ts over `signatureSubscribe`). Only a
 * hint that now is a good time to look: the confirmer's status poll stays the source of truth, so a
 * lost, late or duplicated notification costs latency, never a wrong verdict.
 */
export interface SignatureWakeups {
  /** Starts listening for the signature; call before the first status read so no landing is missed. */
  watch(signature: string): SignatureWatch;
}

export interface SignatureWatch {
  /** True while the chain has acknowledged the subscription (a notification can arrive). */
  readonly live: boolean;
  /**
   * Resolves after `ms`, or earlier when the chain reported the signature since the last sleep (at
   * once if it already has). Each notification ends one sleep only: a poll that still finds the
   * signature not confirmed (a lagging RPC node) waits the full interval next, never spins.
   */
  sleep(ms: number): Promise<void>;
  /** Stops listening (unsubscribes); idempotent. */
  close(): void;
}

/** No notifications: every wait is the full poll interval (seed-style polling, or no PubSub endpoint). */
export const NO_WAKEUPS: SignatureWakeups = {
  watch: () => ({
    live: false,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    close: () => undefined,
  }),
};

export const SIGNATURE_WAKEUPS = Symbol('SignatureWakeups');
