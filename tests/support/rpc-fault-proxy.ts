import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import bs58 from 'bs58';

/**
 * What happens to a new transaction's sends: forwarded, first send swallowed, or every send refused
 * at preflight. Two play a transaction the node applied (`processed`) whose confirmation does not
 * follow, until `releaseProcessed()`: `hold-processed` is forwarded and lands, but every status
 * read caps it at `processed` (its confirmation delayed); `phantom-processed` is swallowed while
 * its status reads answer `processed` (a fork the node applied it on, then dropped): after the
 * release its status is the chain's own again (nothing), and later sends of it are forwarded.
 */
export type SendFault = 'pass' | 'drop-first' | 'refuse' | 'hold-processed' | 'phantom-processed';

/** One distinct transaction the proxy saw sent (keyed by its signature). */
export interface SentTransaction {
  readonly signature: string;
  /** The client (proxy path) that sent these bytes first. */
  readonly client: string;
  /** Whether the node accepted any send of these bytes (false: every send refused, never forwarded). */
  accepted: boolean;
  /** sendTransaction calls carrying these bytes. */
  sends: number;
  /** getSignatureStatuses calls that asked about this signature. */
  statusPolls: number;
  /** Earlier sent transactions that had no confirmed/finalized status when these bytes were first sent. */
  readonly overlapping: string[];
}

export interface RpcFaultProxy {
  /** The proxy's URL for one client (the path names it, so a fault can target one service). */
  urlFor(client: string): string;
  /** Where calls go; calls that arrive earlier wait for it (services start before the chain is known). */
  setUpstream(rpc: string): void;
  /** The next getLatestBlockhash from `client` answers this (e.g. an expired) blockhash instead. */
  serveBlockhashOnce(client: string, hash: { readonly blockhash: string; readonly lastValidBlockHeight: number }): void;
  /** Forgets what was seen and plans faults for the distinct transactions sent from now on, in order. */
  reset(plan?: readonly SendFault[]): void;
  /**
   * Holds every getSignatureStatuses answer to `client` until the returned function is called:
   * the client's settlement sits between "sent" and "confirmed" for as long as a test needs
   * (to kill a service in that window).
   */
  holdStatuses(client: string): () => void;
  /** Ends every `hold-processed` and `phantom-processed` fault: statuses are the chain's own again. */
  releaseProcessed(): void;
  /** Distinct transactions sent since the last reset, in the order first seen. */
  readonly sent: readonly SentTransaction[];
  close(): Promise<void>;
}

// A preflight refusal as a real node words it: the bytes never leave the node.
const REFUSAL = { code: -32002, message: 'Transaction simulation failed: Error processing Instruction 0: insufficient funds', data: { logs: [] } };

/**
 * A JSON-RPC proxy in front of localnet that plays a real cluster's faults at the network edge:
 * a send accepted and then dropped before a leader saw it, a send refused at preflight, and an RPC
 * node answering an expired blockhash. Everything else is forwarded untouched. It also records, at
 * each new transaction's first send, which earlier ones were still unconfirmed (overlap on chain).
 *
 * @example
 * const proxy = await startRpcFaultProxy();
 * const stack = await startSessionStack({ serviceEnvFor: (name, chain) => { proxy.setUpstream(chain.rpc); return { SOLANA_RPC_URL: proxy.urlFor(name) }; } });
 * proxy.reset(['pass', 'drop-first']);
 */
export async function startRpcFaultProxy(): Promise<RpcFaultProxy> {
  let resolveUpstream: (url: string) => void = () => undefined;
  const upstream = new Promise<string>((resolve) => (resolveUpstream = resolve));
  const blockhashFor = new Map<string, { blockhash: string; lastValidBlockHeight: number }>();
  let plan: SendFault[] = [];
  let sent: SentTransaction[] = [];
  const faultOf = new Map<string, SendFault>();
  const held = new Map<string, Promise<void>>();
  // Signatures whose status reads are capped at (hold) or faked as (phantom) `processed`.
  const processedOnly = new Map<string, 'hold' | 'phantom'>();

  const forward = async (body: string): Promise<string> => {
    const r = await fetch(await upstream, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return r.text();
  };
  const rpc = async (method: string, params: unknown[]): Promise<unknown> => {
    const text = await forward(JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }));
    return (JSON.parse(text) as { result?: unknown }).result;
  };

  const firstSeen = async (signature: string, client: string): Promise<SentTransaction> => {
    const earlier = sent.map((s) => s.signature);
    const record: SentTransaction = { signature, client, accepted: false, sends: 0, statusPolls: 0, overlapping: [] };
    sent.push(record);
    const fault = plan.shift() ?? 'pass';
    faultOf.set(signature, fault);
    if (fault === 'hold-processed') processedOnly.set(signature, 'hold');
    if (fault === 'phantom-processed') processedOnly.set(signature, 'phantom');
    if (earlier.length > 0) {
      const statuses = (await rpc('getSignatureStatuses', [earlier, { searchTransactionHistory: true }])) as
        { value: ({ confirmationStatus?: string } | null)[] } | undefined;
      earlier.forEach((sig, i) => {
        const status = statuses?.value[i]?.confirmationStatus;
        if (status !== 'confirmed' && status !== 'finalized') record.overlapping.push(sig);
      });
    }
    return record;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, body: string): Promise<void> => {
    const client = (req.url ?? '/').replace(/^\/+/, '');
    const call = JSON.parse(body) as { id: unknown; method: string; params?: unknown[] };
    const reply = (payload: Record<string, unknown>) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ jsonrpc: '2.0', id: call.id, ...payload }));
    };
    if (call.method === 'getLatestBlockhash' && blockhashFor.has(client)) {
      const hash = blockhashFor.get(client)!;
      blockhashFor.delete(client);
      const slot = (await rpc('getSlot', [])) as number;
      return reply({ result: { context: { slot }, value: hash } });
    }
    if (call.method === 'sendTransaction' && typeof call.params?.[0] === 'string') {
      const wire = Buffer.from(call.params[0], 'base64');
      const signature = bs58.encode(wire.subarray(1, 65));
      const record = sent.find((s) => s.signature === signature) ?? (await firstSeen(signature, client));
      record.sends += 1;
      const fault = faultOf.get(signature) ?? 'pass';
      if (fault === 'refuse') return reply({ error: REFUSAL });
      if (fault === 'drop-first' && record.sends === 1) return reply({ result: signature });
      if (processedOnly.get(signature) === 'phantom') return reply({ result: signature });
      const answer = await forward(body);
      if ((JSON.parse(answer) as { result?: unknown }).result !== undefined) record.accepted = true;
      res.setHeader('content-type', 'application/json');
      res.end(answer);
      return;
    }
    if (call.method === 'getSignatureStatuses' && Array.isArray(call.params?.[0])) {
      for (const sig of call.params[0] as string[]) {
        const record = sent.find((s) => s.signature === sig);
        if (record) record.statusPolls += 1;
      }
      await held.get(client);
      const asked = call.params[0] as string[];
      if (asked.some((sig) => processedOnly.has(sig))) {
        const answer = JSON.parse(await forward(body)) as { result?: { context: { slot: number }; value: (Record<string, unknown> | null)[] } };
        const result = answer.result;
        if (result) {
          result.value = result.value.map((status, i) => {
            const faked = processedOnly.get(asked[i] ?? '');
            if (faked === 'phantom') return { slot: result.context.slot, confirmations: 0, err: null, status: { Ok: null }, confirmationStatus: 'processed' };
            if (faked === 'hold' && status !== null) return { ...status, confirmations: 0, confirmationStatus: 'processed' };
            return status;
          });
        }
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(answer));
        return;
      }
    }
    res.setHeader('content-type', 'application/json');
    res.end(await forward(body));
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void handle(req, res, Buffer.concat(chunks).toString('utf8')).catch(() => res.destroy()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    urlFor: (client) => `${base}/${client}`,
    setUpstream: (rpcUrl) => resolveUpstream(rpcUrl),
    serveBlockhashOnce: (client, hash) => void blockhashFor.set(client, { ...hash }),
    holdStatuses: (client) => {
      let release: () => void = () => undefined;
      held.set(client, new Promise<void>((resolve) => (release = resolve)));
      return () => {
        held.delete(client);
        release();
      };
    },
    releaseProcessed: () => processedOnly.clear(),
    reset: (next = []) => {
      plan = [...next];
      sent = [];
      faultOf.clear();
      processedOnly.clear();
    },
    get sent() {
      return sent;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
