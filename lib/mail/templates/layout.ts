/**
 * The one frame every Keel e-mail is written in: a text part and an HTML part saying the same thing,
 * who sent it (Keel, at the app's address) and why the recipient got it. Templates pass plain text;
 * everything is escaped here, so a username can never inject markup into a message.
 */
export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

export interface LayoutInput {
  subject: string;
  greeting: string;
  paragraphs: string[];
  /** One button/link; in the text part it is printed as the bare URL. */
  action?: { label: string; url: string };
  /** Why the recipient got this e-mail (shown at the bottom of both parts). */
  reason: string;
  appUrl: string;
}

export const APP_NAME = "Keel";

export function escapeHtml(value: string): string {
  return value
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

export function layout(input: LayoutInput): MailContent {
  const footer = `${input.reason}\nThis message was sent by ${APP_NAME} (${input.appUrl}).`;
  const text = [
    input.greeting,
    "",
    ...input.paragraphs.flatMap((p) => [p, ""]),
    ...(input.action ? [`${input.action.label}: ${input.action.url}`, ""] : []),
    "--",
    footer,
    "",
  ].join("\n");

  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(input.subject)}</title></head>
<body style="margin:0;padding:24px;background:#f6f7f9;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1f2933">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center">
<table role="presentation" width="560" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px;padding:32px">
<tr><td>
<p style="margin:0 0 24px;font-weight:700;font-size:18px">${APP_NAME}</p>
<p style="margin:0 0 16px">${escapeHtml(input.greeting)}</p>
${input.paragraphs.map((p) => `<p style="margin:0 0 16px;line-height:1.5">${escapeHtml(p)}</p>`).join("\n")}
${
  input.action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(input.action.url)}" style="display:inline-block;background:#1f2933;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:6px">${escapeHtml(input.action.label)}</a></p>
<p style="margin:0 0 16px;font-size:13px;color:#52606d">Or open this address: <a href="${escapeHtml(input.action.url)}">${escapeHtml(input.action.url)}</a></p>`
    : ""
}
<hr style="border:none;border-top:1px solid #e4e7eb;margin:24px 0">
<p style="margin:0;font-size:13px;color:#52606d;line-height:1.5">${escapeHtml(input.reason)}<br>This message was sent by ${APP_NAME} (<a href="${escapeHtml(input.appUrl)}">${escapeHtml(input.appUrl)}</a>).</p>
</td></tr></table>
</td></tr></table>
</body>
</html>
`;
  return { subject: input.subject, text, html };
}
