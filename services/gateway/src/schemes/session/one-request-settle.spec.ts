import { QuietpayError } from '@quietpay/platform';
import { describe, expect, it } from 'vitest';
import { settleInOneRequest } from './one-request-settle';

const lost = (): QuietpayError => new QuietpayError('bus_timeout', 'no reply', { retryable: true });
const nobody = (): QuietpayError => new QuietpayError('bus_no_responders', 'no ledger', { retryable: true });
const ledgerDown = (): QuietpayError => new QuietpayError('ledger_unavailable', 'redis down', { retryable: true });

/** A SettleCharge whose answers a test scripts, counting the requests. */
function requests(...answers: (QuietpayError | 'ok')[]): { send: () => Promise<string>; sent: () => number } {
  let sent = 0;
  return {
    sent: () => sent,
    send: async () => {
      const answer = answers[Math.min(sent++, answers.length - 1)];
      if (answer !== 'ok') throw answer;
      return 'settled';
    },
  };
}

describe('settleInOneRequest', () => {
  it('sends again after lost replies (the ledger may have reserved and claimed the serve), until it answers', async () => {
    const r = requests(lost(), lost(), 'ok');
    await expect(settleInOneRequest(r.send, Date.now() + 1_000, 5)).resolves.toBe('settled');
    expect(r.sent()).toBe(3);
  });

  it('a first request nobody listened to did nothing: given up at once', async () => {
    const r = requests(nobody(), 'ok');
    await expect(settleInOneRequest(r.send, Date.now() + 1_000, 5)).rejects.toMatchObject({ code: 'bus_no_responders' });
    expect(r.sent()).toBe(1);
  });

  it('after a lost reply, a request nobody listened to is not proof of nothing: asked again', async () => {
    const r = requests(lost(), nobody(), 'ok');
    await expect(settleInOneRequest(r.send, Date.now() + 1_000, 5)).resolves.toBe('settled');
    expect(r.sent()).toBe(3);
  });

  it("the ledger's own error, even a retryable one, is its verdict: not sent again", async () => {
    const r = requests(ledgerDown(), 'ok');
    await expect(settleInOneRequest(r.send, Date.now() + 1_000, 5)).rejects.toMatchObject({ code: 'ledger_unavailable' });
    expect(r.sent()).toBe(1);
  });

  it('gives up with the last unknown once the deadline is near', async () => {
    const r = requests(lost());
    await expect(settleInOneRequest(r.send, Date.now() + 50, 10)).rejects.toMatchObject({ code: 'bus_timeout', retryable: true });
    expect(r.sent()).toBeGreaterThan(1);
  });
});
