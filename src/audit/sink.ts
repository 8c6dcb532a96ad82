/**
 * Where audit lines go: a file, appended to (opened with 'a', never rewritten), each line
 * written and synced to disk before its answer is sent, rotated by size (file -> file.1 -> ... ->
 * file.N, the oldest dropped); or stderr, each line flushed to the stream before the answer.
 * Lines are written one at a time, in order. A failed write rejects, and the sink counts as
 * broken until a write succeeds again (the file is reopened for the next line, so a disk that
 * filled up recovers by itself). The handle stays open between lines: an outside rotation must
 * copy and truncate (logrotate's copytruncate), or leave rotating to SCAIVAULT_AUDIT_LOG_MAX_BYTES.
 */
import { type FileHandle, open, rename, rm } from "node:fs/promises";
import { resolve } from "node:path";

export interface AuditSink {
  /** Resolves once the line is on disk (a file) or handed to the OS (stderr); rejects when it is not. */
  write(line: string): Promise<void>;
  /** True after a failed write, until one succeeds. */
  readonly broken: boolean;
  close(): Promise<void>;
}

export interface FileSinkOptions {
  /** Rotate before a line would take the file past this size; 0: never rotate. */
  maxBytes: number;
  /** Rotated files kept beside the live one (file.1 is the newest). */
  keep: number;
}

/** Lines queued one after another: each waits for the one before it, failed or not. */
abstract class QueuedSink implements AuditSink {
  #queue: Promise<void> = Promise.resolve();
  #broken = false;

  get broken(): boolean {
    return this.#broken;
  }

  write(line: string): Promise<void> {
    const written = this.#queue.then(() => this.append(line));
    this.#queue = written.catch(() => undefined);
    return written.then(
      () => {
        this.#broken = false;
      },
      (error: unknown) => {
        this.#broken = true;
        throw error;
      },
    );
  }

  protected abstract append(line: string): Promise<void>;

  async close(): Promise<void> {
    await this.#queue;
  }
}

export class FileSink extends QueuedSink {
  #handle: FileHandle | undefined;
  #size = 0;

  constructor(
    readonly path: string,
    readonly options: FileSinkOptions,
  ) {
    super();
  }

  protected async append(line: string): Promise<void> {
    const bytes = Buffer.from(line, "utf8");
    try {
      if (!this.#handle) await this.#open();
      if (this.options.maxBytes > 0 && this.#size > 0 && this.#size + bytes.length > this.options.maxBytes)
        await this.#rotate();
      const handle = this.#handle as FileHandle;
      // One write call per line, in 'a' mode: the line lands whole at the end of the file.
      let done = 0;
      while (done < bytes.length) done += (await handle.write(bytes, done)).bytesWritten;
      await handle.datasync();
      this.#size += bytes.length;
    } catch (error) {
      await this.#drop();
      throw error;
    }
  }

  async #open(): Promise<void> {
    // Owner-only: the log names who asked for which secret.
    this.#handle = await open(this.path, "a", 0o600);
    const stat = await this.#handle.stat();
    // The mode above applies to a new file only: an existing regular file is made owner-only too
    // (a device such as /dev/stderr is left as it is; a file of another owner keeps its mode).
    if (stat.isFile() && stat.mode & 0o077) await this.#handle.chmod(0o600).catch(() => undefined);
    this.#size = stat.size;
  }

  async #rotate(): Promise<void> {
    await this.#drop();
    await rm(`${this.path}.${this.options.keep}`, { force: true });
    for (let n = this.options.keep - 1; n >= 1; n--) await renameIfThere(`${this.path}.${n}`, `${this.path}.${n + 1}`);
    await renameIfThere(this.path, `${this.path}.1`);
    await this.#open();
  }

  async #drop(): Promise<void> {
    const handle = this.#handle;
    this.#handle = undefined;
    await handle?.close().catch(() => undefined);
  }

  override async close(): Promise<void> {
    await super.close();
    await this.#drop();
  }
}

async function renameIfThere(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}

export class StderrSink extends QueuedSink {
  protected append(line: string): Promise<void> {
    return new Promise((done, fail) => {
      process.stderr.write(line, (error) => (error ? fail(error) : done()));
    });
  }
}

/**
 * One sink per target in a process, whatever the number of servers (each HTTP session builds
 * its own): two handles on one file would rotate it under each other.
 */
const sinks = new Map<string, AuditSink>();

export function auditSinkFor(target: string, options: FileSinkOptions): AuditSink {
  const key = target === "stderr" ? "stderr" : resolve(target);
  let sink = sinks.get(key);
  if (!sink) {
    sink = key === "stderr" ? new StderrSink() : new FileSink(key, options);
    sinks.set(key, sink);
  }
  return sink;
}

/** Start-up check: the audit file can be opened for appending (created owner-only if new). */
export async function assertAppendable(target: string): Promise<void> {
  if (target === "stderr") return;
  const handle = await open(resolve(target), "a", 0o600);
  await handle.close();
}
