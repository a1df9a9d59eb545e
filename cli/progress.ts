/*
 * Progress while something long runs: a spinner with the time elapsed on a terminal, and a line every
 * `everyMs` elsewhere (CI logs show the command is alive). Always on stderr, so stdout stays the result.
 */
import { OutStream } from './io';

const FRAMES = ['|', '/', '-', '\\'];

export class Progress {
  private frame = 0;
  private lastLine = 0;
  private shown = false;

  constructor(private readonly stream: OutStream, private readonly label: string, private readonly everyMs = 15_000) {}

  public start(detail: string): void {
    if (!this.stream.isTTY) this.stream.write(`${this.label} ${detail}\n`);
  }

  /** Called with the time elapsed since start. */
  public tick(elapsedMs: number): void {
    const secs = Math.round(elapsedMs / 1000);
    if (this.stream.isTTY) {
      this.stream.write(`\r${FRAMES[this.frame++ % FRAMES.length]} ${this.label} (${secs} s)`);
      this.shown = true;
    } else if (elapsedMs - this.lastLine >= this.everyMs) {
      this.lastLine = elapsedMs;
      this.stream.write(`${this.label} (${secs} s)\n`);
    }
  }

  /** Clears the spinner line. */
  public stop(): void {
    if (this.shown) this.stream.write('\r\u001b[2K');
    this.shown = false;
  }
}
