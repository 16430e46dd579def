import type { DescMessage, Message, MessageShape } from '@bufbuild/protobuf';

/**
 * A protobuf-es message type without its `$typeName`/`$unknown` bookkeeping, recursively:
 * the plain object services build and receive. Nested messages, oneof `{case, value}` pairs,
 * lists and maps keep their shape; 64-bit fields are decimal strings (jstype = JS_STRING).
 *
 * @example
 * ```ts
 * const req: Plain<GetSessionRequestMessage> = { sessionId: 's_1' };
 * ```
 */
export type Plain<T> = T extends Uint8Array
  ? T
  : T extends readonly (infer U)[]
    ? Plain<U>[]
    : T extends Message
      ? { [K in keyof T as K extends '$typeName' | '$unknown' ? never : K]: Plain<T[K]> }
      : T extends object
        ? { [K in keyof T]: Plain<T[K]> }
        : T;

/**
 * The plain object type of a generated schema.
 *
 * @example
 * ```ts
 * type GetSessionRequest = PlainOf<typeof GetSessionRequestSchema>; // { sessionId: string }
 * ```
 */
export type PlainOf<D extends DescMessage> = Plain<MessageShape<D>>;
