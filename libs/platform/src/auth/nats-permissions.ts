import { busRoleOf, type EventSubject, Events, type ServiceName, ServiceCommands } from '@quietpay/contracts';

/** One NATS user's permissions, in nats-server's config shape. */
export interface NatsPermissions {
  readonly publish: { readonly allow: readonly string[] };
  readonly subscribe: { readonly allow: readonly string[] };
  /** Lets a responder publish its one reply to the reply subject of a request it received. */
  readonly allow_responses: boolean;
}

/**
 * The inbox prefix of a NATS user. Each user's replies arrive under its own prefix and it may
 * subscribe only there, so no service can read the replies another one asked for (the signer's
 * signed transactions to the submitter, say).
 */
export function inboxPrefixOf(user: string): string {
  return `_INBOX_${user}`;
}

function streamsOf(subjects: readonly EventSubject[]): string[] {
  return [...new Set(subjects.map((s) => Events[s].stream))].sort();
}

// JetStream's API is plain subjects: a publisher ensures its stream exists (libs/platform
// ensureStream: INFO, then CREATE or UPDATE), a consumer also manages and pulls from its durable.
function jetStreamApi(publishes: readonly EventSubject[], consumes: readonly EventSubject[]): string[] {
  const streams = streamsOf([...publishes, ...consumes]);
  if (streams.length === 0) return [];
  const manage = streams.flatMap((st) => [`$JS.API.STREAM.INFO.${st}`, `$JS.API.STREAM.CREATE.${st}`, `$JS.API.STREAM.UPDATE.${st}`]);
  const consume = streamsOf(consumes).flatMap((st) => [
    `$JS.API.CONSUMER.INFO.${st}.*`,
    `$JS.API.CONSUMER.CREATE.${st}.>`,
    `$JS.API.CONSUMER.DURABLE.CREATE.${st}.*`,
    `$JS.API.CONSUMER.MSG.NEXT.${st}.*`,
    `$JS.ACK.${st}.>`,
  ]);
  return ['$JS.API.INFO', ...manage, ...consume];
}

/**
 * What one service's NATS user may do, derived from BUS_ROLES (libs/contracts) and the subjects
 * it serves: publish the commands it requests, the events it emits and the JetStream API for
 * their streams; subscribe to the commands it serves and its own inbox; answer requests.
 *
 * @example
 * natsPermissionsFor('gateway').publish.allow.includes('quietpay.signer.sign.v1'); // false
 */
export function natsPermissionsFor(service: ServiceName): NatsPermissions {
  const role = busRoleOf(service);
  return {
    publish: { allow: [...role.requests, ...role.publishes, ...jetStreamApi(role.publishes, role.consumes)] },
    subscribe: { allow: [...ServiceCommands[service], `${inboxPrefixOf(service)}.>`] },
    allow_responses: true,
  };
}
