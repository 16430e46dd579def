import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const MAIN = resolve(__dirname, '../../dist/main.js');

interface Run {
  stdoutLines: string[];
  code: number | null;
  ready: { endpoints: { rpc: string }; mints: { usdc: string }; wallets: Record<string, { publicKey: string }> };
  /** The agent's newest signature as this run saw it. */
  agentSignature: string;
}

/** Runs the built CLI until `localnet ready`, asks it for its transaction count, then SIGTERMs it. */
function runOnce(stateDir: string, stateFile: string): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      [MAIN, '--port=0', '--covalidator-port=0', '--payments-port=0', `--state-dir=${stateDir}`, `--state-file=${stateFile}`, '--slot-ms=50'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let ready: Run['ready'] | undefined;
    let agentSignature = '';
    child.stderr.resume();
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (ready !== undefined || !out.includes('\n')) return;
      ready = JSON.parse(out.slice('localnet ready '.length, out.indexOf('\n'))) as Run['ready'];
      const body = JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'getSignaturesForAddress',
        params: [ready.wallets['agent']!.publicKey, { commitment: 'confirmed', limit: 1000 }],
      });
      fetch(ready.endpoints.rpc, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
        .then((r) => r.json() as Promise<{ result: { signature: string }[] }>)
        .then((j) => {
          agentSignature = j.result.at(-1)?.signature ?? '';
          child.kill('SIGTERM');
        })
        .catch(fail);
    });
    child.on('exit', (code) => {
      if (ready === undefined) return fail(new Error(`exited before ready: ${code}`));
      done({ stdoutLines: out.split('\n').filter((l) => l.length > 0), code, ready, agentSignature });
    });
  });
}

describe('localnet CLI (dist/main.js)', () => {
  it('prints exactly one ready line, stops on SIGTERM and restores its state file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'localnet-cli-'));
    const first = await runOnce(dir, join(dir, 'chain.state'));
    expect(first.stdoutLines).toHaveLength(1);
    expect(first.stdoutLines[0]).toMatch(/^localnet ready \{/);
    expect(first.code).toBe(0);
    expect(Object.keys(first.ready.wallets).sort()).toEqual(['agent', 'agent2', 'facilitator', 'merchant', 'mintAuthority']);
    const second = await runOnce(dir, join(dir, 'chain.state'));
    expect(second.ready.mints.usdc).toBe(first.ready.mints.usdc);
    expect(second.ready.wallets['agent']!.publicKey).toBe(first.ready.wallets['agent']!.publicKey);
    // The restored chain still holds the first run's oldest transaction for the agent (its funding).
    expect(first.agentSignature).not.toBe('');
    expect(second.agentSignature).toBe(first.agentSignature);
  });
});
