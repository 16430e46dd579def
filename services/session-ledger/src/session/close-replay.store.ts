import { SESSION_CLOSE_WINDOW_SECONDS } from '@quietpay/x402';
import type { RedisClient } from '@quietpay/platform';

// A signature is fresh for the window either side of its timestamp; remember it a little longer.
const REMEMBER_SECONDS = 2 * SESSION_CLOSE_WINDOW_SECONDS + 60;

/** One use per close signature (SET NX), shared by every ledger replica through Redis. */
export class CloseReplayStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  /** True the first time this signature is seen for this session within the window. */
  async claim(sessionId: string, signature: string, nowUnix: number): Promise<boolean> {
    // `{sessionId}` hash tag: the same cluster slot as the session's other keys.
    const key = `${this.prefix}s:{${sessionId}}:close:${signature}`;
    return (await this.redis.set(key, String(nowUnix), 'EX', REMEMBER_SECONDS, 'NX')) === 'OK';
  }
}
