/** What a command reads and writes, passed in so that tests run commands in-process. */
export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** stdout is a terminal: print for people rather than for scripts. */
  isTty: boolean;
  /** Set by a command that finished but found something wrong (for example `doctor`). */
  exitCode: number;
}

export function processIo(): CliIo {
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
    isTty: process.stdout.isTTY === true,
    exitCode: 0,
  };
}
