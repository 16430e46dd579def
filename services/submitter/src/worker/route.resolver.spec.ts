import type { Session } from '@quietpay/contracts';
import { QuietpayError } from '@quietpay/platform';
import { Keypair } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import { RouteResolver } from './route.resolver';

// A session's payer, recipient and asset never change once it is open, so its route (the two
// token accounts the lock is taken on) is derived once per session, not on every flush job.

const key = (): string => Keypair.generate().publicKey.toBase58();
const session = { user: key(), recipient: key(), asset: key(), network: 'solana:localnet' } as unknown as Session;

function resolverOver(answers: (() => Session)[]): { resolver: RouteResolver; asked: string[] } {
  const asked: string[] = [];
  const peers = {
    session: async (sessionId: string) => {
      asked.push(sessionId);
      const next = answers.shift();
      if (!next) throw new Error('asked more often than expected');
      return next();
    },
  };
  return { resolver: new RouteResolver(peers, undefined), asked };
}

describe('RouteResolver', () => {
  it('asks the ledger once per session and answers the same route after', async () => {
    const { resolver, asked } = resolverOver([() => session]);
    const first = await resolver.resolve({ sessionId: 's1' });
    await expect(resolver.resolve({ sessionId: 's1' })).resolves.toEqual(first);
    expect(first).toMatchObject({ sourceOwner: session.user, destinationOwner: session.recipient, asset: session.asset });
    expect(asked).toEqual(['s1']);
  });

  it('keeps no failed lookup: the next flush asks again', async () => {
    const { resolver, asked } = resolverOver([
      () => {
        throw new QuietpayError('bus_timeout', 'ledger slow', { retryable: true });
      },
      () => session,
    ]);
    await expect(resolver.resolve({ sessionId: 's1' })).rejects.toMatchObject({ code: 'bus_timeout' });
    await expect(resolver.resolve({ sessionId: 's1' })).resolves.toMatchObject({ sourceOwner: session.user });
    expect(asked).toEqual(['s1', 's1']);
  });
});
