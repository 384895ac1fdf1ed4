/** Output streams of a command: results to standard output, progress and errors to standard error. */
export interface Output {
  write(text: string): void;
  error(line: string): void;
}

export const processOutput: Output = {
  write(text) {
    process.stdout.write(text);
  },
  error(line) {
    process.stderr.write(`${line}\n`);
  },
};
