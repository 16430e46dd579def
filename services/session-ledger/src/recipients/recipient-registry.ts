import type { RegisteredRecipient } from '@quietpay/contracts';
import { type RedisClient } from '@quietpay/platform';
import { isBase58Address } from '@quietpay/x402';
import { ledgerError } from '../shared/ledger.errors';

/** What an admin registration stores (the address is the hash field). */
interface StoredEntry {
  readonly note: string;
  readonly registeredAt: string;
}

const MAX_NOTE_LENGTH = 200;

/** A recipient wallet in canonical base58 (32 bytes), or `invalid_recipient`. */
export function canonicalRecipient(value: string): string {
  if (isBase58Address(value)) return value;
  throw ledgerError('invalid_recipient', 'recipient is not a base58 public key');
}

const unregistered = (recipient: string): RegisteredRecipient => ({ recipient, registered: false, source: '', registeredAt: '', note: '' });

/**
 * The recipients whose token account the facilitator may create at its own expense (issue 9: no
 * free SOL for strangers). Two sources: operator config (`REGISTERED_RECIPIENTS`, read at start-up,
 * changed only by a config change) and admin registrations stored in one Redis hash under the
 * ledger's prefix (shared by every ledger replica, so a registration counts everywhere at once).
 * It is not a per-session key and has no TTL: it holds operator decisions, bounded by operators.
 */
export class RecipientRegistry {
  private readonly key: string;

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
    private readonly configured: ReadonlySet<string>,
    private readonly facilitator: string,
  ) {
    this.key = `${prefix}recipients`;
  }

  async lookup(recipient: string): Promise<RegisteredRecipient> {
    const address = canonicalRecipient(recipient);
    if (this.configured.has(address)) return { recipient: address, registered: true, source: 'config', registeredAt: '', note: '' };
    const raw = await this.redis.hget(this.key, address);
    return raw === null ? unregistered(address) : fromStored(address, raw);
  }

  async isRegistered(recipient: string): Promise<boolean> {
    return (await this.lookup(recipient)).registered;
  }

  /** Idempotent: registering again keeps the first registration's time and note. */
  async register(recipient: string, note: string, now: Date): Promise<RegisteredRecipient> {
    const address = canonicalRecipient(recipient);
    if (address === this.facilitator) throw ledgerError('invalid_recipient', 'the facilitator cannot be a recipient');
    if (note.length > MAX_NOTE_LENGTH) throw ledgerError('invalid_request', `note is longer than ${MAX_NOTE_LENGTH} characters`);
    if (this.configured.has(address)) return this.lookup(address);
    const entry: StoredEntry = { note, registeredAt: now.toISOString() };
    await this.redis.hsetnx(this.key, address, JSON.stringify(entry));
    return this.lookup(address);
  }

  /** Idempotent for admin entries; a config entry is refused (only a config change removes it). */
  async remove(recipient: string): Promise<RegisteredRecipient> {
    const address = canonicalRecipient(recipient);
    if (this.configured.has(address)) {
      throw ledgerError('recipient_in_config', 'this recipient is registered in REGISTERED_RECIPIENTS; remove it there');
    }
    await this.redis.hdel(this.key, address);
    return unregistered(address);
  }

  async list(): Promise<RegisteredRecipient[]> {
    const fromConfig = [...this.configured].sort().map((recipient) => ({ recipient, registered: true, source: 'config', registeredAt: '', note: '' }));
    const stored = await this.redis.hgetall(this.key);
    const fromAdmin = Object.keys(stored)
      .filter((address) => !this.configured.has(address))
      .sort()
      .map((address) => fromStored(address, stored[address] ?? '{}'));
    return [...fromConfig, ...fromAdmin];
  }
}

function fromStored(recipient: string, raw: string): RegisteredRecipient {
  const entry = JSON.parse(raw) as Partial<StoredEntry>;
  return { recipient, registered: true, source: 'admin', registeredAt: entry.registeredAt ?? '', note: entry.note ?? '' };
}
