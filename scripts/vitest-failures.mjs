// Names what failed in a vitest JSON report (`--reporter=json`), one line a test. CI keeps only the tail
// of a long log, so a test that fails once in a clean run must be findable from the summary alone.

const MAX_LINE = 400;

/** The first non-blank line of the first message, which for an assertion is what was expected. */
const firstLine = (messages) => String(messages?.[0] ?? "").split("\n").find((line) => line.trim())?.trim() ?? "";

/**
 * @param {{ testResults: import("./vitest-failures.d.mts").ReportFile[] }} report
 * @param {string} root paths are printed relative to it
 * @returns {string[]} "file > test: first line of the error"; a file that failed to load names the file
 */
export function failuresIn(report, root) {
  return report.testResults.flatMap((file) => {
    const path = file.name.startsWith(`${root}/`) ? file.name.slice(root.length + 1) : file.name;
    const tests = file.assertionResults.filter((test) => test.status === "failed");
    const lines = tests.length === 0 && file.status === "failed"
      ? [`${path}: ${firstLine([file.message])}`]
      : tests.map((test) => `${path} > ${test.fullName}: ${firstLine(test.failureMessages)}`);
    return lines.map((line) => (line.length > MAX_LINE ? `${line.slice(0, MAX_LINE - 1)}…` : line));
  });
}
