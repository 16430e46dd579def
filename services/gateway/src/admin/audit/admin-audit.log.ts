import { Inject, Injectable } from '@nestjs/common';
import { REDIS, SERVICE_CONFIG, type RedisClient } from '@quietpay/platform';
import type { GatewayConfig } from '../../config.schema';

export type AuditOutcome = 'requested' | 'ok' | 'refused' | 'failed';

export interface AuditRecord {
  readonly keyId: string;
  readonly action: string;
  readonly target: string;
  readonly outcome: AuditOutcome;
  readonly detail: string;
}

export interface AuditEntry extends AuditRecord {
  readonly id: string;
  readonly at: string;
}

const DETAIL_CHARS = 500;

/**
 * The admin audit log: a Redis stream (ADMIN_AUDIT_KEY), one entry per step of an action, shared
 * by every gateway replica and as durable as the gateway's Redis. The entry id is Redis' own
 * `<ms>-<seq>`, so entries are ordered by when Redis stored them, across replicas.
 */
@Injectable()
export class AdminAuditLog {
  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(SERVICE_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async append(record: AuditRecord): Promise<string> {
    const fields = [
      'keyId',
      record.keyId,
      'action',
      record.action,
      'target',
      record.target,
      'outcome',
      record.outcome,
      'detail',
      record.detail.slice(0, DETAIL_CHARS),
    ];
    const id = await this.redis.xadd(this.config.ADMIN_AUDIT_KEY, 'MAXLEN', '~', String(this.config.ADMIN_AUDIT_MAX_ENTRIES), '*', ...fields);
    if (id === null) throw new Error('XADD returned no id');
    return id;
  }

  /** Newest first; `before` (an entry id) answers only older entries. */
  async list(limit: number, before?: string): Promise<AuditEntry[]> {
    const end = before === undefined ? '+' : `(${before}`;
    const rows = await this.redis.xrevrange(this.config.ADMIN_AUDIT_KEY, end, '-', 'COUNT', limit);
    return rows.map(([id, flat]) => toEntry(id, flat));
  }
}

function toEntry(id: string, flat: string[]): AuditEntry {
  const f = new Map<string, string>();
  for (let i = 0; i + 1 < flat.length; i += 2) f.set(flat[i] ?? '', flat[i + 1] ?? '');
  const ms = Number(id.split('-')[0]);
  return {
    id,
    at: new Date(ms).toISOString(),
    keyId: f.get('keyId') ?? '',
    action: f.get('action') ?? '',
    target: f.get('target') ?? '',
    outcome: (f.get('outcome') ?? 'failed') as AuditOutcome,
    detail: f.get('detail') ?? '',
  };
}
