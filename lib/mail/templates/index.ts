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

/** What the order e-mails show of an order: enough to recognise it, nothing the customer did not send. */
const orderSummary = {
  username: z.string().min(1).max(100),
  orderId: z.int().positive(),
  destination: z.string().length(2),
  weightKg: z.number().positive(),
  totalCents: z.int().nonnegative(),
  currency: z.string().length(3),
};

const orderConfirmation = z.object({ template: z.literal("order-confirmation"), ...orderSummary });

const orderShipped = z.object({
  template: z.literal("order-shipped"),
  ...orderSummary,
  trackingNumber: z.string().min(1).max(100),
});

export const mailMessageSchema = z.discriminatedUnion("template", [welcome, passwordChanged, orderConfirmation, orderShipped]);
export type MailMessage = z.infer<typeof mailMessageSchema>;

export interface RenderContext {
  /** Origin the links point at (APP_URL). */
  appUrl: string;
}

function formatMoney(cents: number, currency: string): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency }).format(cents / 100);
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
    case "order-confirmation":
      return layout({
        appUrl,
        subject: `Order #${message.orderId} is paid`,
        greeting: `Hello ${message.username},`,
        paragraphs: [
          `We have received the payment for your order #${message.orderId}: ${message.weightKg} kg to ${message.destination}, ${formatMoney(message.totalCents, message.currency)} in total.`,
          "We will e-mail you again with the tracking number as soon as the parcel is on its way.",
        ],
        action: { label: "See the order", url: `${appUrl}/orders/${message.orderId}` },
        reason: "You received this e-mail because an order of your Keel account was marked paid.",
      });
    case "order-shipped":
      return layout({
        appUrl,
        subject: `Order #${message.orderId} has shipped`,
        greeting: `Hello ${message.username},`,
        paragraphs: [
          `Your order #${message.orderId} (${message.weightKg} kg to ${message.destination}) is on its way.`,
          `Tracking number: ${message.trackingNumber}`,
        ],
        action: { label: "See the order", url: `${appUrl}/orders/${message.orderId}` },
        reason: "You received this e-mail because an order of your Keel account was shipped.",
      });
  }
}
