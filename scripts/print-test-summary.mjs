// Prints vitest's JSON result as the plain closing line CI reads: "tests: N passed, N failed".
// A test file that failed to load counts as one failure even though it ran no test.
import { readFileSync } from 'node:fs';

const result = JSON.parse(readFileSync(process.argv[2] ?? 'reports/vitest.json', 'utf8'));
const files = result.testResults ?? [];
const brokenFiles = files.filter((f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed')).length;
console.log(`tests: ${result.numPassedTests} passed, ${result.numFailedTests + brokenFiles} failed`);
