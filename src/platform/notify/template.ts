import type { Channel, ChannelContent, TemplateDefinition } from './notify.js';
import { smsLength, stripDiacritics } from './sms-text.js';

/** A programming error caught at send time: the template cannot be filled from the params given. */
export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

export type Params = Record<string, string | number>;

const PLACEHOLDER = /\(\(([A-Za-z][A-Za-z0-9_]*)\)\)/g;

/** Replaces every `((name))`; any name without a value is an error, so "((code))" is never sent. */
export function fill(
  text: string,
  params: Params,
  templateId: string,
  escapeValue: (value: string) => string = (v) => v,
): string {
  const missing = new Set<string>();
  const out = text.replace(PLACEHOLDER, (_all, name: string) => {
    const value = params[name];
    if (value === undefined || value === null) {
      missing.add(name);
      return '';
    }
    return escapeValue(String(value).normalize('NFC'));
  });
  if (missing.size) {
    throw new TemplateError(
      `notify: template "${templateId}" needs ${[...missing].map((n) => `((${n}))`).join(', ')}`,
    );
  }
  return out;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export type Rendered =
  | { channel: 'sms'; body: string }
  | { channel: 'zalo'; templateId: string; templateData: Record<string, string> }
  | { channel: 'email'; subject: string; text: string; html: string }
  | { channel: 'inapp'; title: string; body: string };

export interface RenderOptions {
  /** Brandname SMS without Vietnamese diacritics (GSM-7). */
  stripSmsDiacritics: boolean;
}

/** Renders one channel of a template; undefined when the template has no content for it. */
export function renderChannel(
  template: TemplateDefinition,
  content: ChannelContent,
  channel: Channel,
  params: Params,
  options: RenderOptions,
): Rendered | undefined {
  const id = template.id;
  switch (channel) {
    case 'sms': {
      if (content.sms === undefined) return undefined;
      const body = fill(content.sms, params, id);
      return { channel, body: options.stripSmsDiacritics ? stripDiacritics(body) : body };
    }
    case 'zalo': {
      if (!content.zalo) return undefined;
      const { templateId, params: fields } = content.zalo;
      const templateData: Record<string, string> = {};
      if (Array.isArray(fields)) {
        for (const name of fields) templateData[name] = fill(`((${name}))`, params, id);
      } else {
        for (const [name, text] of Object.entries(fields)) templateData[name] = fill(text, params, id);
      }
      return { channel, templateId, templateData };
    }
    case 'email': {
      if (!content.email) return undefined;
      const { subject, text, html } = content.email;
      const filledText = fill(text, params, id);
      return {
        channel,
        subject: fill(subject, params, id).replace(/[\r\n]+/g, ' '),
        text: filledText,
        html: html ? fill(html, params, id, escapeHtml) : htmlFromText(filledText),
      };
    }
    case 'inapp': {
      if (!content.inapp) return undefined;
      return {
        channel,
        title: fill(content.inapp.title, params, id),
        body: fill(content.inapp.body, params, id),
      };
    }
  }
}

function htmlFromText(text: string): string {
  const paragraphs = text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
  return `<!doctype html><html lang="vi"><meta charset="utf-8"><body>${paragraphs}</body></html>`;
}

export function zaloPreview(templateId: string, data: Record<string, string>): string {
  const fields = Object.entries(data).map(([k, v]) => `${k}: ${v}`);
  return [`[ZNS ${templateId}]`, ...fields].join('\n');
}

export { smsLength };

/** Every placeholder name a template uses, to check a definition when it is registered. */
export function placeholdersOf(content: ChannelContent): string[] {
  const texts: string[] = [];
  if (content.sms) texts.push(content.sms);
  if (content.email) texts.push(content.email.subject, content.email.text, content.email.html ?? '');
  if (content.inapp) texts.push(content.inapp.title, content.inapp.body);
  if (content.zalo) {
    const f = content.zalo.params;
    texts.push(...(Array.isArray(f) ? f.map((n) => `((${n}))`) : Object.values(f)));
  }
  return [...new Set(texts.flatMap((t) => [...t.matchAll(PLACEHOLDER)].map((m) => m[1]!)))];
}
