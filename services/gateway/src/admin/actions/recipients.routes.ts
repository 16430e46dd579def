import { Injectable } from '@nestjs/common';
import type { RegisteredRecipient } from '@quietpay/contracts';
import { Base58AddressSchema } from '@quietpay/x402';
import type { Router } from 'express';
import { z } from 'zod';
import { AuditedAction } from '../audit/audited-action';
import { adminKeyIdOf, bodyOf, paramsOf } from '../http/admin-request';
import type { AdminRoutes } from '../http/admin-routes.port';
import { RecipientsAdminClient } from '../ports/recipients-admin.client';

const RegisterBody = z.strictObject({ address: Base58AddressSchema, note: z.string().max(200).optional() });
const AddressParams = z.object({ address: Base58AddressSchema });

/** A registry entry as the admin API shows it (docs/admin-api.yaml Recipient). */
function toRecipient(r: RegisteredRecipient) {
  return { address: r.recipient, registered: r.registered, source: r.source, registeredAt: r.registeredAt, note: r.note };
}

/** The recipient registry (session-ledger owns it): list, register, remove. Changes audited. */
@Injectable()
export class RecipientAdminRoutes implements AdminRoutes {
  constructor(
    private readonly recipients: RecipientsAdminClient,
    private readonly actions: AuditedAction,
  ) {}

  mount(router: Router): void {
    router.get('/recipients', async (_req, res) => {
      res.json({ items: (await this.recipients.list()).recipients.map(toRecipient) });
    });
    router.post('/recipients', async (req, res) => {
      const { address, note = '' } = bodyOf(RegisterBody, req);
      const done = await this.actions.run({
        keyId: adminKeyIdOf(res),
        action: 'recipient.register',
        target: address,
        run: async () => toRecipient(await this.recipients.register(address, note)),
        summarize: (r) => `registered=${r.registered} source=${r.source}`,
      });
      res.json(done);
    });
    router.delete('/recipients/:address', async (req, res) => {
      const { address } = paramsOf(AddressParams, req);
      const done = await this.actions.run({
        keyId: adminKeyIdOf(res),
        action: 'recipient.remove',
        target: address,
        run: async () => toRecipient(await this.recipients.remove(address)),
        summarize: (r) => `registered=${r.registered}`,
      });
      res.json(done);
    });
  }
}
