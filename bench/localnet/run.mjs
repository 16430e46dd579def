// Localnet throughput through its HTTP JSON-RPC: SOL transfer, SPL transferChecked, IncoToken transfer.
// Starts the built localnet (infra/localnet/dist/main.js) in its own process, pre-signs a bounded
// number of transactions (serialize({verifySignatures:false}) so the client is not the bottleneck),
// sends them with a fixed number in flight, and writes bench/reports/localnet.md.
import { Agent, request } from 'node:http';
import { writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { keypairFrom, rpcCall } from '../support/chain.mjs';
import { removeDirs, startLocalnetProcess, stopAll } from '../support/stack.mjs';

const require = createRequire(import.meta.url);
const web3 = require('@solana/web3.js');
const spl = require('@solana/spl-token');
const ecies = require('ecies-geth');
const { PublicKey, SystemProgram, Transaction, TransactionInstruction } = web3;

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const COUNT = Number(process.env.BENCH_COUNT ?? 2000);
const INCO_COUNT = Number(process.env.BENCH_INCO_COUNT ?? 300);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 32);

// node:http with a keep-alive agent: undici's fetch costs more client CPU than the server spends.
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
function postJson(url, body) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString())));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function blast(url, wires) {
  let next = 0;
  let failed = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < wires.length) {
        const wire = wires[next++];
        const json = await postJson(url, JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'sendTransaction', params: [wire, { encoding: 'base64' }] }));
        if (json.error) failed++;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { count: wires.length, failed, seconds, tps: wires.length / seconds };
}

function sign(payer, ixs, blockhash) {
  const tx = new Transaction({ feePayer: payer.publicKey, recentBlockhash: blockhash }).add(...ixs);
  tx.sign(payer);
  return tx.serialize({ verifySignatures: false }).toString('base64');
}

function borshBytes(bytes) {
  const out = Buffer.alloc(4 + bytes.length);
  out.writeUInt32LE(bytes.length, 0);
  Buffer.from(bytes).copy(out, 4);
  return out;
}

async function incoWires(info, agent, agent2, blockhash) {
  const m = info.modules?.inco;
  if (!m?.incoTokenProgramId || !info.mints.inco) return null;
  const program = new PublicKey(m.incoTokenProgramId);
  const lightning = new PublicKey(m.incoLightningProgramId);
  const mint = new PublicKey(info.mints.inco);
  const ata = (w) => PublicKey.findProgramAddressSync([w.toBuffer(), program.toBuffer(), mint.toBuffer()], program)[0];
  const tee = Buffer.from(m.teePublicKey, 'hex');
  const disc = Buffer.from([163, 52, 200, 231, 140, 3, 69, 186]);
  const wires = [];
  for (let i = 0; i < INCO_COUNT; i++) {
    const ciphertext = await ecies.encrypt(tee, Buffer.from('1'));
    const ix = new TransactionInstruction({
      programId: program,
      keys: [
        { pubkey: ata(agent.publicKey), isSigner: false, isWritable: true },
        { pubkey: ata(agent2.publicKey), isSigner: false, isWritable: true },
        { pubkey: agent.publicKey, isSigner: true, isWritable: true },
        { pubkey: lightning, isSigner: false, isWritable: false },
        { pubkey: SystemProgram.programId, isSigner: false, isWritable: false },
      ],
      data: Buffer.concat([disc, borshBytes(ciphertext), Buffer.from([0])]),
    });
    wires.push(sign(agent, [ix], blockhash));
  }
  return wires;
}

const { info, stateDir } = await startLocalnetProcess({});
try {
  const rpc = info.endpoints.rpc;
  const agent = keypairFrom(info.wallets.agent.keypairPath);
  const agent2 = keypairFrom(info.wallets.agent2.keypairPath);
  const mint = new PublicKey(info.mints.usdc);
  const { blockhash } = (await rpcCall(rpc, 'getLatestBlockhash', [])).value;

  const sol = Array.from({ length: COUNT }, (_, i) =>
    sign(agent, [SystemProgram.transfer({ fromPubkey: agent.publicKey, toPubkey: agent2.publicKey, lamports: 1000 + i })], blockhash),
  );
  const from = spl.getAssociatedTokenAddressSync(mint, agent.publicKey);
  const to = spl.getAssociatedTokenAddressSync(mint, agent2.publicKey);
  const splWires = Array.from({ length: COUNT }, (_, i) =>
    sign(agent, [spl.createTransferCheckedInstruction(from, mint, to, agent.publicKey, BigInt(1 + i), 6)], blockhash),
  );
  const inco = await incoWires(info, agent, agent2, blockhash).catch((e) => (console.error(`inco setup failed: ${e.message}`), null));

  const results = { sol: await blast(rpc, sol), spl: await blast(rpc, splWires), inco: inco ? await blast(rpc, inco) : null };
  const line = (name, r) =>
    r
      ? `| ${name} | ${r.count} | ${r.failed} | ${r.seconds.toFixed(2)} | ${r.tps.toFixed(0)} |`
      : `| ${name} | – | – | – | unavailable (inco module not running) |`;
  const table = [
    '| transaction | sent | rejected | seconds | tx/s |',
    '|---|---|---|---|---|',
    line('SOL transfer', results.sol),
    line('SPL transferChecked', results.spl),
    line('IncoToken transfer (emulated)', results.inco),
  ].join('\n');
  console.log(table);
  const report = `# localnet throughput\n\nHTTP JSON-RPC \`sendTransaction\` (preflight on, as web3.js sends by default), ${IN_FLIGHT} requests in flight, transactions pre-signed with \`serialize({verifySignatures:false})\`. Localnet in its own process (\`node infra/localnet/dist/main.js\`), ${cpus().length} cores, Node ${process.version}, ${new Date().toISOString()}.\n\n${table}\n\nReproduce: \`npx tsc -b infra/localnet/tsconfig.json && node bench/localnet/run.mjs\` (BENCH_COUNT, BENCH_INCO_COUNT, BENCH_IN_FLIGHT).\n`;
  mkdirSync(join(root, 'bench/reports'), { recursive: true });
  writeFileSync(join(root, 'bench/reports/localnet.md'), report);
} finally {
  agent.destroy();
  await stopAll();
  removeDirs([stateDir]);
}
