import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const serverScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'server.ts');

export interface ServerProcess {
  port: number;
  /** Resolves once the process has exited (it is killed if it takes more than 5 s). */
  stop(): Promise<void>;
}

/** Starts bench/server.ts in a child process (through tsx) and waits for the port it listens on. */
export function startServer(
  kind: 'app' | 'baseline',
  databaseUrl: string | undefined,
): Promise<ServerProcess> {
  const child: ChildProcess = fork(serverScript, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_KIND: kind, BENCH_DATABASE_URL: databaseUrl ?? '' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.send('stop', () => {});
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(kill);
  };
  process.once('exit', () => child.exitCode === null && child.kill('SIGKILL'));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the ${kind} server did not start within 120 s`));
    }, 120_000);
    child.once('message', (m: { port?: number }) => {
      clearTimeout(timer);
      if (typeof m?.port === 'number') resolve({ port: m.port, stop });
      else reject(new Error(`the ${kind} server sent ${JSON.stringify(m)}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the ${kind} server exited with code ${code} before listening`));
    });
  });
}
