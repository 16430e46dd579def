import { describe, expect, it } from 'vitest';
import { natsPermissionsFor } from './nats-permissions';
import { natsUsers, renderNatsAuthorization } from './nats-server-config';
import { redisAclRules, renderRedisAclFile } from './redis-acl';

describe('NATS permissions from BUS_ROLES', () => {
  it('lets the gateway request the ledger and submitter, never the signing path', () => {
    const { publish, subscribe } = natsPermissionsFor('gateway');
    expect(publish.allow).toContain('quietpay.session.charge.reserve.v1');
    expect(publish.allow).not.toContain('quietpay.signer.sign.v1');
    expect(publish.allow).not.toContain('quietpay.tx-builder.transfer.build.v1');
    // Wildcards only inside the JetStream API of the streams its admin API reads (SSE, recent events).
    const wild = publish.allow.filter((s) => s.includes('>') || s.includes('*'));
    expect(wild.filter((s) => !/^\$JS\.(API\.CONSUMER\.[A-Z.]+|ACK)\.(SETTLEMENTS|PRIVATE_PAYMENTS)\./.test(s))).toEqual([]);
    expect(subscribe.allow).toEqual(['quietpay.gateway.describe.v1', 'quietpay.gateway.health.v1', '_INBOX_gateway.>']);
  });

  it('gives a publisher the JetStream API of its own stream only', () => {
    const { publish } = natsPermissionsFor('submitter');
    expect(publish.allow).toEqual(
      expect.arrayContaining(['quietpay.settlement.settled.v1', '$JS.API.INFO', '$JS.API.STREAM.CREATE.SETTLEMENTS', '$JS.API.STREAM.UPDATE.SETTLEMENTS']),
    );
    expect(publish.allow.filter((s) => s.startsWith('$JS.') && !s.endsWith('SETTLEMENTS') && s !== '$JS.API.INFO')).toEqual([]);
    // The signer only answers (allow_responses): it may publish nothing of its own.
    expect(natsPermissionsFor('signer').publish.allow).toEqual([]);
  });

  it('renders a users block with one entry per credential and no user without a password', () => {
    const text = renderNatsAuthorization(natsUsers((u) => (u === 'signer' ? undefined : `pw-${u}`)));
    const parsed = JSON.parse(text.slice(text.indexOf('{'))) as { users: { user: string; password: string; permissions?: unknown }[] };
    expect(parsed.users.map((u) => u.user)).not.toContain('signer');
    expect(parsed.users.find((u) => u.user === 'operator')?.permissions).toBeUndefined();
    expect(parsed.users.find((u) => u.user === 'gateway')).toMatchObject({ password: 'pw-gateway', permissions: { allow_responses: true } });
    // The admin API's user: the recipient registry's operator-only commands and its inbox, nothing else.
    expect(parsed.users.find((u) => u.user === 'admin')).toEqual({
      user: 'admin',
      password: 'pw-admin',
      permissions: {
        publish: { allow: ['quietpay.recipients.register.v1', 'quietpay.recipients.remove.v1', 'quietpay.recipients.list.v1'] },
        subscribe: { allow: ['_INBOX_admin.>'] },
        allow_responses: false,
      },
    });
  });
});

describe('Redis ACL rules', () => {
  it('stores the password hashed, scopes keys and drops dangerous commands', () => {
    const rules = redisAclRules({ user: 'submitter', password: 'secret', keyPatterns: ['qp:*'] });
    expect(rules.join(' ')).not.toContain('secret');
    expect(rules).toEqual(expect.arrayContaining(['on', '~qp:*', '-@dangerous', '+info']));
    expect(rules[2]).toMatch(/^#[0-9a-f]{64}$/);
    expect(renderRedisAclFile([]).trim().split('\n')).toEqual(['user default off', 'user health on nopass -@all +ping']);
  });
});
