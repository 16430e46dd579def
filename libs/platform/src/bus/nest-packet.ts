/**
 * Nest's NATS transport frames every message as a packet: requests `{pattern, data, id}`
 * (a packet without `id` is treated as a fire-and-forget event), replies
 * `{id, response, err, isDisposed}`. BusClient speaks this framing so its requests reach
 * `@MessagePattern` handlers; the payload inside is the contract's JSON.
 */
export interface NestRequestPacket {
  readonly pattern: string;
  readonly data: unknown;
  readonly id: string;
}

/** Nest's reply framing, as read by BusClient. */
export interface NestReplyPacket {
  readonly id?: string | null;
  readonly response?: unknown;
  readonly err?: unknown;
  readonly isDisposed?: boolean;
}

/**
 * The reply packet in a decoded reply, or undefined when it is not one: an object whose `id` is a
 * string, null or absent and whose `isDisposed` is a boolean or absent. A plain check instead of a
 * zod schema because it runs on every reply every service receives.
 *
 * @example
 * nestReplyOf({ id: 'x', response: { ok: {} }, isDisposed: true }); // the packet
 * nestReplyOf([1]); // undefined
 */
export function nestReplyOf(raw: unknown): NestReplyPacket | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const { id, response, err, isDisposed } = raw as Record<string, unknown>;
  if (id !== undefined && id !== null && typeof id !== 'string') return undefined;
  if (isDisposed !== undefined && typeof isDisposed !== 'boolean') return undefined;
  return { id, response, err, isDisposed };
}
