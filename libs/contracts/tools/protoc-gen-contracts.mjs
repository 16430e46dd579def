#!/usr/bin/env node
// protoc-gen-contracts: emits src/gen/registry.ts, the typed subject registry. protoc-gen-es
// generates the message schemas; this plugin turns the `(quietpay.options.v1.subject)` method
// options and `(quietpay.options.v1.event)` message options into CommandContract/EventContract
// consts, and refuses protos that would make the bus ambiguous (see `checks` below), so a bad
// subject fails `npm run gen:contracts` instead of surfacing at run time.
import { ScalarType, getOption, hasOption } from '@bufbuild/protobuf';
import { createEcmaScriptPlugin, runNodeJs } from '@bufbuild/protoplugin';

const OPTIONS_PACKAGE = 'quietpay.options.v1';
const ERROR_TYPE = 'quietpay.common.v1.CommandError';
const SUBJECT_PATTERN = /^quietpay\.[a-z-]+(\.[a-z-]+)*\.v\d+$/;
const STREAM_PATTERN = /^[A-Z][A-Z0-9_]*$/;
const LONG_TYPES = new Set([ScalarType.INT64, ScalarType.UINT64, ScalarType.SINT64, ScalarType.FIXED64, ScalarType.SFIXED64]);

/** Finds our option extensions among the files of the request (they are not generated here). */
function findExtensions(schema) {
  const byName = new Map();
  for (const file of schema.allFiles) {
    if (file.proto.package !== OPTIONS_PACKAGE) continue;
    for (const ext of file.extensions) byName.set(ext.name, ext);
  }
  const need = (name) => {
    const ext = byName.get(name);
    if (!ext) throw new Error(`option ${OPTIONS_PACKAGE}.${name} not found; import quietpay/options/v1/options.proto`);
    return ext;
  };
  return { subject: need('subject'), event: need('event') };
}

/** `quietpay.session.charge.reserve.v1` -> `SessionChargeReserveV1`. */
function constName(subject) {
  return subject
    .split('.')
    .slice(1)
    .flatMap((part) => part.split('-'))
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

/** `TxBuilder` -> `tx-builder`: the service name used in describe/health subjects. */
function kebab(name) {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

function allMessages(messages) {
  return messages.flatMap((m) => [m, ...allMessages(m.nestedMessages)]);
}

function allEnums(file) {
  const nested = allMessages(file.messages).flatMap((m) => m.nestedEnums);
  return [...file.enums, ...nested];
}

/** A reply must be `oneof result { <Ok> ok = 1; quietpay.common.v1.Error error = 2; }`. */
function checkReply(method) {
  const reply = method.output;
  const result = reply.oneofs.find((o) => o.name === 'result');
  const ok = result?.fields.find((f) => f.name === 'ok');
  const error = result?.fields.find((f) => f.name === 'error');
  if (!result || !ok || !error || error.message?.typeName !== ERROR_TYPE || result.fields.length !== 2) {
    return `${reply.typeName} (reply of ${method.parent.typeName}.${method.name}) must be ` + `"oneof result { <Ok> ok = 1; ${ERROR_TYPE} error = 2; }"`;
  }
  return undefined;
}

function checkLongFields(message, problems) {
  for (const field of message.fields) {
    const scalar = field.fieldKind === 'scalar' || field.fieldKind === 'list' ? field.scalar : undefined;
    if (scalar !== undefined && LONG_TYPES.has(scalar) && !field.longAsString) {
      // bigint would leak into services, logs (JSON.stringify throws) and Redis; strings do not.
      problems.push(`${message.typeName}.${field.name}: 64-bit fields need [jstype = JS_STRING]`);
    }
  }
}

function collect(schema) {
  const ext = findExtensions(schema);
  const commands = [];
  const events = [];
  const services = [];
  const messages = [];
  const enums = [];
  const problems = [];
  for (const file of schema.files) {
    if (file.proto.package === OPTIONS_PACKAGE) continue;
    messages.push(...allMessages(file.messages));
    enums.push(...allEnums(file));
    for (const service of file.services) {
      const subjects = [];
      for (const method of service.methods) {
        if (!hasOption(method, ext.subject)) {
          problems.push(`${service.typeName}.${method.name} has no (${OPTIONS_PACKAGE}.subject)`);
          continue;
        }
        if (method.methodKind !== 'unary') problems.push(`${service.typeName}.${method.name} must be unary`);
        const replyProblem = checkReply(method);
        if (replyProblem) problems.push(replyProblem);
        const subject = getOption(method, ext.subject);
        subjects.push(subject);
        commands.push({ subject, method });
      }
      services.push({ name: kebab(service.name), subjects });
    }
    for (const message of allMessages(file.messages)) {
      checkLongFields(message, problems);
      if (!hasOption(message, ext.event)) continue;
      const spec = getOption(message, ext.event);
      if (!STREAM_PATTERN.test(spec.stream)) problems.push(`${message.typeName}: stream "${spec.stream}" must be UPPER_SNAKE`);
      events.push({ subject: spec.subject, stream: spec.stream, message });
    }
  }
  checkNames(commands, events, messages, enums, problems);
  if (problems.length > 0) throw new Error(`proto contracts are invalid:\n  ${problems.join('\n  ')}`);
  const bySubject = (a, b) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0);
  const byName = (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return {
    commands: commands.sort(bySubject),
    events: events.sort(bySubject),
    services: services.sort(byName),
    messages,
    enums,
  };
}

/** Subjects unique and versioned; exported names flat, so they must be unique across packages. */
function checkNames(commands, events, messages, enums, problems) {
  const seen = new Map();
  for (const { subject } of [...commands, ...events]) {
    if (!SUBJECT_PATTERN.test(subject)) problems.push(`subject "${subject}" does not match ${SUBJECT_PATTERN}`);
    if (seen.has(subject)) problems.push(`subject "${subject}" is declared twice`);
    seen.set(subject, true);
  }
  const names = new Map();
  for (const desc of [...messages, ...enums]) {
    const other = names.get(desc.name);
    if (other) problems.push(`${desc.typeName} and ${other} share the exported name ${desc.name}; rename one (e.g. suffix V2)`);
    names.set(desc.name, desc.typeName);
  }
}

function generateTs(schema) {
  const { commands, events, services, messages, enums } = collect(schema);
  const f = schema.generateFile('registry.ts');
  f.print('// @generated by protoc-gen-contracts (libs/contracts/tools). Do not edit: run `npm run gen:contracts`.');
  f.print('/* eslint-disable */');
  f.print("import { defineCommand, defineEvent } from '../define-contract';");
  f.print("import type { PlainOf } from '../plain';");
  f.print();
  f.print('// Message types as plain objects (no $typeName): what services build and receive.');
  for (const message of messages) {
    f.print(f.jsDoc(message));
    f.print(f.export('type', message.name), ' = PlainOf<typeof ', f.importSchema(message, true), '>;');
  }
  f.print();
  f.print('// Enums and schemas, re-exported so services never import generated paths.');
  for (const e of enums) {
    // importShape imports enums type-only; services need the runtime values too.
    const shape = f.importShape(e);
    f.print('export { ', f.import(shape.name, shape.from), ' };');
  }
  for (const message of messages) f.print('export { ', f.importSchema(message), ' };');
  f.print();
  for (const { subject, method } of commands) {
    f.print(
      f.jsDoc(
        `Command \`${subject}\`: ${method.input.name} -> ${method.output.name}.\n` +
          `Handled by ${kebab(method.parent.name)} (${method.parent.typeName}.${method.name}).`,
      ),
    );
    f.print(
      f.export('const', constName(subject)),
      ' = defineCommand(',
      f.string(subject),
      ', ',
      f.importSchema(method.input),
      ', ',
      f.importSchema(method.output),
      ');',
    );
  }
  f.print();
  for (const { subject, stream, message } of events) {
    f.print(f.jsDoc(`Event \`${subject}\` on JetStream stream ${stream}: ${message.name}.`));
    f.print(f.export('const', constName(subject)), ' = defineEvent(', f.string(subject), ', ', f.string(stream), ', ', f.importSchema(message), ');');
  }
  f.print();
  f.print('/** Every command, keyed by subject. */');
  f.print(f.export('const', 'Commands'), ' = {');
  for (const { subject } of commands) f.print('  ', f.string(subject), ': ', constName(subject), ',');
  f.print('} as const;');
  f.print(f.export('type', 'Commands'), ' = typeof Commands;');
  f.print(f.export('type', 'CommandSubject'), ' = keyof Commands;');
  f.print();
  f.print('/** Every event, keyed by subject. */');
  f.print(f.export('const', 'Events'), ' = {');
  for (const { subject } of events) f.print('  ', f.string(subject), ': ', constName(subject), ',');
  f.print('} as const;');
  f.print(f.export('type', 'Events'), ' = typeof Events;');
  f.print(f.export('type', 'EventSubject'), ' = keyof Events;');
  f.print();
  f.print('/** JetStream streams and the subjects each must capture. */');
  f.print(f.export('const', 'Streams'), ' = {');
  for (const stream of [...new Set(events.map((e) => e.stream))].sort()) {
    const subjects = events.filter((e) => e.stream === stream).map((e) => f.string(e.subject));
    f.print('  ', stream, ': ', f.array(subjects), ',');
  }
  f.print('} as const;');
  f.print(f.export('type', 'StreamName'), ' = keyof typeof Streams;');
  f.print();
  f.print('/** Command subjects each service answers (what `describe` reports and what it subscribes to). */');
  f.print(f.export('const', 'ServiceCommands'), ' = {');
  for (const { name, subjects } of services) {
    f.print('  ', f.string(name), ': ', f.array(subjects.map((s) => f.string(s))), ',');
  }
  f.print('} as const;');
  f.print(f.export('type', 'ServiceName'), ' = keyof typeof ServiceCommands;');
}

runNodeJs(createEcmaScriptPlugin({ name: 'protoc-gen-contracts', version: 'v1', generateTs }));
