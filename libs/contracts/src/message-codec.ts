import { create, fromJson, toJson } from '@bufbuild/protobuf';
import type { DescMessage, JsonValue, MessageInitShape } from '@bufbuild/protobuf';
import { ContractViolation } from './contract';
import type { Codec } from './contract';
import type { PlainOf } from './plain';
import { missingRequired } from './required-fields';

/**
 * A strict proto3-JSON codec for one generated message schema.
 *
 * `decode` rejects (with ContractViolation) anything that is not a JSON object, unknown fields,
 * wrong types, out-of-range integers, unknown enum names and unset required fields. `encode`
 * applies the required check too, so a handler cannot put a half-built message on the wire.
 *
 * @example
 * ```ts
 * const codec = messageCodec(GetSessionRequestSchema);
 * codec.decode({ sessionId: 's_1' });   // { sessionId: 's_1' }
 * codec.decode({ sessionID: 's_1' });   // throws ContractViolation: ... key "sessionID" is unknown
 * ```
 */
export function messageCodec<D extends DescMessage>(schema: D): Codec<PlainOf<D>> {
  const typeName = schema.typeName;
  const checkRequired = (message: Parameters<typeof missingRequired>[1]): void => {
    const missing = missingRequired(schema, message);
    if (missing.length > 0) throw new ContractViolation(typeName, `missing required ${missing.join(', ')}`);
  };
  return {
    typeName,
    decode(json: unknown): PlainOf<D> {
      if (typeof json !== 'object' || json === null || Array.isArray(json)) {
        throw new ContractViolation(typeName, `expected a JSON object, got ${json === null ? 'null' : Array.isArray(json) ? 'an array' : typeof json}`);
      }
      let message;
      try {
        // Strict by default: ignoreUnknownFields is false.
        message = fromJson(schema, json as JsonValue);
      } catch (err) {
        throw new ContractViolation(typeName, err instanceof Error ? err.message : String(err));
      }
      checkRequired(message);
      // The runtime object also carries $typeName; PlainOf only hides it from the type.
      return message as unknown as PlainOf<D>;
    },
    encode(value: PlainOf<D>): unknown {
      let message;
      try {
        message = create(schema, value as unknown as MessageInitShape<D>);
      } catch (err) {
        throw new ContractViolation(typeName, err instanceof Error ? err.message : String(err));
      }
      checkRequired(message);
      return toJson(schema, message);
    },
  };
}
