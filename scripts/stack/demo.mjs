// The demo's paying part, run by scripts/run.mjs once the stack is up: starts the example paid
// API (session-scheme POST /api/chat) as a child, then the demo agent, which opens a session with
// the agent dev wallet and pays a series of chat calls. Exit 0 only when the agent proved that
// both decrypted balances moved by exactly what was charged.
import { join } from 'node:path';
import { ProcessGroup, waitForHttp } from './processes.mjs';

const PAID_API_PORT = Number(process.env.PAID_API_PORT ?? 4100);

// `group` is owned by the caller (scripts/run.mjs), so its SIGINT/SIGTERM handler can stop the
// paid API and the agent too: a group made here would outlive a signal as orphans.
export async function runDemo({ root, localnet, gatewayUrl, say, group = new ProcessGroup(join(root, '.stack', 'logs')) }) {
  const merchant = localnet.wallets.merchant;
  const agent = localnet.wallets.agent;
  try {
    say(`quietpay demo: paid API on :${PAID_API_PORT}, facilitator ${gatewayUrl}`);
    group.start('paid-api', join(root, 'examples/paid-api/dist/main.js'), {
      env: { PORT: String(PAID_API_PORT), FACILITATOR_URL: gatewayUrl, MERCHANT: merchant.publicKey },
    });
    await waitForHttp(`http://127.0.0.1:${PAID_API_PORT}/health`, (res) => {
      const dead = group.anyExited();
      if (dead) throw new Error(`paid-api exited (${dead.code}); see .stack/logs/paid-api.log`);
      return res.status === 200;
    }, 30_000);
    say('  ✓ paid API up (POST /api/chat, 0.5 USDC per message, session scheme)');

    const code = await new Promise((resolve) => {
      const entry = group.start('demo-agent', join(root, 'examples/demo-agent/dist/main.js'), {
        env: {
          FACILITATOR_URL: gatewayUrl,
          API_URL: `http://127.0.0.1:${PAID_API_PORT}`,
          RPC_URL: localnet.endpoints.rpc,
          COVALIDATOR_URL: localnet.endpoints.covalidator,
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
  }
}
