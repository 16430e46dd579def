// The demo's paying part, run by scripts/run.mjs once the stack is up: starts the two example
// APIs as children (examples/paid-api: session-scheme POST /api/chat; examples/private-api: px402
// GET /api/sentiment, /api/whales, /api/risk), then the demo agent, which opens a session and pays
// a series of chat calls, then pays each private route once. Exit 0 only when the agent proved
// that every balance moved by exactly what was charged.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProcessGroup, waitForHttp } from './processes.mjs';

const PAID_API_PORT = Number(process.env.PAID_API_PORT ?? 4100);
const PRIVATE_API_PORT = Number(process.env.PRIVATE_API_PORT ?? 4101);

async function waitUp(group, name, port) {
  await waitForHttp(
    `http://127.0.0.1:${port}/health`,
    (res) => {
      const dead = group.anyExited();
      if (dead) throw new Error(`${dead.name} exited (${dead.code}); see .stack/logs/${dead.name}.log`);
      return res.status === 200;
    },
    30_000,
  );
}

/**
 * A fresh px402 HMAC secret for this run, in a file only this user can read: the private API reads
 * it through PX402_HMAC_SECRET_CURRENT_FILE, so it never appears in an environment listing or a log.
 */
function writeRunSecret() {
  const dir = mkdtempSync(join(tmpdir(), 'quietpay-demo-'));
  const file = join(dir, 'px402-hmac-secret');
  writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

// `group` is owned by the caller (scripts/run.mjs), so its SIGINT/SIGTERM handler can stop the
// APIs and the agent too: a group made here would outlive a signal as orphans.
export async function runDemo({ root, localnet, gatewayUrl, namespace, say, group = new ProcessGroup(join(root, '.stack', 'logs')) }) {
  const merchant = localnet.wallets.merchant;
  const agent = localnet.wallets.agent;
  const secret = writeRunSecret();
  // Ctrl-C ends the process from scripts/run.mjs's handler, past the `finally` below.
  process.once('exit', secret.remove);
  try {
    say(`quietpay demo: paid API on :${PAID_API_PORT}, private API on :${PRIVATE_API_PORT}, facilitator ${gatewayUrl}`);
    group.start('paid-api', join(root, 'examples/paid-api/dist/main.js'), {
      env: { PORT: String(PAID_API_PORT), FACILITATOR_URL: gatewayUrl, MERCHANT: merchant.publicKey },
    });
    group.start('private-api', join(root, 'examples/private-api/dist/main.js'), {
      env: {
        PORT: String(PRIVATE_API_PORT),
        FACILITATOR_URL: gatewayUrl,
        MERCHANT_WALLET: merchant.publicKey,
        USDC_MINT: localnet.mints.usdc,
        PX402_HMAC_SECRET_CURRENT_FILE: secret.file,
        // Replay set and rate limits under the run's namespace: scripts/run.mjs drops them on exit.
        ...(namespace !== undefined ? { REDIS_PREFIX: `${namespace}:private-api:` } : {}),
        ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
      },
    });
    await waitUp(group, 'paid-api', PAID_API_PORT);
    say('  ✓ paid API up (POST /api/chat, 0.5 USDC per message, session scheme)');
    await waitUp(group, 'private-api', PRIVATE_API_PORT);
    say('  ✓ private API up (GET /api/sentiment 0.01, /api/whales 0.02, /api/risk 0.03 USDC, private scheme)');

    const code = await new Promise((resolve) => {
      const entry = group.start('demo-agent', join(root, 'examples/demo-agent/dist/main.js'), {
        env: {
          FACILITATOR_URL: gatewayUrl,
          API_URL: `http://127.0.0.1:${PAID_API_PORT}`,
          PRIVATE_API_URL: `http://127.0.0.1:${PRIVATE_API_PORT}`,
          RPC_URL: localnet.endpoints.rpc,
          COVALIDATOR_URL: localnet.endpoints.covalidator,
          PAYMENTS_API_URL: localnet.endpoints.payments,
          USDC_MINT: localnet.mints.usdc,
          PRIVATE_TRANSFER_QUEUE: localnet.modules.magicblock.transferQueue,
          PRIVATE_VAULT: localnet.modules.magicblock.vault,
          AGENT_KEYPAIR: agent.keypairPath,
          MERCHANT_KEYPAIR: merchant.keypairPath,
          CAP: process.env.DEMO_CAP ?? '3',
          CALLS: process.env.DEMO_CALLS ?? '5',
        },
        onLine: (line) => say(line),
      });
      entry.child.on('exit', (exitCode, signal) => resolve(exitCode ?? signal ?? 1));
    });
    // A signal means Ctrl-C/SIGTERM stopped the demo, which scripts/run.mjs already reports.
    if (typeof code === 'string') return 130;
    if (code !== 0) say('  ✗ the agent failed; see .stack/logs/demo-agent.log and the service logs');
    return code;
  } finally {
    await group.stopAll();
    secret.remove();
  }
}
