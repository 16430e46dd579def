import { describe, expect, it } from 'vitest';
import { BUS_ROLES, OPERATOR_ONLY_COMMANDS, UNPUBLISHED_EVENTS } from './bus-roles';
import { Commands, Events, type ServiceName, ServiceCommands } from './gen/registry';

const roles = Object.entries(BUS_ROLES) as [ServiceName, (typeof BUS_ROLES)[ServiceName]][];

// A subject added to proto/ lands here first: give it a requester (or publisher) in BUS_ROLES,
// or the service that needs it is refused by NATS at run time.
describe('bus permission table', () => {
  it('gives every command a requester or marks it operator-only', () => {
    const requested = new Set<string>([...roles.flatMap(([, r]) => r.requests), ...OPERATOR_ONLY_COMMANDS]);
    const orphans = Object.keys(Commands).filter((subject) => !requested.has(subject));
    expect(orphans, 'commands no service may request: add them to BUS_ROLES').toEqual([]);
  });

  it('gives every event exactly one publishing service or lists it as unpublished', () => {
    for (const subject of Object.keys(Events)) {
      const publishers = roles.filter(([, r]) => (r.publishes as readonly string[]).includes(subject)).map(([s]) => s);
      const expected = (UNPUBLISHED_EVENTS as readonly string[]).includes(subject) ? 0 : 1;
      expect(publishers, `publishers of ${subject}`).toHaveLength(expected);
    }
  });

  it('never has a service request a command it serves itself, nor list a subject twice', () => {
    for (const [service, role] of roles) {
      const served = ServiceCommands[service] as readonly string[];
      expect(role.requests.filter((s) => served.includes(s) && !s.endsWith('.health.v1'))).toEqual([]);
      expect(new Set(role.requests).size).toBe(role.requests.length);
    }
  });

  it('keeps the gateway off the signing path', () => {
    const gateway = BUS_ROLES.gateway.requests as readonly string[];
    for (const subject of [
      ...ServiceCommands.signer,
      ...ServiceCommands['tx-builder'],
      'quietpay.session.charge.commit.v1',
      'quietpay.settlement.transaction.send.v1',
    ]) {
      if (!subject.endsWith('.health.v1')) expect(gateway).not.toContain(subject);
    }
  });
});
