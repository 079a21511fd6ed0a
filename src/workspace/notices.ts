/** The workspace's notice list: one paragraph per sentence, optionally with a button or a link to act on it. */
export type NoticeKind = 'info' | 'warn' | 'error';
export type NoticeAction = { label: string; run(): void } | { label: string; href: string };
export type Notify = (text: string, kind?: NoticeKind, action?: NoticeAction) => void;

export function createNotices(list: HTMLElement): Notify {
  const doc = list.ownerDocument;
  return (text, kind = 'info', action) => {
    const p = doc.createElement('p');
    p.className = `ws-notice ws-notice-${kind}`;
    p.textContent = text;
    if (action) {
      const control = 'href' in action ? Object.assign(doc.createElement('a'), { href: action.href }) : doc.createElement('button');
      control.textContent = action.label;
      if ('run' in action) control.addEventListener('click', action.run);
      p.append(' ', control);
    }
    list.append(p);
  };
}
