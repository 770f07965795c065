import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd() });

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals')
    .map((m) => m.message);
}

describe('the import boundaries that npm run lint enforces', () => {
  it('refuses Node built-ins, electron, React and DOM globals in shared/', async () => {
    expect(
      await boundaryErrors(
        'shared/domain/example.ts',
        "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
      ),
    ).toEqual([expect.stringMatching(/Node built-ins/)]);
    expect(
      await boundaryErrors('shared/domain/example.ts', "import { app } from 'electron';\nexport const x = app;\n"),
    ).not.toEqual([]);
    expect(
      await boundaryErrors(
        'shared/domain/example.ts',
        "import { useState } from 'react';\nexport const x = useState;\n",
      ),
    ).not.toEqual([]);
    expect(await boundaryErrors('shared/domain/example.ts', 'export const width = window.innerWidth;\n')).toEqual([
      expect.stringMatching(/DOM/),
    ]);
  });

  it('refuses electron and hub code in renderer/', async () => {
    expect(
      await boundaryErrors(
        'renderer/app/example.ts',
        "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n",
      ),
    ).not.toEqual([]);
    expect(
      await boundaryErrors(
        'renderer/app/example.ts',
        "import { buildHub } from '../../hub/app.ts';\nexport const x = buildHub;\n",
      ),
    ).not.toEqual([]);
  });

  it('refuses renderer code in hub/, and allows what each folder may use', async () => {
    expect(
      await boundaryErrors(
        'hub/example.ts',
        "import { createDatabase } from '../renderer/db/create-database.ts';\nexport const x = createDatabase;\n",
      ),
    ).not.toEqual([]);
    expect(
      await boundaryErrors(
        'hub/example.ts',
        "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
      ),
    ).toEqual([]);
    expect(await boundaryErrors('shared/domain/example.ts', "import { z } from 'zod';\nexport const x = z;\n")).toEqual(
      [],
    );
  });
});
