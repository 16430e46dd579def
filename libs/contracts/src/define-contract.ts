import type { DescMessage } from '@bufbuild/protobuf';
import type { CommandContract, EventContract } from './contract';
import { messageCodec } from './message-codec';
import type { PlainOf } from './plain';

/** A command whose subject is a string literal type, so maps keyed by subject stay precise. */
export type TypedCommand<S extends string, Req, Res> = CommandContract<Req, Res> & { readonly subject: S };

/** An event whose subject and stream are string literal types. */
export type TypedEvent<S extends string, St extends string, E> = EventContract<E> & {
  readonly subject: S;
  readonly stream: St;
};

/**
 * Builds a command contract from generated schemas (used by src/gen/registry.ts).
 *
 * @example
 * ```ts
 * const SessionGetV1 = defineCommand('quietpay.session.get.v1', GetSessionRequestSchema, GetSessionReplySchema);
 * ```
 */
export function defineCommand<S extends string, Req extends DescMessage, Res extends DescMessage>(
  subject: S,
  request: Req,
  reply: Res,
): TypedCommand<S, PlainOf<Req>, PlainOf<Res>> {
  return Object.freeze({ kind: 'command', subject, request: messageCodec(request), reply: messageCodec(reply) });
}

/**
 * Builds an event contract from a generated schema (used by src/gen/registry.ts).
 *
 * @example
 * ```ts
 * const SessionOpenedV1 = defineEvent('quietpay.session.opened.v1', 'SESSIONS', SessionOpenedSchema);
 * ```
 */
export function defineEvent<S extends string, St extends string, E extends DescMessage>(subject: S, stream: St, payload: E): TypedEvent<S, St, PlainOf<E>> {
  return Object.freeze({ kind: 'event', subject, stream, payload: messageCodec(payload) });
}
