// `npm run hub -- officer add` on a terminal: the PIN typed must not appear on the screen. The CLI runs under
// script(1), which gives it a real pseudo-terminal, and everything the terminal shows is checked.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tongban-hub-pin-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the CLI on a terminal; answers each PIN prompt with `pin` once it is shown. */
function officerAddOnTerminal(pin: string): Promise<{ code: number | null; screen: string }> {
  const command = `${process.execPath} --import tsx hub/cli.ts officer add --id li-na --name 李娜 --badge 350129 --sites DX --auth household`;
  const child = spawn('script', ['-qec', command, '/dev/null'], {
    cwd: repoRoot,
    env: { ...process.env, HUB_DATA_DIR: join(dir, 'hub'), DATABASE_URL: '' },
  });
  let screen = '';
  let answered = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    screen += chunk.toString('utf8');
    // The first prompt gives the PIN's length in digits; the second asks for it again.
    const wanted = screen.split('digits').length - 1 + (screen.split('again').length - 1);
    while (answered < wanted) {
      answered++;
      child.stdin.write(`${pin}\r`);
    }
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, screen })));
}

it('does not show the PIN while it is typed, and asks for it twice', async () => {
  const { code, screen } = await officerAddOnTerminal('482913');
  expect(screen).toContain('Saved officer li-na');
  expect(code).toBe(0);
  expect(screen).not.toContain('482913');
  expect(screen).toContain('enter the PIN again');
}, 120_000);
