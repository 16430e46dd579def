import { readFileSync } from 'node:fs';
import { Connection, Keypair } from '@solana/web3.js';
import { loadDemoAgentConfig } from './config.schema';
import { runDemoAgent } from './demo-agent.usecase';
import { runPrivateDemo } from './private-demo.usecase';

const say = (line: string): void => void process.stdout.write(`${line}\n`);
const loadKeypair = (path: string): Keypair => Keypair.fromSecretKey(Uint8Array.from(JSON.parse(readFileSync(path, 'utf8')) as number[]));

async function main(): Promise<boolean> {
  const config = loadDemoAgentConfig(process.env);
  const wallets = { agent: loadKeypair(config.AGENT_KEYPAIR), merchant: loadKeypair(config.MERCHANT_KEYPAIR) };
  const connection = new Connection(config.RPC_URL, 'confirmed');
  const session = await runDemoAgent(config, wallets, connection, say);
  const priv = await runPrivateDemo(config, wallets, connection, say);
  say('summary');
  for (const line of [...session.summaryLines, ...priv.summaryLines]) say(line);

  // Success means money moved as charged, not just that HTTP said 200 (an underfunded transfer moves 0).
  const sessionOk =
    session.callsPaid > 0 &&
    session.transactionsOnChain === session.transactions.length &&
    session.merchantDelta === session.expectedSpend &&
    -session.agentDelta === session.expectedSpend;
  const privateOk =
    priv.routes > 0 &&
    priv.callsPaid === priv.routes &&
    priv.paidAmount === priv.expectedSpend &&
    priv.merchantDelta === priv.expectedSpend &&
    priv.transactionsFound === priv.transactionsChecked &&
    priv.linking.length === 0 &&
    priv.partiesVisible;
  if (!sessionOk) say(`demo FAILED (session): charged ${session.expectedSpend}, merchant +${session.merchantDelta}, agent ${session.agentDelta}`);
  if (!privateOk) {
    say(
      `demo FAILED (private): listed ${priv.expectedSpend}, paid ${priv.paidAmount}, merchant SPL +${priv.merchantDelta}, ` +
        `${priv.transactionsFound}/${priv.transactionsChecked} transactions found, linking: ${priv.linking.join(', ') || 'none'}, parties visible: ${priv.partiesVisible}`,
    );
  }
  if (sessionOk && privateOk) say('demo ok: every balance moved by exactly what was charged, and no transaction links agent and merchant');
  return sessionOk && privateOk;
}

main()
  .then((ok) => process.exit(ok ? 0 : 1))
  .catch((err: unknown) => {
    say(`demo FAILED: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
