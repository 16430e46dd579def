// Load shapes: closed loop (N payments, K under way per session) and open loop (a fixed arrival
// rate, each charge sent on schedule whatever is still outstanding, latency measured from the
// scheduled moment so a stalled server cannot hide its queue), plus the on-chain check.
import { rpcCall } from '../support/chain.mjs';
import { ms, summarize } from '../support/stats.mjs';
import { P, now, sleep, step } from './common.mjs';
import { post } from './payer.mjs';

/** `calls` payments spread round-robin over `sessions`, `concurrency` under way per session. */
export async function runLoad(ctx, sessions, calls, batched, concurrency = P.concurrency) {
  const results = [];
  const deadline = now() + P.timeoutS * 1000;
  const t0 = now();
  await Promise.all(
    sessions.map(async (s, k) => {
      const mine = Array.from({ length: calls }, (_, i) => i).filter((i) => i % sessions.length === k);
      let next = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < mine.length && now() < deadline) {
            const i = mine[next++];
            const b = s.body(i);
            const r = { i, session: k, verifyMs: 0, settleMs: 0, ok: false, error: '' };
            const tv = now();
            const v = await post(`${ctx.gatewayUrl}/verify`, b);
            r.verifyMs = now() - tv;
            if (v.status !== 200 || v.json.isValid !== true) {
              r.error = `verify ${v.status} ${v.json.invalidReason ?? v.json.error ?? JSON.stringify(v.json)}`;
            } else {
              const ts = now();
              let a = await post(`${ctx.gatewayUrl}/settle`, b);
              // As the paywall does (and @x402/core ≥ 2.24): one retry when the settlement is still pending.
              if (!batched && a.json.success !== true && a.json.errorReason === 'settlement_pending') a = await post(`${ctx.gatewayUrl}/settle`, b);
              r.settleMs = now() - ts;
              r.tAnswered = now() - t0;
              if (a.status === 200 && a.json.success === true) {
                r.ok = true;
                r.transaction = a.json.transaction;
                r.settlementId = a.json.extra?.settlementId;
                r.settlementStatus = a.json.extra?.settlementStatus;
                r.transfer = a.json.extra?.transfer;
                if (batched && !r.settlementId) {
                  r.ok = false;
                  r.error = `settle answered without extra.settlementId: ${JSON.stringify(a.json)}`;
                }
              } else
                r.error = `settle ${a.status} ${a.json.errorReason ?? a.json.error ?? JSON.stringify(a.json)}${a.json.errorMessage ? `: ${a.json.errorMessage}` : ''}`;
            }
            results.push(r);
          }
        }),
      );
    }),
  );
  return { results, t0, seconds: (now() - t0) / 1000 };
}

/** Counts the signatures the chain confirms without error (the facilitator's "success" checked). */
export async function checkOnChain(info, signatures) {
  const sigs = [...new Set(signatures)];
  let landed = 0;
  for (let k = 0; k < sigs.length; k += 256) {
    const { value } = await rpcCall(info.endpoints.rpc, 'getSignatureStatuses', [sigs.slice(k, k + 256), { searchTransactionHistory: true }]);
    landed += value.filter((st) => st && st.err === null && st.confirmationStatus !== 'processed').length;
  }
  return { landed, distinct: sigs.length };
}

/** One call through /verify and /settle first: a broken pipeline is reported with its answer, not as timeouts. */
export async function probe(ctx, s, batched) {
  await step('first /verify', async () => {
    const r = await post(`${ctx.gatewayUrl}/verify`, s.body('probe-verify'));
    if (r.status !== 200 || r.json.isValid !== true) throw new Error(`HTTP ${r.status} ${JSON.stringify(r.json)}`);
  });
  await step('first /settle (verify then settle, one payment)', async () => {
    const b = s.body('probe-settle');
    const v = await post(`${ctx.gatewayUrl}/verify`, b);
    if (v.status !== 200 || v.json.isValid !== true) throw new Error(`verify HTTP ${v.status} ${JSON.stringify(v.json)}`);
    const a = await post(`${ctx.gatewayUrl}/settle`, b);
    if (a.status !== 200 || a.json.success !== true) throw new Error(`HTTP ${a.status} ${JSON.stringify(a.json)}`);
    if (batched && !a.json.extra?.settlementId) throw new Error(`batched /settle answered without extra.settlementId: ${JSON.stringify(a.json)}`);
  });
}

export const loadFigures = (load) => {
  const ok = load.results.filter((r) => r.ok);
  return {
    calls: load.results.length,
    ok: ok.length,
    seconds: load.seconds,
    verify: summarize(load.results.map((r) => r.verifyMs)),
    settle: summarize(ok.map((r) => r.settleMs)),
    errors: [...new Set(load.results.filter((r) => !r.ok).map((r) => r.error))].slice(0, 5),
  };
};

/**
 * One open-loop step: `rate` charges/s for `seconds`, each /verify then /settle, spread round-robin
 * over `urls` (gateway replicas) and over `sessions` (one or more open sessions). Returns every
 * charge's latencies (from its scheduled send time).
 */
export async function openLoop(urls, sessions, rate, seconds, tag) {
  const total = Math.max(1, Math.round(rate * seconds));
  const interval = 1000 / rate;
  const t0 = now();
  const pending = [];
  for (let i = 0; i < total; i++) {
    const due = t0 + i * interval;
    const wait = due - now();
    if (wait > 1) await sleep(wait);
    const url = urls[i % urls.length];
    const b = sessions[i % sessions.length].body(`${tag}-${i}`);
    pending.push(
      (async () => {
        const r = { verifyMs: 0, settleMs: 0, ok: false, error: '' };
        // A refused or reset connection is a lost charge of this step, not the end of the run.
        const send = (path) => post(`${url}${path}`, b).catch((e) => ({ status: 0, json: { error: `${path}: ${e.cause?.code ?? e.message}` } }));
        const v = await send('/verify');
        const tv = now();
        r.verifyMs = tv - due;
        if (v.status !== 200 || v.json.isValid !== true) r.error = `verify ${v.status} ${v.json.invalidReason ?? v.json.error ?? ''}`;
        else {
          const a = await send('/settle');
          r.settleMs = now() - tv;
          r.ok = a.status === 200 && a.json.success === true;
          if (!r.ok) r.error = `settle ${a.status} ${a.json.errorReason ?? a.json.error ?? ''}`;
        }
        r.doneAt = now();
        return r;
      })(),
    );
  }
  const results = await Promise.all(pending);
  const seconds_ = (Math.max(...results.map((r) => r.doneAt)) - t0) / 1000;
  const ok = results.filter((r) => r.ok);
  return {
    rate,
    sent: total,
    ok: ok.length,
    // Accepted charges per second of wall time until the last answer (below the offered rate once the server queues).
    accepted: ok.length / seconds_,
    verify: summarize(results.map((r) => r.verifyMs)),
    settle: summarize(ok.map((r) => r.settleMs)),
    charge: summarize(ok.map((r) => r.verifyMs + r.settleMs)),
    errors: [...new Set(results.filter((r) => !r.ok).map((r) => r.error))].slice(0, 3),
  };
}

/** One line per step, printed as soon as it is measured: a run stopped early or on a loaded machine still leaves its figures. */
export function stepLine(label, s) {
  const lost = s.sent - s.ok;
  return `  ${label} ${s.rate}/s: ${s.ok}/${s.sent} accepted (${s.accepted.toFixed(0)}/s${lost ? `, ${lost} lost` : ''}), /verify p50 ${ms(s.verify.p50)} p99 ${ms(s.verify.p99)} ms, /settle p50 ${ms(s.settle.p50)} p99 ${ms(s.settle.p99)} ms${s.errors.length ? `; ${s.errors.join('; ')}` : ''}`;
}

/**
 * Offered rates in turn (P.rates) until one breaks the issue's rule, /settle p99 > P.stopP99Ms
 * (50 ms by default), or loses a charge. Each step is printed as it ends.
 */
export async function rampUntilSaturated(urls, sessions, label) {
  const steps = [];
  for (const rate of P.rates) {
    const s = await step(`${label}: open loop ${rate} charges/s for ${P.stepS} s`, () => openLoop(urls, sessions, rate, P.stepS, `${label}-${rate}`));
    steps.push(s);
    console.error(stepLine(label, s));
    if ((s.settle.p99 ?? Infinity) > P.stopP99Ms || s.ok < s.sent) break;
  }
  return steps;
}
