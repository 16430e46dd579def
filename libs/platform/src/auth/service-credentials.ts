import { CommonConfig } from '../config/common-config.schema';
import { Secret } from '../config/secret';
import { QuietpayError } from '../errors/quietpay-error';

/** A user and its password, read from a secret file; the password never reaches a log. */
export interface Credentials {
  readonly user: string;
  readonly password: Secret;
}

function pair(userVar: string, user: string | undefined, passwordVar: string, password: Secret | undefined): Credentials | undefined {
  if (user === undefined && password === undefined) return undefined;
  if (user === undefined || password === undefined) {
    const missing = user === undefined ? userVar : passwordVar;
    throw new QuietpayError('config_invalid', `invalid configuration: ${missing}: missing (${userVar} and ${passwordVar} go together)`, {
      context: { variables: missing },
    });
  }
  return { user, password };
}

/** The service's NATS credentials (NATS_USER + NATS_PASSWORD_FILE), or none for an open bus. */
export function natsCredentials(config: CommonConfig): Credentials | undefined {
  return pair('NATS_USER', config.NATS_USER, 'NATS_PASSWORD_FILE', config.NATS_PASSWORD_FILE);
}

/** The service's Redis ACL user (REDIS_USERNAME + REDIS_PASSWORD_FILE), or none. */
export function redisCredentials(config: CommonConfig): Credentials | undefined {
  return pair('REDIS_USERNAME', config.REDIS_USERNAME, 'REDIS_PASSWORD_FILE', config.REDIS_PASSWORD_FILE);
}

/** A secret file's content as a password: one line, surrounding whitespace dropped. */
export function passwordOf(secret: Secret): string {
  return secret.reveal().toString('utf8').trim();
}
