import { getOption, hasOption } from '@bufbuild/protobuf';
import type { DescMessage, Message } from '@bufbuild/protobuf';
import { reflect } from '@bufbuild/protobuf/reflect';
import type { ReflectMessage } from '@bufbuild/protobuf/reflect';
import { required, required_oneof } from './gen/quietpay/options/v1/options_pb';

// proto3 has no `required`; our `(quietpay.options.v1.required)` options mark the fields a
// handler cannot work without, and this walk enforces them on decode and encode. Scalars use
// implicit presence, so "" / 0 / the UNSPECIFIED enum count as missing.

interface RequiredSpec {
  readonly fields: readonly string[];
  readonly oneofs: readonly string[];
}

const specs = new WeakMap<DescMessage, RequiredSpec>();

function specOf(desc: DescMessage): RequiredSpec {
  let spec = specs.get(desc);
  if (!spec) {
    spec = {
      fields: desc.fields.filter((f) => hasOption(f, required) && getOption(f, required)).map((f) => f.name),
      oneofs: desc.oneofs.filter((o) => hasOption(o, required_oneof) && getOption(o, required_oneof)).map((o) => o.name),
    };
    specs.set(desc, spec);
  }
  return spec;
}

/**
 * Lists the paths (JSON names, e.g. `payload.sessionId`, `checks[0].name`) of required fields
 * and oneofs that are unset, descending into every set message, list and map value.
 */
export function missingRequired(desc: DescMessage, message: Message): string[] {
  const missing: string[] = [];
  walk(reflect(desc, message), '', missing);
  return missing;
}

function walk(msg: ReflectMessage, prefix: string, missing: string[]): void {
  const spec = specOf(msg.desc);
  for (const field of msg.fields) {
    const path = prefix + field.jsonName;
    if (!msg.isSet(field)) {
      if (spec.fields.includes(field.name)) missing.push(path);
      continue;
    }
    switch (field.fieldKind) {
      case 'message':
        walk(msg.get(field), `${path}.`, missing);
        break;
      case 'list':
        if (field.listKind === 'message') {
          let i = 0;
          for (const item of msg.get(field)) walk(item as ReflectMessage, `${path}[${i++}].`, missing);
        }
        break;
      case 'map':
        if (field.mapKind === 'message') {
          for (const [key, value] of msg.get(field)) walk(value as ReflectMessage, `${path}[${String(key)}].`, missing);
        }
        break;
      case 'scalar':
      case 'enum':
        break;
    }
  }
  for (const oneof of msg.desc.oneofs) {
    if (spec.oneofs.includes(oneof.name) && msg.oneofCase(oneof) === undefined) {
      missing.push(`${prefix}${oneof.name} (one of ${oneof.fields.map((f) => f.jsonName).join(', ')})`);
    }
  }
}
