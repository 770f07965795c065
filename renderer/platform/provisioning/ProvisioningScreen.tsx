import { useEffect, useState, type CSSProperties, type FormEvent, type ReactNode } from 'react';
import type {
  BridgeError,
  DemoInfo,
  Language,
  LocalizedText,
  ProvisioningStatus,
  ShellMode,
  TongbanBridge,
} from '../../../shared/ipc/bridge.ts';

/**
 * The first-run screen of a new machine, for the technician who sets it up (and for a newcomer who only wants to see
 * the app: the demo button). Chinese first, English second, as everything a technician reads. It talks only to the
 * bridge; after a successful provisioning the shell replaces this page with the app in the chosen mode.
 */
export function ProvisioningScreen({ bridge }: { bridge: TongbanBridge }) {
  const [status, setStatus] = useState<ProvisioningStatus | null>(null);
  const [error, setError] = useState<BridgeError | null>(null);
  const [busy, setBusy] = useState(false);
  const [demo, setDemo] = useState<DemoInfo | null>(null);
  const [done, setDone] = useState(false);

  const refresh = () => bridge.getProvisioningStatus().then(setStatus);
  useEffect(() => {
    void refresh();
  }, []);

  const run = async <T,>(action: () => Promise<{ ok: true; value: T } | { ok: false; error: BridgeError }>) => {
    setBusy(true);
    setError(null);
    try {
      const result = await action();
      if (!result.ok) setError(result.error);
      await refresh();
      return result.ok ? result.value : null;
    } finally {
      setBusy(false);
    }
  };

  if (!status) return <Page>…</Page>;
  const unlocked = status.technicianUnlockedUntil !== null;

  return (
    <Page>
      <h1 style={{ margin: '0 0 4px' }}>通办 · 本机配置</h1>
      <p style={styles.en}>Tongban · Set up this machine</p>

      {(status.configProblems.length > 0 || status.previouslyEnrolled) && (
        <Section title={{ zh: '现有配置无法使用', en: 'The saved configuration cannot be used' }} tone="warning">
          {status.previouslyEnrolled && <Text text={PREVIOUSLY_ENROLLED_HINT} />}
          <ul>
            {status.configProblems.map((problem, i) => (
              <li key={i}>
                <Text text={problem} />
              </li>
            ))}
          </ul>
        </Section>
      )}

      {error && (
        <div role="alert" style={styles.error}>
          <Text text={error.message} />
        </div>
      )}

      {done || demo ? (
        <Section title={{ zh: '配置完成，正在打开…', en: 'Done; opening the app…' }}>
          {demo && (
            <>
              <p>
                演示站点 {demo.siteCode}。可用以下民警登录 / Demo site {demo.siteCode}. Sign in as:
              </p>
              <ul>
                {demo.officers.map((officer) => (
                  <li key={officer.id}>
                    {officer.name}（{officer.id}）PIN <code>{officer.pin}</code>
                  </li>
                ))}
              </ul>
            </>
          )}
        </Section>
      ) : (
        <>
          {status.demoAvailable && !status.provisioned && (
            <Section title={{ zh: '第一次使用？', en: 'New here?' }}>
              <p>
                试用演示：在本机启动内置的主岛服务器和演示数据，立即打开一个可用的窗口。
                <br />
                <span style={styles.en}>
                  Try the demo: starts the built-in hub with demo data on this machine and opens a working counter.
                </span>
              </p>
              <button
                style={styles.primary}
                disabled={busy}
                onClick={async () => setDemo(await run(() => bridge.startDemo()))}
              >
                试用演示 Try the demo
              </button>
            </Section>
          )}

          {!status.technicianPinSet ? (
            <PinForm
              title={{ zh: '设置技术人员 PIN', en: 'Choose the technician PIN' }}
              hint={{
                zh: '6 至 12 位数字。之后配置本机、修改设置或退出自助终端都需要此 PIN。',
                en: '6 to 12 digits. Needed from now on to provision this machine, change its settings or leave a kiosk.',
              }}
              busy={busy}
              onSubmit={(pin) => run(() => bridge.setTechnicianPin(pin))}
            />
          ) : !unlocked ? (
            <PinForm
              title={{ zh: '技术人员解锁', en: 'Technician unlock' }}
              busy={busy}
              onSubmit={(pin) => run(() => bridge.unlockTechnician(pin))}
            />
          ) : (
            <>
              <EnrolForm
                busy={busy}
                onSubmit={async (request) => {
                  if (await run(() => bridge.provision(request))) setDone(true);
                }}
              />
              {status.previouslyEnrolled && (
                <button style={styles.secondary} disabled={busy} onClick={() => void run(() => bridge.quitApp())}>
                  退出程序（修复 config.json 后重新启动） Quit the app (to repair config.json, then start it again)
                </button>
              )}
            </>
          )}
        </>
      )}
    </Page>
  );
}

function PinForm(props: {
  title: LocalizedText;
  hint?: LocalizedText;
  busy: boolean;
  onSubmit: (pin: string) => Promise<unknown>;
}) {
  const [pin, setPin] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await props.onSubmit(pin);
    setPin('');
  };
  return (
    <Section title={props.title}>
      {props.hint && <Text text={props.hint} />}
      <form onSubmit={submit} style={styles.form}>
        <Field label={{ zh: 'PIN', en: 'PIN' }}>
          <input
            type="password"
            inputMode="numeric"
            autoComplete="off"
            value={pin}
            onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))}
            maxLength={12}
            style={styles.input}
          />
        </Field>
        <button type="submit" style={styles.primary} disabled={props.busy || pin.length < 6}>
          确定 OK
        </button>
      </form>
    </Section>
  );
}

function EnrolForm(props: {
  busy: boolean;
  onSubmit: (request: {
    hubUrl: string;
    enrolmentCode: string;
    mode: ShellMode;
    counterNumber: number;
    language: Language;
  }) => Promise<void>;
}) {
  const [hubUrl, setHubUrl] = useState('https://');
  const [enrolmentCode, setCode] = useState('');
  const [mode, setMode] = useState<ShellMode>('counter');
  const [counterNumber, setCounter] = useState(1);
  const [language, setLanguage] = useState<Language>('zh-CN');
  return (
    <Section title={{ zh: '登记到主岛服务器', en: 'Enrol with the hub' }}>
      <Text
        text={{
          zh: '在主岛服务器上运行 npm run hub -- enroll --site <站点> --name <名称> 获取登记码（24 小时内有效，只能用一次）。',
          en: 'Get an enrolment code at the hub with npm run hub -- enroll --site <site> --name <name> (valid 24 hours, once).',
        }}
      />
      <form
        style={styles.form}
        onSubmit={(event) => {
          event.preventDefault();
          void props.onSubmit({
            hubUrl: hubUrl.trim(),
            enrolmentCode: enrolmentCode.trim(),
            mode,
            counterNumber,
            language,
          });
        }}
      >
        <Field label={{ zh: '主岛服务器地址', en: 'Hub URL' }}>
          <input value={hubUrl} onChange={(e) => setHubUrl(e.target.value)} style={styles.input} />
        </Field>
        <Field label={{ zh: '登记码', en: 'Enrolment code' }}>
          <input
            value={enrolmentCode}
            onChange={(e) => setCode(e.target.value.toUpperCase())}
            placeholder="ABCDE-FGHJK"
            style={styles.input}
          />
        </Field>
        <Field label={{ zh: '运行模式', en: 'Mode' }}>
          <select value={mode} onChange={(e) => setMode(e.target.value as ShellMode)} style={styles.input}>
            <option value="counter">窗口 Counter</option>
            <option value="kiosk">自助终端 Kiosk</option>
          </select>
        </Field>
        <Field label={{ zh: '窗口号', en: 'Counter number' }}>
          <input
            type="number"
            min={1}
            max={99}
            value={counterNumber}
            onChange={(e) => setCounter(Number(e.target.value))}
            style={styles.input}
          />
        </Field>
        <Field label={{ zh: '界面语言', en: 'Language' }}>
          <select value={language} onChange={(e) => setLanguage(e.target.value as Language)} style={styles.input}>
            <option value="zh-CN">中文</option>
            <option value="en">English</option>
          </select>
        </Field>
        <button type="submit" style={styles.primary} disabled={props.busy || !enrolmentCode}>
          登记 Enrol
        </button>
      </form>
    </Section>
  );
}

/** For the technician in front of a machine that was enrolled once and whose configuration broke. */
const PREVIOUSLY_ENROLLED_HINT: LocalizedText = {
  zh: '本机曾登记到主岛服务器，但配置文件 config.json 已损坏或缺失。本机的设备凭据仍保留，不会被演示覆盖。请技术人员输入 PIN 解锁后：在主岛服务器生成新的登记码重新登记（将替换原设备凭据，本机数据保留）；或退出程序、修复 config.json 后重新启动。',
  en: 'This machine was enrolled with a hub, but its config.json is damaged or missing. Its device token is still kept and the demo cannot overwrite it. A technician unlocks with the PIN, then either enrols again with a new code from the hub (this replaces the device token; local data is kept) or quits the app, repairs config.json and starts it again.',
};

const Text = ({ text }: { text: LocalizedText }) => (
  <p>
    {text.zh}
    <br />
    <span style={styles.en}>{text.en}</span>
  </p>
);

const Field = ({ label, children }: { label: LocalizedText; children: ReactNode }) => (
  <label style={{ display: 'grid', gap: 4 }}>
    <span>
      {label.zh} <span style={styles.en}>{label.en}</span>
    </span>
    {children}
  </label>
);

const Section = ({ title, tone, children }: { title: LocalizedText; tone?: 'warning'; children: ReactNode }) => (
  <section style={{ ...styles.section, ...(tone === 'warning' ? { borderColor: '#d97706' } : {}) }}>
    <h2 style={{ margin: '0 0 8px', fontSize: 20 }}>
      {title.zh} <span style={styles.en}>{title.en}</span>
    </h2>
    {children}
  </section>
);

const Page = ({ children }: { children: ReactNode }) => (
  <main
    style={{
      maxWidth: 720,
      margin: '40px auto',
      padding: '0 24px',
      fontFamily: '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif',
      color: '#1f2933',
    }}
  >
    {children}
  </main>
);

const styles = {
  en: { color: '#52606d', fontSize: '0.9em' },
  section: { border: '1px solid #cbd2d9', borderRadius: 8, padding: 16, margin: '16px 0' },
  form: { display: 'grid', gap: 12, maxWidth: 420 },
  input: { fontSize: 18, padding: '6px 8px' },
  primary: { fontSize: 18, padding: '8px 16px', cursor: 'pointer', justifySelf: 'start' },
  secondary: { fontSize: 16, padding: '6px 12px', cursor: 'pointer' },
  error: { background: '#fde8e8', border: '1px solid #e12d39', borderRadius: 8, padding: '4px 16px', margin: '16px 0' },
} satisfies Record<string, CSSProperties>;
