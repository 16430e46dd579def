import { loadDemoAgentConfig } from './config.schema';
import { runDemoAgent } from './demo-agent.usecase';

const say = (line: string): void => void process.stdout.write(`${line}\n`);
runDemoAgent(loadDemoAgentConfig(process.env), say)
  .then((s) => {
    // Success means money moved as charged, not just that HTTP said 200 (an underfunded transfer moves 0).
    const ok = s.callsPaid > 0 && s.transactionsOnChain === s.transactions.length && s.merchantDelta === s.expectedSpend && -s.agentDelta === s.expectedSpend;
    say(ok ? 'demo ok: both balances moved by exactly what was charged' : `demo FAILED: charged ${s.expectedSpend}, merchant +${s.merchantDelta}, agent ${s.agentDelta}`);
    process.exit(ok ? 0 : 1);
  })
  .catch((err: unknown) => {
    say(`demo FAILED: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
