/*
 * What a command reads from and writes to: streams, environment, working directory. Commands take an `Io`
 * so tests run them in-process and read what they printed.
 */

/** A stream a command writes to. */
export interface OutStream {
  /** Whether it is a terminal (colour and a spinner only then). */
  readonly isTTY: boolean;
  write(text: string): void;
}

/** The world a command runs in. */
export interface Io {
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  /** Whether stdin is a terminal (a destructive command may ask for confirmation only then). */
  readonly stdinIsTTY: boolean;
  /** One line typed by the user (only called when stdinIsTTY). */
  readonly prompt: (question: string) => Promise<string>;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/** The process's own streams and environment. */
export function processIo(): Io {
  const stream = (s: NodeJS.WriteStream): OutStream => ({ write: (t) => void s.write(t), isTTY: Boolean(s.isTTY) });
  return {
    stdout: stream(process.stdout),
    stderr: stream(process.stderr),
    stdinIsTTY: Boolean(process.stdin.isTTY),
    prompt: async (question) => {
      const readline = await import('readline');
      const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
      try {
        return await new Promise<string>((resolve) => rl.question(question, resolve));
      } finally {
        rl.close();
      }
    },
    env: process.env,
    cwd: process.cwd(),
  };
}

/** ANSI styles, or none: colour only on a terminal, never with NO_COLOR (any value), TERM=dumb or --no-color. */
export interface Style {
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly red: (s: string) => string;
  readonly green: (s: string) => string;
  readonly yellow: (s: string) => string;
}

const plain = (s: string) => s;
const ansi = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;

/** https://no-color.org: NO_COLOR set to any non-empty value turns colour off. */
export function useColour(stream: OutStream, env: NodeJS.ProcessEnv, noColourFlag = false): boolean {
  if (noColourFlag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY;
}

export function styleFor(enabled: boolean): Style {
  if (!enabled) return { bold: plain, dim: plain, red: plain, green: plain, yellow: plain };
  return { bold: ansi(1, 22), dim: ansi(2, 22), red: ansi(31, 39), green: ansi(32, 39), yellow: ansi(33, 39) };
}

/** Output that collects what a command printed (tests, and commands that print JSON only at the end). */
export class BufferStream implements OutStream {
  public text = '';
  constructor(public readonly isTTY = false) {}
  public write(text: string): void {
    this.text += text;
  }
}
