/**
 * Prints one plain closing line, "N passed, N failed[, N skipped]", that CI reads to tell a run
 * that tested something from one that ran no test; then what the run left open.
 *
 * Tests run in band, in this process, so a server, socket, child process or timer a test forgot is
 * still here when the run ends. CI passes --forceExit so such a leak cannot hang it; this line keeps
 * the leak from being hidden: `.ci/run` fails a lane whose run left anything open.
 */
const SETTLE_MS = 3000;

function countByType(resources) {
  const counts = {};
  for (const type of resources) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

/** What is open now and was not when the run started (by type, counts only). */
function leftOpen(before, now) {
  const extra = {};
  for (const [type, n] of Object.entries(now)) if (n > (before[type] ?? 0)) extra[type] = n - (before[type] ?? 0);
  return extra;
}

class SummaryReporter {
  constructor() {
    this.before = countByType(process.getActiveResourcesInfo());
  }

  async onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    process.stdout.write(`\n${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
    // Closing is asynchronous (a socket's close, a child's exit): give it a moment before counting.
    const deadline = Date.now() + SETTLE_MS;
    let extra = leftOpen(this.before, countByType(process.getActiveResourcesInfo()));
    while (Object.keys(extra).length > 0 && Date.now() < deadline) {
      // Ref'd, so the process stays to print the rest; it has fired by the time the next count is taken.
      await new Promise((resolve) => setTimeout(resolve, 100));
      extra = leftOpen(this.before, countByType(process.getActiveResourcesInfo()));
    }
    const listed = Object.entries(extra)
      .sort()
      .map(([type, n]) => `${type}=${n}`)
      .join(' ');
    process.stdout.write(`open handles after the run: ${listed || 'none'}\n`);
  }
}
module.exports = SummaryReporter;
