import { Connection, Keypair, SystemProgram, Transaction } from '@solana/web3.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { RunningLocalnet } from '../index';
import { startTestLocalnet, walletOf } from './localnet.fixture';

interface PubsubMessage {
  readonly id?: number;
  readonly result?: unknown;
  readonly method?: string;
  readonly params?: { readonly subscription: number; readonly result: { context: { slot: number }; value: { signature: string; err: unknown } } };
}

let net: RunningLocalnet;
let connection: Connection;

// Slots advance only when the test says so: which notification may have arrived is then decided
// by the chain's state, not by timing.
beforeAll(async () => {
  net = await startTestLocalnet({ slotMs: 3_600_000 });
  connection = new Connection(net.endpoints.rpc, 'confirmed');
});
afterAll(async () => {
  await net.stop();
});

describe('logsSubscribe honours its commitment, as a validator does', () => {
  it('notifies a processed subscriber when the transaction executes, a confirmed one once its slot is confirmed', async () => {
    const payer = walletOf(net, 'agent');
    const recipient = Keypair.generate().publicKey;
    const socket = await open(net.endpoints.ws);
    const messages: PubsubMessage[] = [];
    const arrived = waiterOn(socket, messages);
    // Subscribed first: a hub that ignored the commitment would write the confirmed subscriber's
    // notification on the socket before the processed one's.
    socket.send(
      JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'logsSubscribe', params: [{ mentions: [recipient.toBase58()] }, { commitment: 'confirmed' }] }),
    );
    socket.send(
      JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'logsSubscribe', params: [{ mentions: [recipient.toBase58()] }, { commitment: 'processed' }] }),
    );
    await arrived((m) => m.id === 2);
    const confirmedSub = messages.find((m) => m.id === 1)?.result;
    const processedSub = messages.find((m) => m.id === 2)?.result;
    expect(typeof confirmedSub).toBe('number');

    const tx = new Transaction({ feePayer: payer.publicKey, ...(await connection.getLatestBlockhash()) }).add(
      SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: recipient, lamports: 1_000_000 }),
    );
    tx.sign(payer);
    const txSlot = Number(net.chain.slot());
    const signature = await connection.sendRawTransaction(tx.serialize());
    await arrived((m) => m.method === 'logsNotification');
    const notifications = () => messages.filter((m) => m.method === 'logsNotification');
    expect(notifications().map((m) => m.params?.subscription)).toEqual([processedSub]);
    expect(notifications()[0]?.params?.result.value.signature).toBe(signature);

    net.chain.advanceSlot();
    await arrived((m) => m.method === 'logsNotification' && m.params?.subscription === confirmedSub);
    expect(notifications().map((m) => m.params?.subscription)).toEqual([processedSub, confirmedSub]);
    const confirmed = notifications()[1]?.params?.result;
    expect(confirmed?.value).toMatchObject({ signature, err: null });
    expect(confirmed?.context.slot).toBe(txSlot);
    socket.close();
  });
});

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Collects every message; the returned function waits for the next (or an earlier) one matching. */
function waiterOn(socket: WebSocket, messages: PubsubMessage[]): (match: (m: PubsubMessage) => boolean) => Promise<void> {
  const waiting: { match: (m: PubsubMessage) => boolean; resolve: () => void }[] = [];
  socket.on('message', (raw: WebSocket.RawData) => {
    const message = JSON.parse(raw.toString()) as PubsubMessage;
    messages.push(message);
    for (const w of waiting.splice(0))
      if (w.match(message)) w.resolve();
      else waiting.push(w);
  });
  return (match) => (messages.some(match) ? Promise.resolve() : new Promise((resolve) => waiting.push({ match, resolve })));
}
