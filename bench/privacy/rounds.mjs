// Runs privacy rounds on one stack and prints them as one JSON line (`rounds <json>`): what
// tests/privacy drives in a child process (the scenario needs plain Node module resolution).
// Usage: node bench/privacy/rounds.mjs '{"agents":8,"recipients":3,"rounds":[{"prices":[10000],"transfer":{...}}]}'
import { startPrivacyStack } from './scenario.mjs';

const plan = JSON.parse(process.argv[2] ?? '{}');
const stack = await startPrivacyStack({ agents: plan.agents, recipients: plan.recipients });
try {
  const results = [];
  for (const settings of plan.rounds ?? []) results.push(await stack.round(settings));
  process.stdout.write(`rounds ${JSON.stringify(results)}\n`);
} finally {
  await stack.stop();
}
