/**
 * The shape of a NATS contract. Generated code (src/gen/) instantiates these for every
 * command and event in proto/; libs/platform's bus accepts only these, so a payload that does
 * not match its subject does not compile, and `decode` re-checks it at run time.
 */

/** Converts between a typed message and its JSON wire form; `decode` throws ContractViolation. */
export interface Codec<T> {
  /** Fully qualified message name, e.g. `quietpay.session.v1.GetSessionRequest`. */
  readonly typeName: string;
  decode(json: unknown): T;
  encode(value: T): unknown;
}

/** A request/reply command on NATS. */
export interface CommandContract<Req, Res> {
  readonly kind: 'command';
  /** Versioned, frozen subject, e.g. `quietpay.session.get.v1`. */
  readonly subject: string;
  readonly request: Codec<Req>;
  readonly reply: Codec<Res>;
}

/** A durable event published on JetStream. */
export interface EventContract<E> {
  readonly kind: 'event';
  readonly subject: string;
  /** JetStream stream that captures the subject. */
  readonly stream: string;
  readonly payload: Codec<E>;
}

export type RequestOf<C> = C extends CommandContract<infer Req, unknown> ? Req : never;
export type ReplyOf<C> = C extends CommandContract<unknown, infer Res> ? Res : never;
export type PayloadOf<C> = C extends EventContract<infer E> ? E : never;

/** An inbound message that does not match its contract. */
export class ContractViolation extends Error {
  constructor(
    readonly typeName: string,
    readonly detail: string,
  ) {
    super(`${typeName}: ${detail}`);
    this.name = 'ContractViolation';
  }
}
