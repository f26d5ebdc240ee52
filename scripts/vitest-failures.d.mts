/** One test file of a vitest JSON report, as far as failuresIn reads it. */
export interface ReportFile {
  name: string;
  status: string;
  message?: string;
  assertionResults: { status: string; fullName: string; failureMessages?: string[] }[];
}

/** "file > test: first line of its error" for each failed test; a file that failed to load names the file. */
export function failuresIn(report: { testResults: ReportFile[] }, root: string): string[];
