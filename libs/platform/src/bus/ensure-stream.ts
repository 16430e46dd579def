import { EventContract } from '@quietpay/contracts';
import { JetStreamManager, NatsError } from 'nats';

/**
 * Makes sure the contract's stream exists and captures its subject. Several contracts may
 * share a stream; each call adds its subject when missing. Idempotent, so every publisher
 * and consumer calls it at start-up instead of relying on deployment order.
 */
export async function ensureStream(jsm: JetStreamManager, contract: EventContract<unknown>): Promise<void> {
  try {
    const info = await jsm.streams.info(contract.stream);
    const subjects = info.config.subjects ?? [];
    if (!subjects.includes(contract.subject)) {
      await jsm.streams.update(contract.stream, { ...info.config, subjects: [...subjects, contract.subject] });
    }
  } catch (error) {
    if (!(error instanceof NatsError) || error.api_error?.err_code !== 10059) throw error;
    await jsm.streams.add({ name: contract.stream, subjects: [contract.subject] });
  }
}
