import { Injectable } from '@nestjs/common';
import { toAdminApiError } from '../http/admin-error.handler';
import { AdminAuditLog } from './admin-audit.log';

export interface ActionResult<T> {
  readonly action: string;
  readonly auditId: string;
  readonly result: T;
}

export interface ActionRequest<T> {
  readonly keyId: string;
  readonly action: string;
  /** What it acts on (a session id, an address); `-` when nothing in particular. */
  readonly target: string;
  readonly run: () => Promise<T>;
  /** A short, secret-free summary of the result for the audit entry. */
  readonly summarize: (result: T) => string;
}

/**
 * Runs an admin action between two audit entries: `requested` BEFORE it runs (an action whose
 * request cannot be recorded is not run, so nothing happens unaudited), then `ok`, `refused`
 * (a 4xx: bad input or state) or `failed` with the error code.
 */
@Injectable()
export class AuditedAction {
  constructor(private readonly audit: AdminAuditLog) {}

  async run<T>(request: ActionRequest<T>): Promise<ActionResult<T>> {
    const { keyId, action, target } = request;
    await this.audit.append({ keyId, action, target, outcome: 'requested', detail: '' });
    let result: T;
    try {
      result = await request.run();
    } catch (error) {
      const api = toAdminApiError(error);
      await this.audit.append({ keyId, action, target, outcome: api.status < 500 ? 'refused' : 'failed', detail: api.code });
      throw error;
    }
    const auditId = await this.audit.append({ keyId, action, target, outcome: 'ok', detail: request.summarize(result) });
    return { action, auditId, result };
  }
}
