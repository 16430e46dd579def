import { createHash } from 'node:crypto';
import type { RedisClient } from '../redis/create-redis';

/**
 * A Lua script run by its SHA1 (EVALSHA): the body crosses the wire and is hashed by Redis only
 * when the server does not know it yet (after a restart or SCRIPT FLUSH), not on every call.
 *
 * @example
 * const charge = new LuaScript(CHARGE_SCRIPT);
 * const reply = await charge.run(redis, [sessionKey, nonceKey], ['reserve', '1000']);
 */
export class LuaScript {
  readonly sha: string;

  constructor(readonly lua: string) {
    this.sha = createHash('sha1').update(lua).digest('hex');
  }

  async run(redis: RedisClient, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      // EVAL runs the script and caches it under the same SHA, so the next call is EVALSHA again.
      if (error instanceof Error && error.message.startsWith('NOSCRIPT')) return redis.eval(this.lua, keys.length, ...keys, ...args);
      throw error;
    }
  }
}
