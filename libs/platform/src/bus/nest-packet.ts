import { z } from 'zod';

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

export const nestReplyPacketSchema = z.object({
  id: z.string().nullish(),
  response: z.unknown().optional(),
  err: z.unknown().optional(),
  isDisposed: z.boolean().optional(),
});

export type NestReplyPacket = z.infer<typeof nestReplyPacketSchema>;
