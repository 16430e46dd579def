import { type CommandSubject, type EventSubject, type ServiceName, ServiceCommands } from './gen/registry';

/**
 * What one service does on the bus beyond answering its own commands (those come from
 * `ServiceCommands`, generated from proto/). libs/platform turns this table into NATS
 * permissions, so a subject missing here is a subject the service cannot use.
 */
export interface BusRole {
  /** Commands it sends (request/reply). */
  readonly requests: readonly CommandSubject[];
  /** Events it publishes to JetStream. */
  readonly publishes: readonly EventSubject[];
  /** Events it reads through a durable JetStream consumer. */
  readonly consumes: readonly EventSubject[];
}

const HEALTH_OF_EVERY_SERVICE = (Object.keys(ServiceCommands) as ServiceName[]).map((s) => `quietpay.${s}.health.v1` as CommandSubject);

/**
 * THE bus permission table: who may request which command and publish or consume which event.
 * Least privilege: the gateway turns HTTP into ledger requests (plus the submitter's read-only
 * status) and reaches nothing on the signing path (no submit, release, signer, tx-builder, commit
 * or raw-send subject). Adding a subject to
 * proto/ without giving it a requester here fails `bus-roles.spec.ts`; adding a service fails to
 * compile.
 *
 * @example
 * BUS_ROLES['submitter'].requests.includes('quietpay.signer.transfer.sign.v1'); // true
 */
export const BUS_ROLES = {
  gateway: {
    requests: [
      'quietpay.session.open.v1',
      'quietpay.session.get.v1',
      'quietpay.session.close.v1',
      'quietpay.session.payment.verify.v1',
      'quietpay.session.charge.reserve.v1',
      // Claims a charge's one serve before a per-call /settle answers success.
      'quietpay.session.charge.serve.v1',
      // Settlement goes through the ledger, which submits its own record of the reservation: the
      // gateway can neither submit nor release a charge (settlement.submit / charge.release).
      'quietpay.session.charge.submit.v1',
      // Batched /settle in one request: the same reserve, hand-off and serve claim as the three above.
      'quietpay.session.charge.settle.v1',
      'quietpay.settlement.status.v1',
      'quietpay.private.payment.lookup.v1',
      // GET /recipients/:address (is this recipient registered? no note, no list).
      'quietpay.recipients.lookup.v1',
      // The admin API (ADMIN_PORT, admin keys only): the ledger's operator views and close, and the
      // reconciler's run-once pass. What a stolen gateway identity gains from these: reading
      // sessions, closing one (no money moves) and an extra idempotent reconcile pass.
      'quietpay.session.list.v1',
      'quietpay.session.charges.list.v1',
      'quietpay.session.operator.close.v1',
      'quietpay.settlement.reconcile.v1',
      // GET /health asks every service for its readiness.
      ...HEALTH_OF_EVERY_SERVICE,
    ],
    publishes: [],
    // The admin API's event stream and recent-events views (ordered consumers, nothing acked).
    consumes: ['quietpay.settlement.settled.v1', 'quietpay.settlement.failed.v1', 'quietpay.private.payment.observed.v1'],
  },
  'session-ledger': {
    requests: [
      'quietpay.tx-builder.approve.prepare.v1',
      'quietpay.signer.sign.v1',
      'quietpay.signer.decrypt-auth.sign.v1',
      'quietpay.settlement.transaction.send.v1',
      'quietpay.decrypt.attested.v1',
      // The only requester of settlement.submit: SubmitCharge forwards the ledger's own record.
      'quietpay.settlement.submit.v1',
    ],
    publishes: ['quietpay.session.opened.v1', 'quietpay.session.closed.v1'],
    consumes: [],
  },
  submitter: {
    requests: [
      // The authority chain: the ledger's record and signed authorization, the transfer built
      // from it, the signer checking it. The unauthorized v1 build and sign are not reachable.
      'quietpay.session.get.v1',
      'quietpay.session.charge.get.v1',
      'quietpay.session.charge.authorize.v1',
      // A transfer's one transaction (a batch's, or a per-call charge's own with own_charge):
      // authorized, then bound before its first send (a stalled twin never sends another).
      'quietpay.session.charge.batch.authorize.v1',
      'quietpay.session.charge.batch.bind.v1',
      'quietpay.tx-builder.transfer.build.v2',
      'quietpay.signer.transfer.sign.v1',
      'quietpay.session.charge.commit.v1',
      'quietpay.session.charge.release.v1',
      // The reconciler: reservations the submitter never saw.
      'quietpay.session.charge.open.list.v1',
    ],
    publishes: ['quietpay.settlement.settled.v1', 'quietpay.settlement.failed.v1'],
    consumes: [],
  },
  'tx-builder': { requests: [], publishes: [], consumes: [] },
  signer: { requests: [], publishes: [], consumes: [] },
  'decrypt-proxy': { requests: [], publishes: [], consumes: [] },
  'chain-poller': {
    requests: [],
    publishes: ['quietpay.private.payment.observed.v1', 'quietpay.chain-poller.tick.v1', 'quietpay.chain-poller.stalled.v1'],
    consumes: [],
  },
  'crank-keeper': { requests: [], publishes: ['quietpay.crank-keeper.stalled.v1'], consumes: [] },
} as const satisfies Record<ServiceName, BusRole>;

/**
 * Commands no service requests: asked only by an operator's tools (`nats req`), which connect
 * with the operator credentials, never a service's.
 */
export const OPERATOR_ONLY_COMMANDS: readonly CommandSubject[] = [
  ...(Object.keys(ServiceCommands) as ServiceName[]).map((s) => `quietpay.${s}.describe.v1` as CommandSubject),
  'quietpay.chain-poller.status.v1',
  'quietpay.crank-keeper.status.v1',
  // The recipient registry's writes and listing: who the facilitator pays account rent for is an
  // operator's decision (the admin API and CLI connect as the operator), never a service's.
  'quietpay.recipients.register.v1',
  'quietpay.recipients.remove.v1',
  'quietpay.recipients.list.v1',
  // Superseded by transfer.build.v2 (built from a ledger authorization); still served, requested
  // by no service.
  'quietpay.tx-builder.transfer.build.v1',
];

/**
 * The operator-only commands the gateway's admin API may send, as its own NATS user (`admin`,
 * ADMIN_NATS_USER), never with the gateway's service credentials: registering a recipient spends
 * facilitator SOL on rent, so a stolen gateway identity must not reach it.
 */
export const ADMIN_API_COMMANDS: readonly CommandSubject[] = [
  'quietpay.recipients.register.v1',
  'quietpay.recipients.remove.v1',
  'quietpay.recipients.list.v1',
];

/** Events declared in proto/ that no service publishes yet: no one may publish them. */
export const UNPUBLISHED_EVENTS: readonly EventSubject[] = ['quietpay.settlement.requested.v1'];

/** The role of one service, typed loosely for code that iterates over all of them. */
export function busRoleOf(service: ServiceName): BusRole {
  return BUS_ROLES[service];
}
