// The benchmark's own eyes on the chain, over the localnet's WebSocket: when each agent transaction
// reaches `confirmed` (signatureSubscribe) and when each settlement transaction executes
// (logsSubscribe on the transfer-queue PDA). Push notifications instead of polling, so the
// observer adds almost no load to the 2 cores it shares with the system under test.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const WebSocket = require('ws');

const CLIENT_REF = /^Program log: client_ref_id: (\d+)$/;

export class ChainWatch {
  /** clientRefId → { t, signature } of the settlement transaction (performance.now() ms). */
  settlements = new Map();
  /** clientRefId → { t, signature } when the settlement's slot is confirmed (what the chain-poller reads at). */
  confirmedSettlements = new Map();
  #ws;
  #nextId = 1;
  #pending = new Map(); // request id → resolve(subscription id)
  #handlers = new Map(); // subscription id → notification handler

  constructor(url) {
    this.url = url;
  }

  open() {
    this.#ws = new WebSocket(this.url);
    this.#ws.on('message', (raw) => this.#onMessage(JSON.parse(raw.toString())));
    return new Promise((resolve, reject) => {
      this.#ws.once('open', resolve);
      this.#ws.once('error', reject);
    });
  }

  close() {
    this.#ws?.terminate();
  }

  #onMessage(msg) {
    if (msg.id !== undefined && this.#pending.has(msg.id)) {
      const settle = this.#pending.get(msg.id);
      this.#pending.delete(msg.id);
      settle(msg);
      return;
    }
    const sub = msg.params?.subscription;
    if (sub !== undefined) this.#handlers.get(sub)?.(msg.params.result, performance.now());
  }

  #subscribe(method, params, handler) {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, (msg) => {
        if (msg.error) return reject(new Error(`${method}: ${msg.error.message}`));
        this.#handlers.set(msg.result, handler);
        resolve(msg.result);
      });
      this.#ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
  }

  /**
   * Settlements are the crank's transactions: a delegation-program frame whose SPLxh1 inner call
   * logs `client_ref_id: <id>` (PROTOCOLS §3). The agent's enqueue also mentions the queue PDA but
   * has no delegation frame, so it is not counted as a settlement.
   */
  watchSettlements(queuePda, delegationProgramId, commitment = 'processed', into = this.settlements) {
    const frame = `Program ${delegationProgramId} invoke [1]`;
    return this.#subscribe('logsSubscribe', [{ mentions: [queuePda] }, { commitment }], (result, t) => {
      const { signature, err, logs } = result.value;
      if (err || !logs.includes(frame)) return;
      for (const line of logs) {
        const m = CLIENT_REF.exec(line);
        if (m && !into.has(m[1])) into.set(m[1], { t, signature });
      }
    });
  }

  /** Resolves `{ t, err }` when the signature reaches `confirmed` (subscribe before sending). */
  confirmed(signature) {
    return new Promise((resolve, reject) => {
      this.#subscribe('signatureSubscribe', [signature, { commitment: 'confirmed' }], (result, t) => resolve({ t, err: result.value?.err ?? null })).catch(
        reject,
      );
    });
  }
}
