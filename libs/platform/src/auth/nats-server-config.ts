import { ADMIN_API_COMMANDS, type ServiceName, ServiceCommands } from '@quietpay/contracts';
import { inboxPrefixOf, type NatsPermissions, natsPermissionsFor } from './nats-permissions';

/** The NATS user for operators' tools and test harnesses: every subject, never given to a service. */
export const NATS_OPERATOR_USER = 'operator';

/**
 * The NATS user of the gateway's admin API (ADMIN_NATS_USER): only ADMIN_API_COMMANDS and its inbox,
 * so enabling the admin API never widens the gateway's own service user.
 */
export const NATS_ADMIN_USER = 'admin';

const ADMIN_PERMISSIONS: NatsPermissions = {
  publish: { allow: [...ADMIN_API_COMMANDS] },
  subscribe: { allow: [`${inboxPrefixOf(NATS_ADMIN_USER)}.>`] },
  allow_responses: false,
};

/** Every service's NATS user name (its service name). */
export const NATS_SERVICE_USERS = Object.keys(ServiceCommands) as readonly ServiceName[];

export interface NatsUserEntry {
  readonly user: string;
  readonly password: string;
  readonly permissions?: NatsPermissions;
}

/**
 * The users of a nats-server `authorization` block: one per service with its permissions from
 * BUS_ROLES, the admin API's user (ADMIN_API_COMMANDS) and the operator (all subjects). `passwordOf` supplies each password (from a
 * secret file or a freshly generated one); a user without a password is left out.
 */
export function natsUsers(passwordOf: (user: string) => string | undefined): NatsUserEntry[] {
  const users: NatsUserEntry[] = [];
  for (const service of NATS_SERVICE_USERS) {
    const password = passwordOf(service);
    if (password !== undefined) users.push({ user: service, password, permissions: natsPermissionsFor(service) });
  }
  const admin = passwordOf(NATS_ADMIN_USER);
  if (admin !== undefined) users.push({ user: NATS_ADMIN_USER, password: admin, permissions: ADMIN_PERMISSIONS });
  const operator = passwordOf(NATS_OPERATOR_USER);
  if (operator !== undefined) users.push({ user: NATS_OPERATOR_USER, password: operator });
  return users;
}

/**
 * nats-server configuration text: `authorization { users = [...] }` (JSON is valid nats-server
 * config syntax; strings are quoted, so a password never turns into a `$variable`). It holds
 * passwords: write it with mode 0600 and never log it.
 *
 * @example
 * writeFileSync(path, renderNatsAuthorization(natsUsers((u) => readPassword(u))), { mode: 0o600 });
 */
export function renderNatsAuthorization(users: readonly NatsUserEntry[]): string {
  const header = '# Generated from libs/contracts BUS_ROLES by libs/platform renderNatsAuthorization. Do not edit.\n';
  return `${header}authorization: ${JSON.stringify({ users }, null, 2)}\n`;
}
