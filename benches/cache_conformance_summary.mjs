// Summarises an http-cache-tests (cache-tests.fyi) results JSON the way its display does
// (lib/display.mjs, determineTestResult): per test kind, honouring dependencies.
// Usage: node cache_conformance_summary.mjs SUITE_DIR RESULTS.json [--failures]
import fs from 'fs'
import path from 'path'
import { pathToFileURL } from 'url'

const [suiteDir, resultsFile, flag] = process.argv.slice(2)
const tests = (await import(pathToFileURL(path.join(suiteDir, 'tests/index.mjs')))).default
const surrogate = (await import(pathToFileURL(path.join(suiteDir, 'tests/surrogate-control.mjs')))).default
tests.push(surrogate) // cli.mjs runs it too
const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'))

const byId = new Map()
for (const suite of tests) for (const t of suite.tests) byId.set(t.id, t)

function classify (id) {
  const test = byId.get(id)
  const r = results[id]
  if (r === undefined) return 'untested'
  if (test.depends_on) {
    for (const dep of test.depends_on) {
      if (!['pass', 'yes'].includes(classify(dep))) return 'dependency_fail'
    }
  }
  if (Array.isArray(r) && r[0] === 'Setup') return r[1] === 'retry' ? 'retry' : 'setup_fail'
  const kind = test.kind || 'required'
  if (kind === 'required') return r === true ? 'pass' : 'fail'
  if (kind === 'optimal') return r === true ? 'pass' : 'optional_fail'
  return r === true ? 'yes' : 'no'
}

const counts = {}
const failures = []
for (const id of byId.keys()) {
  const c = classify(id)
  counts[c] = (counts[c] || 0) + 1
  if (c === 'fail') failures.push(`${id}: ${JSON.stringify(results[id])}`)
}
const passed = Object.values(results).filter(r => r === true).length
console.log(`tests: ${byId.size}  passed (true): ${passed}  required failures: ${counts.fail || 0}`)
console.log(JSON.stringify(counts))
if (flag === '--failures') for (const f of failures) console.log(`  FAIL ${f}`)
