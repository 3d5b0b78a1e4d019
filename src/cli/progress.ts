import cliProgress from 'cli-progress';
import type { JobProgress } from '../modules/imports/jobs.ts';

const PHASES = { checking: 'Checking', writing: 'Writing ' } as const;

/**
 * An import's progress on stderr: a bar when stderr is a terminal, else a plain line at the start of each pass and
 * at each tenth of the file, so a log stays short.
 */
export function importProgress(bytesTotal: number): { update(progress: JobProgress): void; stop(): void } {
  const rows = (progress: JobProgress) => progress.rows_read.toLocaleString('en-GB');
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar({
      stream: process.stderr, format: '{phase} |{bar}| {percentage}% | {rows} rows | {duration_formatted}', hideCursor: true,
      barCompleteChar: '█', barIncompleteChar: '░', etaBuffer: 20,
    });
    let phase: string | undefined;
    return {
      update(progress) {
        if (progress.phase !== phase) {
          if (phase) bar.stop();
          phase = progress.phase;
          bar.start(bytesTotal, 0, { phase: PHASES[progress.phase], rows: '0' });
        }
        bar.update(Math.min(progress.bytes_read, bytesTotal), { rows: rows(progress) });
      },
      stop: () => phase && bar.stop(),
    };
  }
  let phase: string | undefined;
  let tenth = -1;
  return {
    update(progress) {
      const reached = Math.floor((10 * progress.bytes_read) / Math.max(bytesTotal, 1));
      if (progress.phase === phase && reached <= tenth) return;
      if (progress.phase !== phase) tenth = -1;
      phase = progress.phase;
      tenth = reached;
      console.error(`${PHASES[progress.phase].trim()}: ${Math.min(100, reached * 10)}% of the file, ${rows(progress)} rows`);
    },
    stop() {},
  };
}
