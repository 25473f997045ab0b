/**
 * Every e-mail Keel sends, in one place. A message is data (`{ template, ...params }`, validated by
 * `mailMessageSchema`, carried by the send-email job) and is rendered only when the job runs.
 * Messages carry no secret except the one-time link a template exists for.
 */
import { z } from "zod";
import { layout, type MailContent } from "./layout";

const welcome = z.object({
  template: z.literal("welcome"),
  username: z.string().min(1).max(100),
});

const passwordChanged = z.object({
  template: z.literal("password-changed"),
  username: z.string().min(1).max(100),
  /** When the change happened (ISO 8601), shown in the notice. */
  at: z.iso.datetime(),
});

export const mailMessageSchema = z.discriminatedUnion("template", [welcome, passwordChanged]);
export type MailMessage = z.infer<typeof mailMessageSchema>;

export interface RenderContext {
  /** Origin the links point at (APP_URL). */
  appUrl: string;
}

function formatUtc(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export function renderMessage(message: MailMessage, { appUrl }: RenderContext): MailContent {
  switch (message.template) {
    case "welcome":
      return layout({
        appUrl,
        subject: "Welcome to Keel",
        greeting: `Hello ${message.username},`,
        paragraphs: [
          "Your Keel account is ready. You can sign in with your username or this e-mail address and the password you chose.",
        ],
        action: { label: "Sign in to Keel", url: `${appUrl}/signin` },
        reason: "You received this e-mail because an account was created with this address. If that was not you, you can ignore it.",
      });
    case "password-changed":
      return layout({
        appUrl,
        subject: "Your Keel password was changed",
        greeting: `Hello ${message.username},`,
        paragraphs: [
          `The password of your Keel account was changed on ${formatUtc(message.at)}. Every device that was signed in has been signed out.`,
          "If you made this change, there is nothing else to do. If you did not, someone else knows your password: reset it at once and contact the administrators.",
        ],
        action: { label: "Sign in to Keel", url: `${appUrl}/signin` },
        reason: "You received this security notice because the password of the Keel account with this address was changed.",
      });
  }
}
