import { describe, expect, it } from 'vitest';
import { parseSiteConfig } from '../../../../shared/ipc/site-config.ts';
import { VALID_CONFIG } from '../../../helpers/site-config.ts';

const problemsOf = (input: unknown) => {
  const result = parseSiteConfig(input);
  if (result.ok) throw new Error('expected problems');
  return result.problems;
};

describe('parseSiteConfig', () => {
  it('accepts a complete configuration', () => {
    expect(parseSiteConfig(VALID_CONFIG)).toEqual({ ok: true, config: VALID_CONFIG });
  });

  it('names a missing field in Chinese first and English second', () => {
    const { hubUrl: _hubUrl, ...withoutHub } = VALID_CONFIG;
    expect(problemsOf(withoutHub)).toEqual([
      {
        zh: expect.stringContaining('config.json 缺少主岛服务器地址（hubUrl）'),
        en: expect.stringContaining('config.json is missing the hub URL ("hubUrl")'),
      },
    ]);
  });

  it('says what a wrong value should look like', () => {
    const [problem] = problemsOf({ ...VALID_CONFIG, siteCode: 'dx' });
    expect(problem).toEqual({
      zh: 'config.json 中站点代码（siteCode）无效：应为两个大写字母，例如 DX',
      en: 'config.json: the site code ("siteCode") must be two capital letters, e.g. DX',
    });
  });

  it('refuses hub URLs that are not plain http or https addresses', () => {
    for (const hubUrl of [
      'ftp://hub',
      'hub.example',
      'https://user:pw@hub.example',
      'https://hub.example/?x=1',
      'javascript:alert(1)',
    ]) {
      expect(problemsOf({ ...VALID_CONFIG, hubUrl })[0]?.en).toMatch(/hub URL \("hubUrl"\) must be an http/);
    }
  });

  it('reports every bad field once, and unknown fields by name', () => {
    const problems = problemsOf({ ...VALID_CONFIG, mode: 'tablet', counterNumber: 0, language: 'fr', token: 'x' });
    expect(problems.map((p) => p.en)).toEqual([
      'config.json: the mode ("mode") must be "counter" or "kiosk"',
      'config.json: the counter number ("counterNumber") must be a whole number from 1 to 99',
      'config.json: the language ("language") must be "zh-CN" or "en"',
      'config.json has an unknown field "token"',
    ]);
  });

  it('checks the printer and the kiosk idle timeout', () => {
    const problems = problemsOf({
      ...VALID_CONFIG,
      printer: { name: 'X', paperWidthMm: 100 },
      kioskIdleTimeoutSeconds: 5,
    });
    expect(problems.map((p) => p.en)).toEqual([
      'config.json: the printer ("printer") must be null or {"name": system printer name, "paperWidthMm": 58, 80 or 210}',
      'config.json: the kiosk idle timeout ("kioskIdleTimeoutSeconds") must be 20 to 900 seconds',
    ]);
  });

  it('says so when the file is not an object at all', () => {
    expect(problemsOf([1, 2])).toEqual([
      { zh: 'config.json 应为一个 JSON 对象', en: 'config.json must be a JSON object' },
    ]);
  });
});
