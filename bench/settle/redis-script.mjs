// How many charge scripts one Redis primary runs per second of its own CPU: the ceiling the ledger
// meets once gateway and session-ledger have cores enough (docs/scaling.md). Pipelined reserve-mode
// runs of the real CHARGE_SCRIPT against one session, Redis CPU read from INFO before and after.
// Run: `npm run build && node bench/settle/redis-script.mjs` (REDIS_URL, BENCH_SCRIPTS).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Redis } = require('ioredis');
const { CHARGE_SCRIPT } = require('../../services/session-ledger/dist/ledger/charge.lua.js');

const N = Number(process.env.BENCH_SCRIPTS ?? 20_000);
const BATCH = 200;
const r = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const p = `bench:redis-script:${process.pid}:`;
await r.hset(`${p}s`, {
  sessionId: 's',
  status: 'active',
  expirationUnix: '9999999999',
  cap: '1000000000000',
  spent: '0',
  perCallLimit: '0',
  recipient: 'm',
  asset: 'a',
  network: 'n',
});
const sha = await r.script('LOAD', CHARGE_SCRIPT);
const cpu = (info) => ['used_cpu_user', 'used_cpu_sys'].reduce((a, k) => a + Number(new RegExp(`${k}:([\\d.]+)`).exec(info)[1]), 0);
const before = cpu(await r.info('cpu'));
const t0 = performance.now();
for (let i = 0; i < N; i += BATCH) {
  const pl = r.pipeline();
  for (let k = 0; k < BATCH; k++) {
    const n = `n${i + k}`;
    pl.evalsha(sha, 4, `${p}s`, `${p}nonce:${n}`, `${p}c:${n}`, `${p}idx`, 'reserve', '1', '1000', 'm', 'a', 'n', `c${n}`, '60', n, '0', n, 'fp');
  }
  await pl.exec();
}
const seconds = (performance.now() - t0) / 1000;
const used = cpu(await r.info('cpu')) - before;
console.log(
  `${N} reserve scripts in ${seconds.toFixed(2)} s wall (${(N / seconds).toFixed(0)}/s); Redis CPU ${used.toFixed(2)} s = ${((1e6 * used) / N).toFixed(1)} µs per script = ${(N / used).toFixed(0)} scripts per second of one Redis core`,
);
for (let keys = await r.keys(`${p}*`); keys.length > 0; keys = keys.slice(1000)) await r.del(...keys.slice(0, 1000));
r.disconnect();
