/**
 * An error or notice that exists in both languages: Chinese first, then English, whatever the UI language, so an
 * officer and a technician on the phone read the same words.
 */
export function Bilingual({ message, className }: { message: { zh: string; en: string }; className?: string }) {
  return (
    <span className={className}>
      <span lang="zh-CN">{message.zh}</span> <span lang="en">{message.en}</span>
    </span>
  );
}
