// The admin page of what WeChat delivered: per user, each subscription message as the phone would
// show it (template title, time, fields, the page it opens). Plain server-rendered HTML, no script.
import type { SentMessage, TemplateSpec } from './index';

const esc = (s: unknown) =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** China time (UTC+8), whatever the server's zone. */
function cnTime(d: Date | string): string {
  const t = new Date(new Date(d).getTime() + 8 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${t.getUTCFullYear()}-${p(t.getUTCMonth() + 1)}-${p(t.getUTCDate())} ${p(t.getUTCHours())}:${p(t.getUTCMinutes())}:${p(t.getUTCSeconds())}`;
}

export function renderMessagesPage(messages: SentMessage[], templates: readonly TemplateSpec[], opts: { touser?: string | null; limit: number }): string {
  const byUser = new Map<string, SentMessage[]>();
  for (const m of messages) byUser.set(m.touser, [...(byUser.get(m.touser) ?? []), m]);
  const title = (id: string) => templates.find((t) => t.id === id)?.title ?? '未知模板';
  const card = (m: SentMessage) => `
      <article class="msg">
        <header><strong>${esc(title(m.templateId))}</strong><span class="tpl">${esc(m.templateId)}</span><time>${esc(cnTime(m.sentAt))}</time></header>
        <dl>${Object.entries(m.data ?? {}).map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v?.value)}</dd>`).join('')}</dl>
        <p class="page">跳转页面：<code>${esc(m.page || '（无）')}</code></p>
      </article>`;
  const users = [...byUser.entries()].map(([touser, list]) => `
    <section>
      <h2>用户 <code>${esc(touser)}</code> <small>共 ${list.length} 条</small> <a href="?touser=${encodeURIComponent(touser)}">只看此用户</a></h2>
      ${list.map(card).join('')}
    </section>`);
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>微信订阅消息 · 已送达</title>
<style>
  body { font: 14px/1.6 system-ui, "PingFang SC", "Noto Sans SC", sans-serif; margin: 0 auto; max-width: 860px; padding: 16px; color: #222; background: #f6f7f9; }
  h1 { font-size: 20px; } h2 { font-size: 16px; margin: 24px 0 8px; } small { color: #888; font-weight: normal; }
  .msg { background: #fff; border-radius: 8px; padding: 10px 14px; margin: 8px 0; box-shadow: 0 1px 2px rgba(0,0,0,.06); }
  .msg header { display: flex; gap: 10px; align-items: baseline; flex-wrap: wrap; } .tpl { color: #999; font-size: 12px; } time { margin-left: auto; color: #666; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 8px 0; } dt { color: #888; } dd { margin: 0; }
  .page { color: #555; margin: 0; } .empty { color: #888; }
</style>
</head>
<body>
<h1>微信订阅消息 · 已送达</h1>
<p>模拟器代替微信记录的每一条订阅消息（最新在前，最多 ${opts.limit} 条）。${opts.touser ? `当前只看用户 <code>${esc(opts.touser)}</code>，<a href="?">查看全部</a>。` : ''}</p>
${users.length ? users.join('') : '<p class="empty">还没有送达的订阅消息。</p>'}
</body>
</html>`;
}
