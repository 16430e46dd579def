import { z } from 'zod';
import { QuietpayError } from '../errors/quietpay-error';

export type Env = Readonly<Record<string, string | undefined>>;

/** One "VARIABLE: problem" entry per bad or missing variable. */
export function describeConfigIssues(issues: readonly z.core.$ZodIssue[], env: Env): string[] {
  return issues.map((issue) => {
    const variable = issue.path.map(String).join('.') || '(config)';
    const missing = issue.path.length === 1 && env[variable] === undefined;
    return `${variable}: ${missing ? 'missing' : issue.message}`;
  });
}

/**
 * Parses the environment with a zod schema. Throws a CONFIG_INVALID QuietpayError whose
 * message names every bad or missing variable. The only place that reads `process.env`.
 *
 * @example
 * const config = loadConfig(commonConfigSchema({ name: 'signer', httpPort: 4034 }));
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: Env = process.env): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = describeConfigIssues(result.error.issues, env);
  throw new QuietpayError('config_invalid', `invalid configuration: ${problems.join('; ')}`, {
    context: { variables: problems.map((p) => p.split(':')[0]).join(',') },
  });
}
