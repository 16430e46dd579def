import { describe, expect, it } from 'vitest';
import { Commands, Events, ServiceCommands, Streams } from './gen/registry';

const SUBJECT = /^quietpay\.[a-z-]+(\.[a-z-]+)*\.v\d+$/;
const SERVICES = ['gateway', 'session-ledger', 'tx-builder', 'signer', 'submitter', 'crank-keeper', 'chain-poller', 'decrypt-proxy'];

const commands = Object.entries(Commands);
const events = Object.entries(Events);

describe('contract registry', () => {
  it('keys every contract by its own subject', () => {
    for (const [subject, contract] of [...commands, ...events]) expect(contract.subject).toBe(subject);
    for (const [, c] of commands) expect(c.kind).toBe('command');
    for (const [, e] of events) expect(e.kind).toBe('event');
  });

  it('uses unique, versioned subjects', () => {
    const subjects = [...commands, ...events].map(([s]) => s);
    expect(new Set(subjects).size).toBe(subjects.length);
    for (const s of subjects) expect(s).toMatch(SUBJECT);
  });

  it('gives every service describe and health', () => {
    for (const service of SERVICES) {
      expect(Commands).toHaveProperty([`quietpay.${service}.describe.v1`]);
      expect(Commands).toHaveProperty([`quietpay.${service}.health.v1`]);
      expect(ServiceCommands).toHaveProperty([service]);
    }
  });

  it('lists every event in exactly the stream it names', () => {
    for (const [subject, event] of events) {
      const listed = Object.entries(Streams).filter(([, subjects]) => (subjects as readonly string[]).includes(subject));
      expect(listed.map(([stream]) => stream)).toEqual([event.stream]);
    }
  });

  it('assigns every command to exactly one service', () => {
    const owned = Object.values(ServiceCommands).flat();
    expect([...owned].sort()).toEqual(commands.map(([s]) => s).sort());
  });
});
